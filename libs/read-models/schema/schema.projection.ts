import type { SchemaEvent } from '#libs/domain/schema';
import { foldCase } from '../list-query/index.js';
import { lastPerKey, type ProjectionHandlers, setBased } from '../projection/index.js';

type DataOf<Type extends SchemaEvent['type']> = Extract<SchemaEvent, { type: Type }>['data'];

const bySchema = (data: { tenant: string; schema_name: string }) => JSON.stringify([data.tenant, data.schema_name]);
const byBinding = (data: { tenant: string; schema_name: string; resource_name: string }) =>
  JSON.stringify([data.tenant, data.schema_name, data.resource_name]);

/** Schema events → rows of rm_schemas and rm_schema_bindings, one statement per run of events of one type. */
export const schemaProjection: ProjectionHandlers = {
  SchemaCreated: setBased(async (db, events) => {
    const rows = lastPerKey<DataOf<'SchemaCreated'>>(events, bySchema).map((data) => ({
      tenant: data.tenant,
      schema_name: data.schema_name,
      tenant_folded: foldCase(data.tenant),
      schema_name_folded: foldCase(data.schema_name),
      schema_type: data.schema_type,
      description: data.desc,
      schema: data.schema,
      create_time: data.create_time,
    }));
    await db.query(
      `INSERT INTO rm_schemas (tenant, schema_name, tenant_folded, schema_name_folded, schema_type, description, schema, create_time)
       SELECT tenant, schema_name, tenant_folded, schema_name_folded, schema_type, description, schema, create_time
         FROM jsonb_to_recordset($1::jsonb)
           AS r(tenant text, schema_name text, tenant_folded text, schema_name_folded text, schema_type text,
                description text, schema text, create_time bigint)
       ON CONFLICT (tenant, schema_name) DO UPDATE
         SET schema_type = excluded.schema_type, description = excluded.description, schema = excluded.schema,
             create_time = excluded.create_time`,
      [JSON.stringify(rows)],
    );
  }),
  SchemaDeleted: setBased(async (db, events) => {
    const keys = lastPerKey<DataOf<'SchemaDeleted'>>(events, bySchema);
    await db.query(
      `DELETE FROM rm_schemas USING jsonb_to_recordset($1::jsonb) AS r(tenant text, schema_name text)
        WHERE rm_schemas.tenant = r.tenant AND rm_schemas.schema_name = r.schema_name`,
      [JSON.stringify(keys.map(({ tenant, schema_name }) => ({ tenant, schema_name })))],
    );
  }),
  SchemaBound: setBased(async (db, events) => {
    const rows = lastPerKey<DataOf<'SchemaBound'>>(events, byBinding);
    await db.query(
      `INSERT INTO rm_schema_bindings (tenant, schema_name, resource_name, create_time)
       SELECT tenant, schema_name, resource_name, create_time
         FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, schema_name text, resource_name text, create_time bigint)
       ON CONFLICT (tenant, schema_name, resource_name) DO UPDATE SET create_time = excluded.create_time`,
      [JSON.stringify(rows)],
    );
  }),
  SchemaUnbound: setBased(async (db, events) => {
    const keys = lastPerKey<DataOf<'SchemaUnbound'>>(events, byBinding);
    await db.query(
      `DELETE FROM rm_schema_bindings USING jsonb_to_recordset($1::jsonb) AS r(tenant text, schema_name text, resource_name text)
        WHERE (rm_schema_bindings.tenant, rm_schema_bindings.schema_name, rm_schema_bindings.resource_name)
            = (r.tenant, r.schema_name, r.resource_name)`,
      [JSON.stringify(keys)],
    );
  }),
};
