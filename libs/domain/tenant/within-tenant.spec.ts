import { AlreadyExistsError, type Decider, defineStreamType, type NewEvent, NotFoundError } from '../shared/index.js';
import { DEFAULT_TENANT_CONFIG, type TenantEvent } from './tenant.events.js';
import { tenantDecider, tenantStream } from './tenant.js';
import { withinTenant } from './within-tenant.js';

type Command = { kind: 'CreateThing' | 'DeleteThing'; tenantName: string; name: string };
type ThingEvent = NewEvent<'ThingCreated' | 'ThingDeleted', { name: string }>;
const thingStream = defineStreamType('thing', ['tenant_name', 'name']);
const things: Decider<boolean, Command, ThingEvent> = {
  streamType: thingStream.name,
  stateSchema: 1,
  streamId: ({ tenantName, name }) => thingStream.id(tenantName, name),
  initialState: () => false,
  evolve: (_state, event) => event.type === 'ThingCreated',
  decide: (exists, { kind, name }) => {
    if (kind === 'CreateThing') {
      if (exists) throw new AlreadyExistsError(`thing ${name} already exists`);
      return [{ type: 'ThingCreated', data: { name } }];
    }
    if (!exists) throw new NotFoundError(`thing ${name} not found`);
    return [{ type: 'ThingDeleted', data: { name } }];
  },
};
const rule = withinTenant(things, ['CreateThing']);
const tenantState = (events: TenantEvent[]) => events.reduce(tenantDecider.evolve, tenantDecider.initialState());
const created: TenantEvent = {
  type: 'TenantCreated',
  data: { tenant_name: 'acme', desc: '', config: DEFAULT_TENANT_CONFIG, create_time: 1 },
};
const deleted: TenantEvent = { type: 'TenantDeleted', data: { tenant_name: 'acme' } };

describe('withinTenant', () => {
  it('reads the tenant stream and the resource stream built by their helpers', () => {
    const streams = rule.streams({ kind: 'CreateThing', tenantName: 'acme', name: 'x' });
    expect(streams.tenant.id).toBe(tenantStream.id('acme'));
    expect(streams.resource.id).toBe(thingStream.id('acme', 'x'));
  });

  it('given an active tenant, when a create is decided, then the resource decides it', () => {
    const decided = rule.decide(
      { tenant: tenantState([created]), resource: false },
      { kind: 'CreateThing', tenantName: 'acme', name: 'x' },
    );
    expect(decided).toEqual({ resource: [{ type: 'ThingCreated', data: { name: 'x' } }] });
  });

  it.each([
    ['never created', []],
    ['deleted', [created, deleted]],
  ])('given a tenant %s, when a create is decided, then it fails with 404 naming the tenant', (_case, events) => {
    const decide = () =>
      rule.decide({ tenant: tenantState(events), resource: false }, { kind: 'CreateThing', tenantName: 'acme', name: 'x' });
    expect(decide).toThrow(NotFoundError);
    expect(decide).toThrow('tenant acme not found');
  });

  it('given a deleted tenant, when a delete is decided, then it does not look at the tenant (no cascade, orphans can be deleted)', () => {
    const decided = rule.decide(
      { tenant: tenantState([created, deleted]), resource: true },
      { kind: 'DeleteThing', tenantName: 'acme', name: 'x' },
    );
    expect(decided).toEqual({ resource: [{ type: 'ThingDeleted', data: { name: 'x' } }] });
  });
});
