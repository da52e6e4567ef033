import { defineStreamType } from '../shared/index.js';
import { createDeleteDecider, withinTenant } from '../tenant/index.js';
import type { CreateAcl, DeleteAcl } from './acl.commands.js';
import type { AclEvent } from './acl.events.js';

/** One stream per (tenant, rule name), so a name is unique within its tenant. */
export const aclStream = defineStreamType('acl', ['tenant', 'name']);

export const aclDecider = createDeleteDecider<CreateAcl, DeleteAcl, AclEvent>({
  stream: aclStream,
  noun: 'acl rule',
  createKind: 'CreateAcl',
  createdType: 'AclCreated',
  created: ({ tenantName, name, rule }) => ({ type: 'AclCreated', data: { tenant: tenantName, name, ...rule } }),
  deleted: ({ tenantName, name }) => ({ type: 'AclDeleted', data: { tenant: tenantName, name } }),
});

/** What the API runs: a rule is created only in a tenant that exists; deleting one does not look at the tenant. */
export const aclInTenant = withinTenant(aclDecider, ['CreateAcl']);
