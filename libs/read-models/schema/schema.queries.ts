import type { Queryable } from '#libs/event-store';
import { type ListSpec, MAX_LIMIT } from '../list-query/index.js';

/** A schema list row as RobustMQ's: `name`, while create and delete say `schema_name`; plus create_time. */
export interface SchemaRow {
  tenant: string;
  name: string;
  schema_type: string;
  desc: string;
  schema: string;
  create_time: number;
}

export const schemaList: ListSpec<SchemaRow> = {
  table: 'rm_schemas',
  sortable: { tenant: 'tenant', name: 'schema_name', schema_type: 'schema_type' },
  filters: {
    tenant: { column: 'tenant_folded', match: 'fuzzy' },
    name: { column: 'schema_name_folded', match: 'fuzzy' },
  },
  naturalOrder: ['tenant', 'schema_name'],
  tenantColumn: 'tenant',
  toRow: (record) => ({
    tenant: record.tenant as string,
    name: record.schema_name as string,
    schema_type: record.schema_type as string,
    desc: record.description as string,
    schema: record.schema as string,
    create_time: Number(record.create_time),
  }),
};

export interface SchemaBindingRow {
  tenant: string;
  schema_name: string;
  resource_name: string;
  create_time: number;
}

export const schemaBindingList: ListSpec<SchemaBindingRow> = {
  table: 'rm_schema_bindings',
  sortable: { schema_name: 'schema_name', resource_name: 'resource_name' },
  filters: {
    tenant: { column: 'tenant', match: 'exact' },
    schema_name: { column: 'schema_name', match: 'exact' },
    resource_name: { column: 'resource_name', match: 'exact' },
  },
  naturalOrder: ['tenant', 'schema_name', 'resource_name'],
  tenantColumn: 'tenant',
  toRow: (record) => ({
    tenant: record.tenant as string,
    schema_name: record.schema_name as string,
    resource_name: record.resource_name as string,
    create_time: Number(record.create_time),
  }),
};

/** A row of the RobustMQ dashboard's binding list: the names bound to one resource, or to one schema. */
export type DashboardBindingRow = { data_type: 'resource' | 'schema'; data: string[] };

export class ListSchemaBindingsForDashboard {
  constructor(
    readonly tenant: string,
    readonly resourceName: string | undefined,
    readonly schemaName: string | undefined,
  ) {}
}

/**
 * The real server's shape (API-CONTRACT §2): one row with the schemas bound to `resourceName`, one with
 * the resources bound to `schemaName`, for those given; each holds at most MAX_LIMIT names.
 */
export async function dashboardBindingRows(db: Queryable, query: ListSchemaBindingsForDashboard): Promise<DashboardBindingRow[]> {
  const rows: DashboardBindingRow[] = [];
  if (query.resourceName !== undefined) {
    const { rows: found } = await db.query<{ schema_name: string }>(
      `SELECT schema_name FROM rm_schema_bindings WHERE tenant = $1 AND resource_name = $2 ORDER BY schema_name LIMIT ${MAX_LIMIT}`,
      [query.tenant, query.resourceName],
    );
    rows.push({ data_type: 'resource', data: found.map((row) => row.schema_name) });
  }
  if (query.schemaName !== undefined) {
    const { rows: found } = await db.query<{ resource_name: string }>(
      `SELECT resource_name FROM rm_schema_bindings WHERE tenant = $1 AND schema_name = $2 ORDER BY resource_name LIMIT ${MAX_LIMIT}`,
      [query.tenant, query.schemaName],
    );
    rows.push({ data_type: 'schema', data: found.map((row) => row.resource_name) });
  }
  return rows;
}
