import type { Queryable, RecordedEvent } from '#libs/event-store';
import { lastPerKey, projection, ProjectionDefinitionError, projectionPerPart, setBased, unaccountedEventTypes } from './projection.js';

const noop = async () => undefined;
const db = {} as Queryable;

function event(eventType: string, position = 1n, data: unknown = {}): RecordedEvent {
  return {
    position,
    transactionId: 1n,
    streamId: 's',
    streamType: 't',
    streamVersion: 1,
    eventId: '00000000-0000-4000-8000-000000000001',
    eventType,
    schemaVersion: 1,
    data,
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

  it('says which event types it handles and which it ignores, and that commands wait for it', () => {
    const built = projection({ name: 'p', parts: [{ TenantCreated: noop }, { UserCreated: noop }], ignores: ['AclCreated'] });

    expect(['TenantCreated', 'UserCreated', 'AclCreated', 'constructor'].filter((type) => built.handles(type))).toEqual([
      'TenantCreated',
      'UserCreated',
    ]);
    expect([...built.ignoredEventTypes]).toEqual(['AclCreated']);
    expect(built.delivery).toBe('transactional');
    expect(built.readYourWrites).toBe(true);
  });

  it('a projection of every event handles every type, present and future, and none is left unaccounted', () => {
    const built = projection({ name: 'log', everyEvent: setBased(noop), readYourWrites: false });

    expect(['TenantCreated', 'SomethingAddedLater', 'constructor'].every((type) => built.handles(type))).toBe(true);
    expect(unaccountedEventTypes(built, ['TenantCreated', 'SomethingAddedLater'])).toEqual([]);
    expect(built.readYourWrites).toBe(false);
  });

  it('a projection of every event gets each batch whole, every type in it, in log order, in one call', async () => {
    const calls: string[][] = [];
    const built = projection({
      name: 'log',
      everyEvent: setBased(async (_db, events) => void calls.push(events.map((e) => `${e.eventType}${e.position}`))),
    });

    await built.handle([event('A', 1n), event('B', 2n), event('A', 3n), event('Unknown', 4n)], db);
    await built.handle([], db);

    expect(calls).toEqual([['A1', 'B2', 'A3', 'Unknown4']]);
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

  it('hands a set-based handler each run of consecutive events of its type, runs in log order, other types between them skipped', async () => {
    const applied: string[] = [];
    const run = (name: string) => setBased(async (_db, events) => void applied.push(`${name}[${events.map((e) => e.position).join(',')}]`));
    const built = projection({ name: 'p', parts: [{ A: run('A'), B: run('B') }], ignores: ['I'] });

    await built.handle([event('A', 1n), event('A', 2n), event('I', 3n), event('A', 4n), event('B', 5n), event('A', 6n)], db);

    expect(applied).toEqual(['A[1,2,4]', 'B[5]', 'A[6]']);
  });

  it('a per-event handler beside set-based ones still gets its events one at a time, in log order', async () => {
    const applied: string[] = [];
    const built = projection({
      name: 'p',
      parts: [
        { A: async (_db, e) => void applied.push(`A${e.position}`), B: setBased(async (_db, es) => void applied.push(`B${es.length}`)) },
      ],
      ignores: [],
    });

    await built.handle([event('A', 1n), event('A', 2n), event('B', 3n), event('B', 4n), event('A', 5n)], db);

    expect(applied).toEqual(['A1', 'A2', 'B2', 'A5']);
  });

  it('lastPerKey keeps the data of the last event of each key', () => {
    const events = [event('A', 1n, { k: 'x', v: 1 }), event('A', 2n, { k: 'y', v: 2 }), event('A', 3n, { k: 'x', v: 3 })];

    expect(lastPerKey<{ k: string; v: number }>(events, (data) => data.k)).toEqual([
      { k: 'x', v: 3 },
      { k: 'y', v: 2 },
    ]);
  });

  it('an event type of the domain that a projection neither handles nor ignores is reported', () => {
    const built = projection({ name: 'p', parts: [{ TenantCreated: noop }], ignores: ['TenantDeleted'] });

    expect(unaccountedEventTypes(built, ['TenantCreated', 'TenantUpdated', 'TenantDeleted'])).toEqual(['TenantUpdated']);
  });

  it("cut per part, each part gets its own events as runs of one type, unbroken by the other parts' events", async () => {
    const runs: string[] = [];
    const record = (part: string) => setBased(async (_, events) => void runs.push(`${part}:${events.map((e) => e.position).join(',')}`));
    const whole = projection({
      name: 'p',
      parts: [{ TenantCreated: record('tenant') }, { UserCreated: record('user') }],
      ignores: ['AclCreated'],
    });
    const interleaved = [
      event('TenantCreated', 1n),
      event('UserCreated', 2n),
      event('AclCreated', 3n),
      event('TenantCreated', 4n),
      event('UserCreated', 5n),
    ];

    const perPart = projectionPerPart(whole);
    for (const part of perPart) await part.handle(interleaved, db);

    expect(runs).toEqual(['tenant:1,4', 'user:2,5']);
    expect(perPart.map((part) => part.name)).toEqual(['p', 'p']);
    expect(projectionPerPart(projection({ name: 'log', everyEvent: setBased(noop) }))).toHaveLength(1);
  });
});
