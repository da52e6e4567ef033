import { defineStreamType } from '../shared/index.js';
import { createDeleteDecider, withinTenant } from '../tenant/index.js';
import type { CreateBlacklist, DeleteBlacklist } from './blacklist.commands.js';
import type { BlacklistEvent } from './blacklist.events.js';

/** One stream per (tenant, entry name), so a name is unique within its tenant. */
export const blacklistStream = defineStreamType('blacklist', ['tenant', 'name']);

export const blacklistDecider = createDeleteDecider<CreateBlacklist, DeleteBlacklist, BlacklistEvent>({
  stream: blacklistStream,
  noun: 'blacklist entry',
  createKind: 'CreateBlacklist',
  createdType: 'BlacklistCreated',
  created: ({ tenantName, name, entry }) => ({ type: 'BlacklistCreated', data: { tenant: tenantName, name, ...entry } }),
  deleted: ({ tenantName, name }) => ({ type: 'BlacklistDeleted', data: { tenant: tenantName, name } }),
});

/** What the API runs: an entry is created only in a tenant that exists; deleting one does not look at the tenant. */
export const blacklistInTenant = withinTenant(blacklistDecider, ['CreateBlacklist']);
