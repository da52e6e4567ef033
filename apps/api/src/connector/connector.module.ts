import { Module } from '@nestjs/common';
import { connectorInTenant, CreateConnector, DeleteConnector } from '#libs/domain/connector';
import { withinTenantCommandHandlers } from '../tenant-resource/tenant-resource.handlers.js';
import { ConnectorController } from './connector.controller.js';
import { GetConnectorHandler } from './connector.handlers.js';

@Module({
  controllers: [ConnectorController],
  providers: [...withinTenantCommandHandlers(connectorInTenant, [CreateConnector, DeleteConnector]), GetConnectorHandler],
})
export class ConnectorModule {}
