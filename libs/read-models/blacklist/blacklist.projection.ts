import type { BlacklistCreated } from '#libs/domain/blacklist';
import { foldCase } from '../list-query/index.js';
import { tenantResourceProjection } from '../tenant-resource/index.js';

/** BlacklistCreated / BlacklistDeleted → rows of rm_blacklist, with the folded texts its fuzzy filters search. */
export const blacklistProjection = tenantResourceProjection<BlacklistCreated['data']>({
  table: 'rm_blacklist',
  createdType: 'BlacklistCreated',
  deletedType: 'BlacklistDeleted',
  columns: {
    tenant_folded: { type: 'text', from: (entry) => foldCase(entry.tenant) },
    name_folded: { type: 'text', from: (entry) => foldCase(entry.name) },
    resource_name_folded: { type: 'text', from: (entry) => foldCase(entry.resource_name) },
    blacklist_type: { type: 'text', from: (entry) => entry.blacklist_type },
    resource_name: { type: 'text', from: (entry) => entry.resource_name },
    end_time: { type: 'bigint', from: (entry) => entry.end_time },
    description: { type: 'text', from: (entry) => entry.desc },
  },
});
