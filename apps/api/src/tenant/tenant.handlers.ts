import { CommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { type CommandOutcome, runCommand } from '#libs/application';
import { CreateTenant, DeleteTenant, type TenantCommand, tenantDecider, UpdateTenant } from '#libs/domain/tenant';
import { EventStore } from '#libs/event-store';
import { type ListPage, queryList } from '#libs/read-models/list-query';
import { ListTenants, type TenantRow, tenantList } from '#libs/read-models/tenant';
import { DATABASE_POOL } from '../tokens.js';

/** Every tenant command runs the same way: load the tenant's stream, decide, append. */
@Injectable()
abstract class TenantCommandHandler<Command extends TenantCommand> {
  constructor(private readonly store: EventStore) {}

  execute(command: Command): Promise<CommandOutcome> {
    return runCommand(this.store, tenantDecider, command);
  }
}

@CommandHandler(CreateTenant)
export class CreateTenantHandler extends TenantCommandHandler<CreateTenant> {}

@CommandHandler(UpdateTenant)
export class UpdateTenantHandler extends TenantCommandHandler<UpdateTenant> {}

@CommandHandler(DeleteTenant)
export class DeleteTenantHandler extends TenantCommandHandler<DeleteTenant> {}

@QueryHandler(ListTenants)
export class ListTenantsHandler implements IQueryHandler<ListTenants, ListPage<TenantRow>> {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  execute({ request }: ListTenants): Promise<ListPage<TenantRow>> {
    return queryList(this.pool, tenantList, request);
  }
}
