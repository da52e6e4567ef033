import type { RecordedEvent } from '#libs/event-store';
import { lastPerKey, type ProjectionHandlers, setBased } from '../projection/index.js';

type Identity = { tenant: string; name: string };

/** A column of a resource's table besides its key (tenant, name): its SQL type, and its value from the created event's data. */
export interface ResourceColumn<Data> {
  type: 'text' | 'bigint';
  from(data: Data): string | number;
}

export interface TenantResourceTable<Data extends Identity> {
  /** The read-model table, keyed by (tenant, name). */
  table: string;
  createdType: string;
  deletedType: string;
  columns: Readonly<Record<string, ResourceColumn<Data>>>;
}

const byIdentity = (data: Identity) => JSON.stringify([data.tenant, data.name]);

/**
 * The projection of a resource that is only created and deleted (ACL rules, blacklist entries): a run of
 * creates is one INSERT of a JSON array of rows, a run of deletes one DELETE, the last event of a key
 * winning. A create on an existing key overwrites it, so applying an event again changes nothing.
 * Table and column names come from code, never from input.
 */
export function tenantResourceProjection<Data extends Identity>({
  table,
  createdType,
  deletedType,
  columns,
}: TenantResourceTable<Data>): ProjectionHandlers {
  const names = Object.keys(columns);
  const recordType = ['tenant text', 'name text', ...names.map((column) => `${column} ${columns[column]!.type}`)].join(', ');
  const insert = `INSERT INTO ${table} (tenant, name, ${names.join(', ')})
    SELECT tenant, name, ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType})
    ON CONFLICT (tenant, name) DO UPDATE SET ${names.map((column) => `${column} = excluded.${column}`).join(', ')}`;
  const remove = `DELETE FROM ${table} AS t USING jsonb_to_recordset($1::jsonb) AS r(tenant text, name text)
    WHERE t.tenant = r.tenant AND t.name = r.name`;
  const toRow = (data: Data) => ({
    tenant: data.tenant,
    name: data.name,
    ...Object.fromEntries(names.map((column) => [column, columns[column]!.from(data)])),
  });
  return {
    [createdType]: setBased(async (db, events: readonly RecordedEvent[]) => {
      await db.query(insert, [JSON.stringify(lastPerKey<Data>(events, byIdentity).map(toRow))]);
    }),
    [deletedType]: setBased(async (db, events: readonly RecordedEvent[]) => {
      const keys = lastPerKey<Identity>(events, byIdentity).map(({ tenant, name }) => ({ tenant, name }));
      await db.query(remove, [JSON.stringify(keys)]);
    }),
  };
}
