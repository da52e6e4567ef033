import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { type ConfigType, SetClusterConfig } from '#libs/domain/cluster-config';
import { InvalidInputError } from '#libs/domain/shared';
import { type ListSpec, toListRequest } from '#libs/read-models/list-query';
import { ConfigGetQueryDto, ConfigHistoryQueryDto, ConfigRollbackDto, ConfigSetDto } from './cluster-config.dto.js';
import { GetClusterConfig, ListConfigHistory, RollbackToVersion } from './cluster-config.handlers.js';
import { CommandEndpoint, ListEndpoint, ReadEndpoint } from '../openapi/endpoints.js';
import { BROKER_CONFIG, CONFIG_HISTORY_ROW } from './cluster-config.schemas.js';

/** History pages like every list; its one order is by version (newest first unless sort_by=asc). */
const HISTORY_PAGING: ListSpec<unknown> = {
  table: 'events',
  sortable: { version: 'stream_version' },
  filters: {},
  naturalOrder: ['stream_version'],
  toRow: (row) => row,
};

@Controller('api/cluster/config')
export class ClusterConfigController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('get')
  @ReadEndpoint('The whole BrokerConfig: now, or as it was at a version or a time (404: a version past the newest)', BROKER_CONFIG, [404])
  get(@Query() query: ConfigGetQueryDto) {
    if (query.version !== undefined && query.at !== undefined) throw new InvalidInputError(['version, at: give one of them, not both']);
    const asOf =
      query.version !== undefined ? { version: Number(query.version) } : query.at !== undefined ? { at: Number(query.at) } : undefined;
    return this.queries.execute(new GetClusterConfig(asOf));
  }

  @Post('set')
  @CommandEndpoint('Replace one dynamic section of the configuration')
  @HttpCode(200)
  set(@Body() body: ConfigSetDto) {
    return this.commands.execute(new SetClusterConfig(body.config_type, body.config));
  }

  @Get('history')
  @ListEndpoint('Every configuration change, newest first', CONFIG_HISTORY_ROW)
  history(@Query() query: ConfigHistoryQueryDto) {
    const page = toListRequest(HISTORY_PAGING, { ...query, sort_field: query.sort_by === undefined ? undefined : 'version' });
    return this.queries.execute(new ListConfigHistory(query.config_type as ConfigType | undefined, page));
  }

  @Post('rollback')
  @CommandEndpoint('Make the configuration of a version current again, as new events', [404])
  @HttpCode(200)
  rollback(@Body() body: ConfigRollbackDto) {
    return this.commands.execute(new RollbackToVersion(body.version, (body.config_type ?? undefined) as ConfigType | undefined));
  }
}
