import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CreateConnector, DeleteConnector } from '#libs/domain/connector';
import { connectorList, GetConnector } from '#libs/read-models/connector';
import { toListRequest } from '#libs/read-models/list-query';
import { presentFields } from '../http/validators.js';
import { ListRows } from '../tenant-resource/tenant-resource.handlers.js';
import { ConnectorDetailRow, ConnectorIdentityDto, ConnectorListQueryDto, ConnectorRow, CreateConnectorDto } from './connector.dto.js';
import { CommandEndpoint, ListEndpoint, ReadEndpoint } from '../openapi/endpoints.js';

/** The API document's path, plus the alias the RobustMQ dashboard uses. */
@Controller(['api/cluster/connector', 'api/mqtt/connector'])
export class ConnectorController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('list')
  @ListEndpoint('List connectors', ConnectorRow)
  list(@Query() query: ConnectorListQueryDto) {
    return this.queries.execute(new ListRows(connectorList, toListRequest(connectorList, query)));
  }

  @Get('detail')
  @ReadEndpoint('A connector, and what brokers report about it', ConnectorDetailRow, [404])
  detail(@Query() query: ConnectorIdentityDto) {
    return this.queries.execute(new GetConnector(query.tenant, query.connector_name));
  }

  @Post('create')
  @CommandEndpoint('Create a connector in an existing tenant', [404])
  @HttpCode(200)
  create(@Body() body: CreateConnectorDto) {
    const now = Math.floor(Date.now() / 1000);
    const failureStrategy = { ...presentFields(body.failure_strategy), strategy: body.failure_strategy.strategy };
    return this.commands.execute(
      new CreateConnector(body.tenant, body.connector_name, body.connector_type, body.config, body.topic_name, failureStrategy, now),
    );
  }

  @Post('delete')
  @CommandEndpoint('Delete a connector', [404])
  @HttpCode(200)
  delete(@Body() body: ConnectorIdentityDto) {
    return this.commands.execute(new DeleteConnector(body.tenant, body.connector_name));
  }
}
