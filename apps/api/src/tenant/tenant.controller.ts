import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CreateTenant, DeleteTenant, UpdateTenant } from '#libs/domain/tenant';
import { toListRequest } from '#libs/read-models/list-query';
import { ListTenants, tenantList } from '#libs/read-models/tenant';
import { presentFields } from '../http/validators.js';
import { DeleteTenantDto, TenantBodyDto, TenantListQueryDto, TenantRow } from './tenant.dto.js';
import { CommandEndpoint, ListEndpoint } from '../openapi/endpoints.js';

/** The API document's path, plus the aliases the RobustMQ dashboard and older scripts use. */
@Controller(['api/cluster/tenant', 'api/tenant', 'api/mqtt/tenant'])
export class TenantController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('list')
  @ListEndpoint('List tenants', TenantRow)
  list(@Query() query: TenantListQueryDto) {
    return this.queries.execute(new ListTenants(toListRequest(tenantList, query)));
  }

  @Post('create')
  @CommandEndpoint('Create a tenant')
  @HttpCode(200)
  create(@Body() body: TenantBodyDto) {
    const now = Math.floor(Date.now() / 1000);
    return this.commands.execute(new CreateTenant(body.tenant_name, body.desc ?? undefined, presentFields(body.config), now));
  }

  @Post('update')
  @CommandEndpoint('Update a tenant: an omitted desc or config field keeps its value', [404])
  @HttpCode(200)
  update(@Body() body: TenantBodyDto) {
    return this.commands.execute(new UpdateTenant(body.tenant_name, body.desc ?? undefined, presentFields(body.config)));
  }

  @Post('delete')
  @CommandEndpoint('Delete a tenant (not default); its resources stay', [404])
  @HttpCode(200)
  delete(@Body() body: DeleteTenantDto) {
    return this.commands.execute(new DeleteTenant(body.tenant_name));
  }
}
