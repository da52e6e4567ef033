import { type Decider, defineStreamType } from '../shared/index.js';
import { createDeleteDecider, type TenantResourceState, withinTenant } from '../tenant/index.js';
import type { CreateUser, DeleteUser, UserCommand } from './user.commands.js';
import type { PasswordHash, UserEvent } from './user.events.js';

/** One stream per (tenant, username): creating with "no stream" expectations is what keeps usernames unique in a tenant. */
export const userStream = defineStreamType('user', ['tenant_name', 'username']);

const created = (tenant: string, username: string, passwordHash: PasswordHash, isSuperuser: boolean, now: number): UserEvent => ({
  type: 'UserCreated',
  data: { tenant, username, password_hash: passwordHash, is_superuser: isSuperuser, create_time: now },
});

/** Create (409 when it exists) and delete (404 when it does not), as every resource in a tenant. */
const createOrDelete = createDeleteDecider<CreateUser, DeleteUser, UserEvent>({
  stream: userStream,
  noun: 'user',
  createKind: 'CreateUser',
  createdType: 'UserCreated',
  created: ({ tenantName, name, passwordHash, isSuperuser, now }) => created(tenantName, name, passwordHash, isSuperuser, now),
  deleted: ({ tenantName, name }) => ({ type: 'UserDeleted', data: { tenant: tenantName, username: name } }),
});

/** Besides: the bootstrap superuser, created only on a stream that has never had an event. */
export const userDecider: Decider<TenantResourceState, UserCommand, UserEvent> = {
  ...createOrDelete,
  decide: (state, command) => {
    if (command.kind !== 'BootstrapSuperuser') return createOrDelete.decide(state, command);
    return state.status === 'absent' ? [created(command.tenantName, command.name, command.passwordHash, true, command.now)] : [];
  },
};

/** Users are created only in a tenant that exists, read on the tenant's stream; deletes do not look at it. */
export const userInTenant = withinTenant(userDecider, ['CreateUser', 'BootstrapSuperuser']);
