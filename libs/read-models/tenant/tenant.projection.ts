import type { TenantEvent } from '#libs/domain/tenant';
import { foldCase } from '../list-query/index.js';
import type { ProjectionHandlers } from '../projection/index.js';

type DataOf<Type extends TenantEvent['type']> = Extract<TenantEvent, { type: Type }>['data'];

/** TenantCreated / TenantUpdated / TenantDeleted → rows of rm_tenants. */
export const tenantProjection: ProjectionHandlers = {
  async TenantCreated(db, event) {
    const data = event.data as DataOf<'TenantCreated'>;
    await db.query(
      `INSERT INTO rm_tenants (tenant_name, tenant_name_folded, description, config, create_time) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_name) DO UPDATE SET description = $3, config = $4, create_time = $5`,
      [data.tenant_name, foldCase(data.tenant_name), data.desc, data.config, data.create_time],
    );
  },
  async TenantUpdated(db, event) {
    const data = event.data as DataOf<'TenantUpdated'>;
    await db.query('UPDATE rm_tenants SET description = $2, config = $3 WHERE tenant_name = $1', [
      data.tenant_name,
      data.desc,
      data.config,
    ]);
  },
  async TenantDeleted(db, event) {
    const data = event.data as DataOf<'TenantDeleted'>;
    await db.query('DELETE FROM rm_tenants WHERE tenant_name = $1', [data.tenant_name]);
  },
};
