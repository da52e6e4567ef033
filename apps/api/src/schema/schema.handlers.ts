import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import type { ListPage } from '#libs/read-models/list-query';
import { type DashboardBindingRow, dashboardBindingRows, ListSchemaBindingsForDashboard } from '#libs/read-models/schema';
import { DATABASE_POOL } from '../tokens.js';

/** `total_count` counts the rows (0-2), as the real server does. */
@QueryHandler(ListSchemaBindingsForDashboard)
export class ListSchemaBindingsForDashboardHandler implements IQueryHandler<ListSchemaBindingsForDashboard, ListPage<DashboardBindingRow>> {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  async execute(query: ListSchemaBindingsForDashboard): Promise<ListPage<DashboardBindingRow>> {
    const rows = await dashboardBindingRows(this.pool, query);
    return { data: rows, total_count: rows.length };
  }
}
