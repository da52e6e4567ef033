import type { AclCreated } from '#libs/domain/acl';
import { foldCase } from '../list-query/index.js';
import { tenantResourceProjection } from '../tenant-resource/index.js';

/** AclCreated / AclDeleted → rows of rm_acl, with the folded texts its fuzzy filters search. */
export const aclProjection = tenantResourceProjection<AclCreated['data']>({
  table: 'rm_acl',
  createdType: 'AclCreated',
  deletedType: 'AclDeleted',
  columns: {
    tenant_folded: { type: 'text', from: (rule) => foldCase(rule.tenant) },
    name_folded: { type: 'text', from: (rule) => foldCase(rule.name) },
    resource_name_folded: { type: 'text', from: (rule) => foldCase(rule.resource_name) },
    description: { type: 'text', from: (rule) => rule.desc },
    resource_type: { type: 'text', from: (rule) => rule.resource_type },
    resource_name: { type: 'text', from: (rule) => rule.resource_name },
    topic: { type: 'text', from: (rule) => rule.topic },
    ip: { type: 'text', from: (rule) => rule.ip },
    action: { type: 'text', from: (rule) => rule.action },
    permission: { type: 'text', from: (rule) => rule.permission },
  },
});
