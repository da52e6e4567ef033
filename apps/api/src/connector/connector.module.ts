import { Module } from '@nestjs/common';
import { ConnectorController } from './connector.controller.js';
import { CreateConnectorHandler, DeleteConnectorHandler, GetConnectorHandler, ListConnectorsHandler } from './connector.handlers.js';

@Module({
  controllers: [ConnectorController],
  providers: [CreateConnectorHandler, DeleteConnectorHandler, ListConnectorsHandler, GetConnectorHandler],
})
export class ConnectorModule {}
