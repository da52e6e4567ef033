import type { Queryable } from '#libs/event-store';
import { ConsumerLagSampler, EXACT_COUNT_LIMIT } from './consumer-lag.js';

type Row = { consumer_name: string; events_behind: string; position_gap: string | null; oldest_seconds: string | null; parked: string };

/** A database whose answers the test hands out one by one, counting the queries. */
function scriptedDatabase() {
  const pending: ((rows: Row[]) => void)[] = [];
  const db = { query: () => new Promise((resolve) => pending.push((rows) => resolve({ rows }))) } as unknown as Queryable;
  return { db, queries: () => pending.length, answer: (index: number, rows: Row[]) => pending[index]!(rows) };
}

const row = (events: number, extra: Partial<Row> = {}): Row => ({
  consumer_name: 'projector',
  events_behind: String(events),
  position_gap: String(events),
  oldest_seconds: events > 0 ? '2.5' : null,
  parked: '0',
  ...extra,
});

describe('ConsumerLagSampler', () => {
  let clock = 0;
  const sampler = (db: Queryable) =>
    new ConsumerLagSampler(
      db,
      () => ['projector'],
      2_000,
      50,
      () => clock,
    );

  beforeEach(() => (clock = 1_000_000));

  it('asks the database once for all the scrapes within its sample age', async () => {
    const database = scriptedDatabase();
    const lag = sampler(database.db);
    const first = lag.current();
    database.answer(0, [row(3, { parked: '2' })]);
    expect((await first).get('projector')).toEqual({ events: 3, seconds: 2.5, parked: 2 });

    clock += 1_999;
    expect((await lag.current()).get('projector')?.events).toBe(3);
    expect(database.queries()).toBe(1);

    clock += 1;
    const next = lag.current();
    database.answer(1, [row(0)]);
    expect((await next).get('projector')).toEqual({ events: 0, seconds: 0, parked: 0 });
  });

  it('answers the last sample when the database is slower than the deadline, and the late answer serves the next scrape', async () => {
    const database = scriptedDatabase();
    const lag = sampler(database.db);
    const first = lag.current();
    database.answer(0, [row(5)]);
    await first;

    clock += 5_000;
    expect((await lag.current()).get('projector')?.events).toBe(5);
    // Still running: a scrape meanwhile starts no second query.
    expect((await lag.current()).get('projector')?.events).toBe(5);
    expect(database.queries()).toBe(2);
    database.answer(1, [row(7)]);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await lag.current()).get('projector')?.events).toBe(7);
  });

  it('counts events one by one up to its limit, and beyond it takes the gap of positions', async () => {
    const database = scriptedDatabase();
    const lag = sampler(database.db);
    const sampled = lag.current();
    database.answer(0, [row(EXACT_COUNT_LIMIT, { position_gap: '2500000' })]);
    expect((await sampled).get('projector')?.events).toBe(2_500_000);
  });
});
