import type { TenantEvent } from '#libs/domain/tenant';
import { foldCase } from '../list-query/index.js';
import { lastPerKey, type ProjectionHandlers, setBased } from '../projection/index.js';

type DataOf<Type extends TenantEvent['type']> = Extract<TenantEvent, { type: Type }>['data'];

const byTenantName = (data: { tenant_name: string }) => data.tenant_name;

/**
 * TenantCreated / TenantUpdated / TenantDeleted → rows of rm_tenants, one statement per run of
 * events of one type: the rows travel as one JSON array, read by jsonb_to_recordset.
 */
export const tenantProjection: ProjectionHandlers = {
  TenantCreated: setBased(async (db, events) => {
    const rows = lastPerKey<DataOf<'TenantCreated'>>(events, byTenantName).map((data) => ({
      tenant_name: data.tenant_name,
      tenant_name_folded: foldCase(data.tenant_name),
      description: data.desc,
      config: data.config,
      create_time: data.create_time,
    }));
    await db.query(
      `INSERT INTO rm_tenants (tenant_name, tenant_name_folded, description, config, create_time)
       SELECT tenant_name, tenant_name_folded, description, config, create_time
         FROM jsonb_to_recordset($1::jsonb)
           AS r(tenant_name text, tenant_name_folded text, description text, config jsonb, create_time bigint)
       ON CONFLICT (tenant_name) DO UPDATE
         SET description = excluded.description, config = excluded.config, create_time = excluded.create_time`,
      [JSON.stringify(rows)],
    );
  }),
  TenantUpdated: setBased(async (db, events) => {
    const rows = lastPerKey<DataOf<'TenantUpdated'>>(events, byTenantName).map((data) => ({
      tenant_name: data.tenant_name,
      description: data.desc,
      config: data.config,
    }));
    await db.query(
      `UPDATE rm_tenants SET description = r.description, config = r.config
         FROM jsonb_to_recordset($1::jsonb) AS r(tenant_name text, description text, config jsonb)
        WHERE rm_tenants.tenant_name = r.tenant_name`,
      [JSON.stringify(rows)],
    );
  }),
  TenantDeleted: setBased(async (db, events) => {
    const names = lastPerKey<DataOf<'TenantDeleted'>>(events, byTenantName).map(byTenantName);
    await db.query('DELETE FROM rm_tenants WHERE tenant_name = ANY($1::text[])', [names]);
  }),
};
