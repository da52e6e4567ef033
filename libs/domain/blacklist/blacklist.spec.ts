import { AlreadyExistsError, NotFoundError } from '../shared/index.js';
import { deciderSpecification } from '../shared/decider-specification.js';
import { DEFAULT_TENANT_CONFIG, tenantDecider, type TenantEvent } from '../tenant/index.js';
import { CreateBlacklist, DeleteBlacklist } from './blacklist.commands.js';
import type { BlacklistEntryFields, BlacklistEvent } from './blacklist.events.js';
import { blacklistDecider, blacklistInTenant, blacklistStream } from './blacklist.js';

const given = deciderSpecification(blacklistDecider);

const ENTRY: BlacklistEntryFields = { blacklist_type: 'ClientId', resource_name: 'bad_client', end_time: 1_735_689_599, desc: '' };
const created = (tenant: string, name: string, entry: BlacklistEntryFields = ENTRY): BlacklistEvent => ({
  type: 'BlacklistCreated',
  data: { tenant, name, ...entry },
});
const deleted = (tenant: string, name: string): BlacklistEvent => ({ type: 'BlacklistDeleted', data: { tenant, name } });

describe('blacklist entry', () => {
  it('creating a new entry records the whole entry, end_time as the same number', () =>
    given([])
      .when(new CreateBlacklist('acme', 'bl-1', ENTRY))
      .then([created('acme', 'bl-1')]));

  it('creating an entry whose (tenant, name) exists is refused, whatever the new fields (no upsert)', () =>
    given([created('acme', 'bl-1')])
      .when(new CreateBlacklist('acme', 'bl-1', { ...ENTRY, end_time: 1 }))
      .thenThrows(AlreadyExistsError, 'blacklist entry bl-1 already exists in tenant acme'));

  it('deleting an existing entry records its deletion', () =>
    given([created('acme', 'bl-1')])
      .when(new DeleteBlacklist('acme', 'bl-1'))
      .then([deleted('acme', 'bl-1')]));

  it('deleting an entry that never existed is refused', () =>
    given([]).when(new DeleteBlacklist('acme', 'ghost')).thenThrows(NotFoundError, 'blacklist entry ghost not found in tenant acme'));

  it('deleting an entry twice is refused the second time', () =>
    given([created('acme', 'bl-1'), deleted('acme', 'bl-1')])
      .when(new DeleteBlacklist('acme', 'bl-1'))
      .thenThrows(NotFoundError, 'blacklist entry bl-1 not found in tenant acme'));

  it('a deleted entry can be created again, with new fields', () => {
    const again: BlacklistEntryFields = { blacklist_type: 'IPCIDR', resource_name: '10.0.0.0/8', end_time: 2_000_000_000, desc: 'again' };
    return given([created('acme', 'bl-1'), deleted('acme', 'bl-1')])
      .when(new CreateBlacklist('acme', 'bl-1', again))
      .then([created('acme', 'bl-1', again)]);
  });

  it('the identity is (tenant, name): the same name in two tenants is two streams', () => {
    expect(blacklistDecider.streamId(new DeleteBlacklist('acme', 'bl-1'))).toBe('blacklist-acme/bl-1');
    expect(blacklistStream.id('acme', 'bl-1')).not.toBe(blacklistStream.id('other', 'bl-1'));
  });
});

describe('blacklist entry within its tenant', () => {
  const tenant = (events: TenantEvent[]) => events.reduce(tenantDecider.evolve, tenantDecider.initialState());
  const tenantCreated: TenantEvent = {
    type: 'TenantCreated',
    data: { tenant_name: 'acme', desc: '', config: DEFAULT_TENANT_CONFIG, create_time: 1 },
  };
  const tenantDeleted: TenantEvent = { type: 'TenantDeleted', data: { tenant_name: 'acme' } };

  it.each([
    ['never created', []],
    ['deleted', [tenantCreated, tenantDeleted]],
  ])('given a tenant %s, a create is refused with 404 naming the tenant', (_case, events) => {
    const decide = () =>
      blacklistInTenant.decide({ tenant: tenant(events), resource: { status: 'absent' } }, new CreateBlacklist('acme', 'bl-1', ENTRY));
    expect(decide).toThrow(NotFoundError);
    expect(decide).toThrow('tenant acme not found');
  });

  it('given an existing tenant a create is decided by the entry; given a deleted one, its entries can still be deleted', () => {
    expect(
      blacklistInTenant.decide(
        { tenant: tenant([tenantCreated]), resource: { status: 'absent' } },
        new CreateBlacklist('acme', 'bl-1', ENTRY),
      ),
    ).toEqual({ resource: [created('acme', 'bl-1')] });
    expect(
      blacklistInTenant.decide(
        { tenant: tenant([tenantCreated, tenantDeleted]), resource: { status: 'active' } },
        new DeleteBlacklist('acme', 'bl-1'),
      ),
    ).toEqual({ resource: [deleted('acme', 'bl-1')] });
  });
});
