import type { AclAction, AclPermission, AclResourceType } from '#libs/domain/acl';
import type { ListSpec } from '../list-query/index.js';

/** A row of the ACL list: RobustMQ's AclListRow, in its field order (it has no create_time). */
export interface AclRow {
  tenant: string;
  name: string;
  desc: string;
  resource_type: AclResourceType;
  resource_name: string;
  topic: string;
  ip: string;
  action: AclAction;
  permission: AclPermission;
}

/** Filters are case-insensitive substrings, the tenant's too (API-CONTRACT §3); sortable fields as the real server's. */
export const aclList: ListSpec<AclRow> = {
  table: 'rm_acl',
  sortable: { tenant: 'tenant', name: 'name', resource_type: 'resource_type', resource_name: 'resource_name', topic: 'topic', ip: 'ip' },
  filters: {
    tenant: { column: 'tenant_folded', match: 'fuzzy' },
    name: { column: 'name_folded', match: 'fuzzy' },
    resource_name: { column: 'resource_name_folded', match: 'fuzzy' },
  },
  naturalOrder: ['tenant', 'name'],
  toRow: (record) => ({
    tenant: record.tenant as string,
    name: record.name as string,
    desc: record.description as string,
    resource_type: record.resource_type as AclResourceType,
    resource_name: record.resource_name as string,
    topic: record.topic as string,
    ip: record.ip as string,
    action: record.action as AclAction,
    permission: record.permission as AclPermission,
  }),
};
