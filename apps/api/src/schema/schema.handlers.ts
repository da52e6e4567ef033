import { CommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { type CommandOutcome, runCommandAcross } from '#libs/application';
import { BindSchema, CreateSchema, DeleteSchema, type SchemaCommand, schemaInTenant, UnbindSchema } from '#libs/domain/schema';
import { EventStore } from '#libs/event-store';
import { type ListPage, queryList } from '#libs/read-models/list-query';
import {
  type DashboardBindingRow,
  dashboardBindingRows,
  ListSchemaBindings,
  ListSchemaBindingsForDashboard,
  ListSchemas,
  type SchemaBindingRow,
  schemaBindingList,
  schemaList,
  type SchemaRow,
} from '#libs/read-models/schema';
import { DATABASE_POOL } from '../tokens.js';

/** Every schema and binding command: the schema's stream, and the tenant's for a create or a bind (it must exist). */
@Injectable()
abstract class SchemaCommandHandler<Command extends SchemaCommand> {
  constructor(private readonly store: EventStore) {}

  execute(command: Command): Promise<CommandOutcome> {
    return runCommandAcross(this.store, schemaInTenant, command);
  }
}

@CommandHandler(CreateSchema)
export class CreateSchemaHandler extends SchemaCommandHandler<CreateSchema> {}

@CommandHandler(DeleteSchema)
export class DeleteSchemaHandler extends SchemaCommandHandler<DeleteSchema> {}

@CommandHandler(BindSchema)
export class BindSchemaHandler extends SchemaCommandHandler<BindSchema> {}

@CommandHandler(UnbindSchema)
export class UnbindSchemaHandler extends SchemaCommandHandler<UnbindSchema> {}

@QueryHandler(ListSchemas)
export class ListSchemasHandler implements IQueryHandler<ListSchemas, ListPage<SchemaRow>> {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  execute({ request }: ListSchemas): Promise<ListPage<SchemaRow>> {
    return queryList(this.pool, schemaList, request);
  }
}

@QueryHandler(ListSchemaBindings)
export class ListSchemaBindingsHandler implements IQueryHandler<ListSchemaBindings, ListPage<SchemaBindingRow>> {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  execute({ request }: ListSchemaBindings): Promise<ListPage<SchemaBindingRow>> {
    return queryList(this.pool, schemaBindingList, request);
  }
}

/** `total_count` counts the rows (0-2), as the real server does. */
@QueryHandler(ListSchemaBindingsForDashboard)
export class ListSchemaBindingsForDashboardHandler implements IQueryHandler<ListSchemaBindingsForDashboard, ListPage<DashboardBindingRow>> {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  async execute(query: ListSchemaBindingsForDashboard): Promise<ListPage<DashboardBindingRow>> {
    const rows = await dashboardBindingRows(this.pool, query);
    return { data: rows, total_count: rows.length };
  }
}
