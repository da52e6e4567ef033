import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CreateAcl, DeleteAcl } from '#libs/domain/acl';
import { aclList } from '#libs/read-models/acl';
import { toListRequest } from '#libs/read-models/list-query';
import { TenantResourceKeyDto } from '../tenant-resource/tenant-resource.dto.js';
import { ListRows } from '../tenant-resource/tenant-resource.handlers.js';
import { AclListQueryDto, AclRow, CreateAclDto } from './acl.dto.js';
import { CommandEndpoint, ListEndpoint } from '../openapi/endpoints.js';

/** The API document's path, plus the alias the RobustMQ dashboard uses (API-CONTRACT §2). */
@Controller(['api/cluster/acl', 'api/mqtt/acl'])
export class AclController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('list')
  @ListEndpoint('List ACL rules', AclRow)
  list(@Query() query: AclListQueryDto) {
    return this.queries.execute(new ListRows(aclList, toListRequest(aclList, query)));
  }

  @Post('create')
  @CommandEndpoint('Create an ACL rule in an existing tenant', [404])
  @HttpCode(200)
  create(@Body() body: CreateAclDto) {
    const { resource_type, resource_name, topic, action, permission } = body;
    const rule = { desc: body.desc ?? '', resource_type, resource_name, topic, ip: body.ip ?? '', action, permission };
    return this.commands.execute(new CreateAcl(body.tenant, body.name, rule));
  }

  @Post('delete')
  @CommandEndpoint('Delete an ACL rule', [404])
  @HttpCode(200)
  delete(@Body() body: TenantResourceKeyDto) {
    return this.commands.execute(new DeleteAcl(body.tenant, body.name));
  }
}
