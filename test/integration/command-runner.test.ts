import type pg from 'pg';
import { runCommand } from '#libs/application';
import { type Decider, type NewEvent } from '#libs/domain/shared';
import { EventStore, type Queryable } from '#libs/event-store';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

type Counted = NewEvent<'Counted', { n: number }>;
type Count = { count: number; sum: number };
interface Add {
  streamId: string;
  n: number;
}

/** A decider whose state is a fold of every event of its stream, so a state from a partial fold shows. */
const counter = (stateSchema: number): Decider<Count, Add, Counted> => ({
  streamType: 'counter',
  stateSchema,
  streamId: (command) => command.streamId,
  initialState: () => ({ count: 0, sum: 0 }),
  evolve: (state, event) => ({ count: state.count + 1, sum: state.sum + event.data.n }),
  decide: (_state, command) => [{ type: 'Counted', data: { n: command.n } }],
});

const LONG = 10_000;

describe('running a command on a long stream', () => {
  let database: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new EventStore(database.pool);
    for (let batch = 0; batch < LONG / 1_000; batch++) {
      const events = Array.from({ length: 1_000 }, (_, i): Counted => ({ type: 'Counted', data: { n: batch * 1_000 + i } }));
      await store.appendToStream('counter-long', 'counter', batch === 0 ? 'no_stream' : batch * 1_000, events);
    }
  }, 60_000);
  afterAll(() => database.drop());

  /**
   * Loads the stream's state and counts the table rows Postgres fetched to do it: the difference of the
   * session's counters before and after, inside one transaction (where they are not flushed away).
   */
  async function loadCountingRows(stateSchema: number) {
    const client = await database.pool.connect();
    const rowsFetchedSoFar = async () => {
      const fetched = await client.query<{ rows: string }>(
        `SELECT sum(coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)) AS rows
           FROM pg_stat_xact_user_tables WHERE relname IN ('events', 'streams')`,
      );
      return Number(fetched.rows[0]!.rows);
    };
    try {
      await client.query('BEGIN');
      const before = await rowsFetchedSoFar();
      const [loaded] = await new EventStore(client).loadStreams([{ streamId: 'counter-long', stateSchema }]);
      const rowsFetched = (await rowsFetchedSoFar()) - before;
      await client.query('COMMIT');
      return { loaded: loaded!, rowsFetched };
    } finally {
      client.release();
    }
  }

  async function fullFold(decider: Decider<Count, Add, Counted>): Promise<Count> {
    const events = await store.readStream('counter-long');
    return events.reduce((state, event) => decider.evolve(state, event as unknown as Counted), decider.initialState());
  }

  /** A pool that counts the statements sent through it. */
  function countingStatements(pool: pg.Pool): { db: Queryable; statements: () => number } {
    let statements = 0;
    const db = {
      query: (...args: Parameters<pg.Pool['query']>) => {
        statements++;
        return (pool.query as (...a: unknown[]) => unknown)(...args);
      },
    } as Queryable;
    return { db, statements: () => statements };
  }

  it('after one command keeps its state, a 10,000-event stream loads by reading a handful of rows, equal to a full fold', async () => {
    await runCommand(store, counter(1), { streamId: 'counter-long', n: 1 });

    const { loaded, rowsFetched } = await loadCountingRows(1);
    expect(rowsFetched).toBeLessThanOrEqual(5);
    expect(loaded).toMatchObject({ version: LONG + 1, stateVersion: LONG + 1, eventsAfterState: [] });
    expect(loaded.state).toEqual(await fullFold(counter(1)));
  });

  it('events appended without a state are folded onto the stored state, still reading only them and the state', async () => {
    await runCommand(store, counter(1), { streamId: 'counter-long', n: 2 });
    const version = (await store.readStream('counter-long')).length;
    await store.appendToStream('counter-long', 'counter', version, [
      { type: 'Counted', data: { n: 7 } },
      { type: 'Counted', data: { n: 8 } },
    ]);

    const { loaded, rowsFetched } = await loadCountingRows(1);
    expect(rowsFetched).toBeLessThanOrEqual(5 + 2);
    expect(loaded.eventsAfterState.map((event) => event.data)).toEqual([{ n: 7 }, { n: 8 }]);
    const folded = loaded.eventsAfterState.reduce(
      (state, event) => counter(1).evolve(state, event as unknown as Counted),
      loaded.state as Count,
    );
    expect(folded).toEqual(await fullFold(counter(1)));
  });

  it('a decider with a new state schema never reads the old state: it folds the whole stream once and stores its own', async () => {
    const stale = await loadCountingRows(2);
    expect(stale.rowsFetched).toBeGreaterThan(LONG);
    expect(stale.loaded).toMatchObject({ state: undefined, stateVersion: 0 });
    expect(stale.loaded.eventsAfterState).toHaveLength(stale.loaded.version);

    await runCommand(store, counter(2), { streamId: 'counter-long', n: 3 });
    const { loaded, rowsFetched } = await loadCountingRows(2);
    expect(rowsFetched).toBeLessThanOrEqual(5);
    expect(loaded.state).toEqual(await fullFold(counter(2)));
  });

  it('a command on a long stream is two statements: one to load its state, one to append with the new state', async () => {
    const { db, statements } = countingStatements(database.pool);
    const outcome = await runCommand(new EventStore(db), counter(2), { streamId: 'counter-long', n: 4 });
    expect(statements()).toBe(2);
    expect(outcome.eventTypes).toEqual(['Counted']);
    expect(outcome.lastEvent).toBeDefined();
  });
});
