import { DEFAULT_TENANT_CONFIG, type TenantConfig } from '#libs/domain/tenant';
import type { ListRequest, ListSpec } from '../list-query/index.js';

export interface TenantRow {
  tenant_name: string;
  desc: string;
  config: TenantConfig;
  create_time: number;
}

export const tenantList: ListSpec<TenantRow> = {
  table: 'rm_tenants',
  sortable: { tenant_name: 'tenant_name' },
  filters: { tenant_name: { column: 'tenant_name_folded', match: 'fuzzy' } },
  naturalOrder: ['tenant_name'],
  toRow: (record) => ({
    tenant_name: record.tenant_name as string,
    desc: record.description as string,
    config: inDocumentOrder(record.config as TenantConfig),
    create_time: Number(record.create_time),
  }),
};

export class ListTenants {
  constructor(readonly request: ListRequest) {}
}

/** jsonb keeps keys in its own order; rows list them as the API document does. */
function inDocumentOrder(config: TenantConfig): TenantConfig {
  const ordered = {} as TenantConfig;
  for (const field of Object.keys(DEFAULT_TENANT_CONFIG) as (keyof TenantConfig)[]) ordered[field] = config[field];
  return ordered;
}
