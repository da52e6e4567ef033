import type { BlacklistType } from '#libs/domain/blacklist';
import type { ListSpec } from '../list-query/index.js';

/**
 * A row of the blacklist list, in the real server's field order (it has no create_time). `end_time` is
 * the unix seconds the entry was created with, not the server's local date string (API-CONTRACT §5).
 */
export interface BlacklistRow {
  name: string;
  tenant: string;
  blacklist_type: BlacklistType;
  resource_name: string;
  end_time: number;
  desc: string;
}

/** Filters are case-insensitive substrings, the tenant's too (API-CONTRACT §3); sortable fields as the real server's. */
export const blacklistList: ListSpec<BlacklistRow> = {
  table: 'rm_blacklist',
  sortable: { name: 'name', tenant: 'tenant', blacklist_type: 'blacklist_type', resource_name: 'resource_name' },
  filters: {
    tenant: { column: 'tenant_folded', match: 'fuzzy' },
    name: { column: 'name_folded', match: 'fuzzy' },
    resource_name: { column: 'resource_name_folded', match: 'fuzzy' },
  },
  naturalOrder: ['tenant', 'name'],
  toRow: (record) => ({
    name: record.name as string,
    tenant: record.tenant as string,
    blacklist_type: record.blacklist_type as BlacklistType,
    resource_name: record.resource_name as string,
    end_time: Number(record.end_time),
    desc: record.description as string,
  }),
};
