import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CreateConnector, DeleteConnector } from '#libs/domain/connector';
import { connectorList, GetConnector } from '#libs/read-models/connector';
import { toListRequest } from '#libs/read-models/list-query';
import { presentFields } from '../http/validators.js';
import { ListRows } from '../tenant-resource/tenant-resource.handlers.js';
import { ConnectorIdentityDto, ConnectorListQueryDto, CreateConnectorDto } from './connector.dto.js';

/** The API document's path, plus the alias the RobustMQ dashboard uses. */
@Controller(['api/cluster/connector', 'api/mqtt/connector'])
export class ConnectorController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('list')
  list(@Query() query: ConnectorListQueryDto) {
    return this.queries.execute(new ListRows(connectorList, toListRequest(connectorList, query)));
  }

  @Get('detail')
  detail(@Query() query: ConnectorIdentityDto) {
    return this.queries.execute(new GetConnector(query.tenant, query.connector_name));
  }

  @Post('create')
  @HttpCode(200)
  create(@Body() body: CreateConnectorDto) {
    const now = Math.floor(Date.now() / 1000);
    const failureStrategy = { ...presentFields(body.failure_strategy), strategy: body.failure_strategy.strategy };
    return this.commands.execute(
      new CreateConnector(body.tenant, body.connector_name, body.connector_type, body.config, body.topic_name, failureStrategy, now),
    );
  }

  @Post('delete')
  @HttpCode(200)
  delete(@Body() body: ConnectorIdentityDto) {
    return this.commands.execute(new DeleteConnector(body.tenant, body.connector_name));
  }
}
