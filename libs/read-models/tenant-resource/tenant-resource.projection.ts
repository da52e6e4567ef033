import type { RecordedEvent } from '#libs/event-store';
import { lastPerKey, type ProjectionHandlers, setBased } from '../projection/index.js';

type Identity = { tenant: string };

/** A column of a resource's table besides its key (tenant, name): its SQL type, and its value from the created event's data. */
export interface ResourceColumn<Data> {
  type: 'text' | 'bigint' | 'boolean';
  from(data: Data): string | number | boolean;
}

export interface TenantResourceTable<Data extends Identity> {
  /** The read-model table, keyed by (tenant, name). */
  table: string;
  /** The field of the events, and the column of the table, that names the resource: `name` unless given (users: `username`). */
  nameColumn?: string;
  createdType: string;
  deletedType: string;
  columns: Readonly<Record<string, ResourceColumn<Data>>>;
}

/**
 * The projection of a resource that is only created and deleted (users, ACL rules, blacklist entries): a
 * run of creates is one INSERT of a JSON array of rows, a run of deletes one DELETE, the last event of a
 * key winning. A create on an existing key overwrites it, so applying an event again changes nothing.
 * Table and column names come from code, never from input.
 */
export function tenantResourceProjection<Data extends Identity>({
  table,
  nameColumn: name = 'name',
  createdType,
  deletedType,
  columns,
}: TenantResourceTable<Data>): ProjectionHandlers {
  const names = Object.keys(columns);
  const recordType = ['tenant text', `${name} text`, ...names.map((column) => `${column} ${columns[column]!.type}`)].join(', ');
  const insert = `INSERT INTO ${table} (tenant, ${name}, ${names.join(', ')})
    SELECT tenant, ${name}, ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType})
    ON CONFLICT (tenant, ${name}) DO UPDATE SET ${names.map((column) => `${column} = excluded.${column}`).join(', ')}`;
  const remove = `DELETE FROM ${table} AS t USING jsonb_to_recordset($1::jsonb) AS r(tenant text, ${name} text)
    WHERE t.tenant = r.tenant AND t.${name} = r.${name}`;
  // The name field is chosen by the resource's own code (`nameColumn`), so it is read by that name.
  const nameOf = (data: Identity) => (data as Identity & Record<string, unknown>)[name];
  const key = (data: Identity) => ({ tenant: data.tenant, [name]: nameOf(data) });
  const byIdentity = (data: Identity) => JSON.stringify([data.tenant, nameOf(data)]);
  const toRow = (data: Data) => ({ ...key(data), ...Object.fromEntries(names.map((column) => [column, columns[column]!.from(data)])) });
  return {
    [createdType]: setBased(async (db, events: readonly RecordedEvent[]) => {
      await db.query(insert, [JSON.stringify(lastPerKey<Data>(events, byIdentity).map(toRow))]);
    }),
    [deletedType]: setBased(async (db, events: readonly RecordedEvent[]) => {
      await db.query(remove, [JSON.stringify(lastPerKey<Identity>(events, byIdentity).map(key))]);
    }),
  };
}
