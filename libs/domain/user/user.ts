import { AlreadyExistsError, type Decider, defineStreamType, NotFoundError } from '../shared/index.js';
import { withinTenant } from '../tenant/index.js';
import type { UserCommand } from './user.commands.js';
import type { PasswordHash, UserEvent } from './user.events.js';

type NewUser = { passwordHash: PasswordHash; isSuperuser: boolean; now: number };

export type UserState = { status: 'absent' | 'active' | 'deleted' };

/** One stream per (tenant, username): creating with "no stream" expectations is what keeps usernames unique in a tenant. */
export const userStream = defineStreamType('user', ['tenant_name', 'username']);

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  streamType: userStream.name,
  stateSchema: 1,
  streamId: (command) => userStream.id(command.tenantName, command.username),
  initialState: () => ({ status: 'absent' }),
  evolve,
  decide,
};

/** Users are created only in a tenant that exists, read on the tenant's stream; deletes do not look at it. */
export const userInTenant = withinTenant(userDecider, ['CreateUser', 'BootstrapSuperuser']);

function evolve(_state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserCreated':
      return { status: 'active' };
    case 'UserDeleted':
      return { status: 'deleted' };
  }
}

function decide(state: UserState, command: UserCommand): UserEvent[] {
  const { tenantName: tenant, username } = command;
  switch (command.kind) {
    case 'CreateUser':
      if (state.status === 'active') throw new AlreadyExistsError(`user ${username} already exists in tenant ${tenant}`);
      return [created(tenant, username, command)];
    case 'BootstrapSuperuser':
      if (state.status !== 'absent') return [];
      return [created(tenant, username, { ...command, isSuperuser: true })];
    case 'DeleteUser':
      if (state.status !== 'active') throw new NotFoundError(`user ${username} not found in tenant ${tenant}`);
      return [{ type: 'UserDeleted', data: { tenant, username } }];
  }
}

function created(tenant: string, username: string, { passwordHash, isSuperuser, now }: NewUser): UserEvent {
  return { type: 'UserCreated', data: { tenant, username, password_hash: passwordHash, is_superuser: isSuperuser, create_time: now } };
}
