import { AlreadyExistsError, NotFoundError } from '../shared/index.js';
import { deciderSpecification } from '../shared/decider-specification.js';
import { DEFAULT_TENANT_CONFIG, type TenantEvent, tenantDecider, tenantStream } from '../tenant/index.js';
import { BootstrapSuperuser, CreateUser, DeleteUser, type UserCommand } from './user.commands.js';
import type { PasswordHash, UserEvent } from './user.events.js';
import { userDecider, userInTenant, userStream } from './user.js';

const given = deciderSpecification(userDecider);
const NOW = 1_738_800_000;
const HASH: PasswordHash = { algorithm: 'scrypt', n: 32_768, r: 8, p: 1, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaA==' };

const created = (username: string, is_superuser = false): UserEvent => ({
  type: 'UserCreated',
  data: { tenant: 'acme', username, password_hash: HASH, is_superuser, create_time: NOW },
});
const deleted = (username: string): UserEvent => ({ type: 'UserDeleted', data: { tenant: 'acme', username } });

describe('user', () => {
  it('creating a new user records its password hash (never a password), its superuser flag and its creation time', () =>
    given([])
      .when(new CreateUser('acme', 'alice', HASH, true, NOW))
      .then([
        { type: 'UserCreated', data: { tenant: 'acme', username: 'alice', password_hash: HASH, is_superuser: true, create_time: NOW } },
      ]));

  it('creating a user that already exists in the tenant is refused', () =>
    given([created('alice')])
      .when(new CreateUser('acme', 'alice', HASH, false, NOW))
      .thenThrows(AlreadyExistsError, 'user alice already exists in tenant acme'));

  it('a deleted user can be created again, with a fresh hash and time', () =>
    given([created('alice'), deleted('alice')])
      .when(new CreateUser('acme', 'alice', { ...HASH, hash: 'bmV3' }, false, NOW + 60))
      .then([
        {
          type: 'UserCreated',
          data: { tenant: 'acme', username: 'alice', password_hash: { ...HASH, hash: 'bmV3' }, is_superuser: false, create_time: NOW + 60 },
        },
      ]));

  it('deleting an existing user records its deletion', () =>
    given([created('alice')])
      .when(new DeleteUser('acme', 'alice'))
      .then([{ type: 'UserDeleted', data: { tenant: 'acme', username: 'alice' } }]));

  it('deleting a user that was never created is refused', () =>
    given([]).when(new DeleteUser('acme', 'ghost')).thenThrows(NotFoundError, 'user ghost not found in tenant acme'));

  it('deleting a user twice is refused the second time', () =>
    given([created('alice'), deleted('alice')])
      .when(new DeleteUser('acme', 'alice'))
      .thenThrows(NotFoundError));

  it('the bootstrap superuser is created, as a superuser, when it has never existed', () =>
    given([])
      .when(new BootstrapSuperuser('acme', 'admin', HASH, NOW))
      .then([
        { type: 'UserCreated', data: { tenant: 'acme', username: 'admin', password_hash: HASH, is_superuser: true, create_time: NOW } },
      ]));

  it('the bootstrap superuser records nothing when it exists already (a later start)', () =>
    given([created('admin', true)])
      .when(new BootstrapSuperuser('acme', 'admin', HASH, NOW))
      .then([]));

  it('the bootstrap superuser records nothing once an operator deleted it: it is not brought back', () =>
    given([created('admin', true), deleted('admin')])
      .when(new BootstrapSuperuser('acme', 'admin', HASH, NOW))
      .then([]));

  it('usernames are unique per tenant: the stream id holds both, each percent-encoded', () => {
    expect(userDecider.streamId(new DeleteUser('acme', 'alice'))).toBe('user-acme/alice');
    expect(userStream.id('a/b', 'c')).not.toBe(userStream.id('a', 'b/c'));
  });
});

describe('a user in its tenant', () => {
  const tenantCreated: TenantEvent = {
    type: 'TenantCreated',
    data: { tenant_name: 'acme', desc: '', config: DEFAULT_TENANT_CONFIG, create_time: NOW },
  };
  const tenantDeleted: TenantEvent = { type: 'TenantDeleted', data: { tenant_name: 'acme' } };
  const tenantState = (events: TenantEvent[]) => events.reduce(tenantDecider.evolve, tenantDecider.initialState());
  const decide = (tenantEvents: TenantEvent[], userEvents: UserEvent[], command: UserCommand) => () =>
    userInTenant.decide(
      { tenant: tenantState(tenantEvents), resource: userEvents.reduce(userDecider.evolve, userDecider.initialState()) },
      command,
    );

  it("reads the tenant's stream beside the user's", () => {
    const streams = userInTenant.streams(new CreateUser('acme', 'alice', HASH, false, NOW));
    expect({ tenant: streams.tenant.id, resource: streams.resource.id }).toEqual({
      tenant: tenantStream.id('acme'),
      resource: 'user-acme/alice',
    });
  });

  it.each([
    ['never created', []],
    ['deleted', [tenantCreated, tenantDeleted]],
  ])('given a tenant %s, creating a user in it fails with 404 naming the tenant', (_case, tenantEvents) => {
    const create = decide(tenantEvents, [], new CreateUser('acme', 'alice', HASH, false, NOW));
    expect(create).toThrow(NotFoundError);
    expect(create).toThrow('tenant acme not found');
  });

  it('given a tenant that does not exist, the bootstrap superuser is not created in it either', () => {
    expect(decide([], [], new BootstrapSuperuser('acme', 'admin', HASH, NOW))).toThrow('tenant acme not found');
  });

  it('given an active tenant, creating a user in it records UserCreated on the user stream only', () => {
    expect(decide([tenantCreated], [], new CreateUser('acme', 'alice', HASH, false, NOW))()).toEqual({ resource: [created('alice')] });
  });

  it('given a deleted tenant, its users can still be deleted (deleting a tenant does not cascade)', () => {
    expect(decide([tenantCreated, tenantDeleted], [created('alice')], new DeleteUser('acme', 'alice'))()).toEqual({
      resource: [deleted('alice')],
    });
  });
});
