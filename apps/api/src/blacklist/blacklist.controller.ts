import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CreateBlacklist, DeleteBlacklist } from '#libs/domain/blacklist';
import { blacklistList } from '#libs/read-models/blacklist';
import { toListRequest } from '#libs/read-models/list-query';
import { TenantResourceKeyDto } from '../tenant-resource/tenant-resource.dto.js';
import { ListRows } from '../tenant-resource/tenant-resource.handlers.js';
import { BlacklistListQueryDto, BlacklistRow, CreateBlacklistDto } from './blacklist.dto.js';
import { CommandEndpoint, ListEndpoint } from '../openapi/endpoints.js';

/** The API document's path, plus the alias the RobustMQ dashboard uses (API-CONTRACT §2). */
@Controller(['api/cluster/blacklist', 'api/mqtt/blacklist'])
export class BlacklistController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('list')
  @ListEndpoint('List blacklist entries', BlacklistRow)
  list(@Query() query: BlacklistListQueryDto) {
    return this.queries.execute(new ListRows(blacklistList, toListRequest(blacklistList, query)));
  }

  @Post('create')
  @CommandEndpoint('Create a blacklist entry in an existing tenant', [404])
  @HttpCode(200)
  create(@Body() body: CreateBlacklistDto) {
    const { blacklist_type, resource_name, end_time } = body;
    return this.commands.execute(
      new CreateBlacklist(body.tenant, body.name, { blacklist_type, resource_name, end_time, desc: body.desc ?? '' }),
    );
  }

  @Post('delete')
  @CommandEndpoint('Delete a blacklist entry', [404])
  @HttpCode(200)
  delete(@Body() body: TenantResourceKeyDto) {
    return this.commands.execute(new DeleteBlacklist(body.tenant, body.name));
  }
}
