import type { Queryable, RecordedEvent } from '#libs/event-store';
import { projection, ProjectionDefinitionError, unaccountedEventTypes } from './projection.js';

const noop = async () => undefined;
const db = {} as Queryable;

function event(eventType: string): RecordedEvent {
  return {
    position: 1n,
    transactionId: 1n,
    streamId: 's',
    streamType: 't',
    streamVersion: 1,
    eventId: '00000000-0000-4000-8000-000000000001',
    eventType,
    schemaVersion: 1,
    data: {},
    metadata: {},
    recordedAt: new Date(0),
  };
}

describe('projection', () => {
  it('two parts with a handler for the same event type are refused when the projection is built', () => {
    expect(() => projection({ name: 'p', parts: [{ TenantCreated: noop }, { TenantCreated: noop }], ignores: [] })).toThrow(
      new ProjectionDefinitionError('projection p has two handlers for TenantCreated'),
    );
  });

  it('an event type both handled and ignored is refused when the projection is built', () => {
    expect(() => projection({ name: 'p', parts: [{ TenantCreated: noop }], ignores: ['TenantCreated'] })).toThrow(
      'projection p both handles and ignores TenantCreated',
    );
  });

  it('says which event types it handles and which it ignores', () => {
    const built = projection({ name: 'p', parts: [{ TenantCreated: noop }, { UserCreated: noop }], ignores: ['AclCreated'] });

    expect([...built.handledEventTypes]).toEqual(['TenantCreated', 'UserCreated']);
    expect([...built.ignoredEventTypes]).toEqual(['AclCreated']);
    expect(built.delivery).toBe('transactional');
  });

  it('applies each event with the handler of its type, in order, and skips other types', async () => {
    const applied: string[] = [];
    const built = projection({
      name: 'p',
      parts: [{ A: async (_db, e) => void applied.push(`A${e.position}`) }, { B: async () => void applied.push('B') }],
      ignores: [],
    });

    await built.handle([event('B'), event('A'), event('Other'), event('constructor'), event('__proto__')], db);

    expect(applied).toEqual(['B', 'A1']);
  });

  it('an event type of the domain that a projection neither handles nor ignores is reported', () => {
    const built = projection({ name: 'p', parts: [{ TenantCreated: noop }], ignores: ['TenantDeleted'] });

    expect(unaccountedEventTypes(built, ['TenantCreated', 'TenantUpdated', 'TenantDeleted'])).toEqual(['TenantUpdated']);
  });
});
