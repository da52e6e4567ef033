import { runCommand } from '#libs/application';
import { CreateTenant, DeleteTenant, UpdateTenant, tenantDecider } from '#libs/domain/tenant';
import { sessionFactory } from '#libs/database';
import { APPENDED_CHANNEL, CHECKPOINT_CHANNEL, checkpoints, EventStore, LOG_START, type LogConsumer, WakeUps } from '#libs/event-store';
import { metaProjection } from '#libs/read-models';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { checkpointPosition, runnerFor, waitUntil, waitUntilCaughtUp } from '../support/consumers.js';
import { startFreezableProxy } from '../support/freezable-proxy.js';

const NOW = 1_700_000_000;

/** 300 tenants created, a third updated, a sixth deleted: 450 events across 300 streams. */
async function writeTenantHistory(store: EventStore): Promise<void> {
  for (let i = 0; i < 300; i++) await runCommand(store, tenantDecider, new CreateTenant(`tenant-${i}`, `t${i}`, undefined, NOW + i));
  for (let i = 0; i < 300; i += 3) await runCommand(store, tenantDecider, new UpdateTenant(`tenant-${i}`, 'updated', { max_topics: i }));
  for (let i = 0; i < 300; i += 6) await runCommand(store, tenantDecider, new DeleteTenant(`tenant-${i}`));
}

async function readModel(database: TestDatabase): Promise<unknown[]> {
  return (await database.pool.query('SELECT * FROM rm_tenants ORDER BY tenant_name')).rows;
}

const caughtUp = (database: TestDatabase, timeoutMs?: number) => waitUntilCaughtUp(database.pool, 'meta', timeoutMs);

describe('projector', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
    await writeTenantHistory(new EventStore(database.pool));
  });
  afterEach(() => database.drop());

  it('after a crash in the middle of a batch, a restarted projector ends with the same read model as a fresh rebuild', async () => {
    let failuresLeft = 1;
    // Applies part of a batch, then dies: the transaction aborts with half the batch written.
    const crashingOnce: LogConsumer = {
      ...metaProjection,
      async handle(events, db) {
        if (failuresLeft > 0 && events.length > 10) {
          await metaProjection.handle(events.slice(0, 10), db);
          failuresLeft--;
          throw new Error('projector process died');
        }
        await metaProjection.handle(events, db);
      },
    };
    const crashed = runnerFor(database, crashingOnce, 64);
    crashed.start();
    await waitUntil('the projector crashed', () => failuresLeft === 0);
    await crashed.stop();
    expect(await checkpointPosition(database.pool, 'meta')).toBe(0n);
    expect(await readModel(database)).toEqual([]);

    const restarted = runnerFor(database, metaProjection, 64);
    restarted.start();
    await caughtUp(database);
    await restarted.stop();
    const afterRecovery = await readModel(database);

    await database.pool.query("TRUNCATE rm_tenants; UPDATE consumer_checkpoints SET transaction_id = '0', position = 0");
    const rebuild = runnerFor(database, metaProjection, 1000);
    rebuild.start();
    await caughtUp(database);
    await rebuild.stop();

    expect(afterRecovery).toHaveLength(250);
    expect(afterRecovery).toEqual(await readModel(database));
  });

  it('of two projector instances only one is active, and the other takes over when it stops', async () => {
    const first = runnerFor(database, metaProjection);
    const second = runnerFor(database, metaProjection);
    first.start();
    await waitUntil('the first instance leads', () => first.status().isLeader);
    second.start();
    await caughtUp(database);
    expect(second.status().isLeader).toBe(false);

    await first.stop();
    await waitUntil('the second instance took over', () => second.status().isLeader);
    await runCommand(new EventStore(database.pool), tenantDecider, new CreateTenant('after-failover', '', undefined, NOW));
    await caughtUp(database);
    expect((await database.pool.query("SELECT 1 FROM rm_tenants WHERE tenant_name = 'after-failover'")).rowCount).toBe(1);
    await second.stop();
  });

  it('wakes on the notification another process sends after its append commits, instead of waiting for its next poll', async () => {
    const runner = runnerFor(database, metaProjection, 100, 10 * 60_000);
    runner.start();
    try {
      await caughtUp(database);
      // The appending process' own WakeUps: the runner hears only its NOTIFY.
      const appender = new WakeUps(database.pool);
      await runCommand(
        new EventStore(database.pool, undefined, () => appender.appended()),
        tenantDecider,
        new CreateTenant('woken', '', undefined, NOW),
      );
      // Far below the ten-minute poll: only the NOTIFY can have woken it.
      await caughtUp(database, 20_000);
    } finally {
      await runner.stop();
    }
  });

  it('wakes at once on an append of its own process, with no NOTIFY at all', async () => {
    const wakeUps = new WakeUps();
    const runner = runnerFor(database, metaProjection, 100, 10 * 60_000, { wakeUps });
    runner.start();
    try {
      await caughtUp(database);
      await runCommand(
        new EventStore(database.pool, undefined, () => wakeUps.appended()),
        tenantDecider,
        new CreateTenant('woken', '', undefined, NOW),
      );
      await caughtUp(database, 20_000);
    } finally {
      await runner.stop();
    }
  });

  it('still applies events whose wake-up never came, by polling', async () => {
    const runner = runnerFor(database, metaProjection, 100, 100);
    runner.start();
    try {
      await caughtUp(database);
      // A store without wake-ups: nothing announces this append.
      await runCommand(new EventStore(database.pool), tenantDecider, new CreateTenant('unannounced', '', undefined, NOW));
      await caughtUp(database);
      expect((await database.pool.query("SELECT 1 FROM rm_tenants WHERE tenant_name = 'unannounced'")).rowCount).toBe(1);
    } finally {
      await runner.stop();
    }
  });

  it('neither an append nor a checkpoint notifies from inside its transaction', async () => {
    const listener = sessionFactory(database.url)();
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (message) => heard.push(`${message.channel}:${message.payload}`));
    try {
      await listener.query(`LISTEN ${APPENDED_CHANNEL}; LISTEN ${CHECKPOINT_CHANNEL}`);
      const appended = await new EventStore(database.pool).appendToStream('tenant-quiet', 'tenant', 'no_stream', [
        { type: 'TenantDeleted', data: { tenant_name: 'quiet' } },
      ]);
      await checkpoints.advance(database.pool, 'meta', LOG_START, appended.lastEvent);
      // Notifications arrive in commit order: once this one is heard, any earlier one would have been.
      await database.pool.query(`NOTIFY ${APPENDED_CHANNEL}, 'barrier'`);
      await waitUntil('the barrier notification arrived', () => heard.length > 0);
      expect(heard).toEqual([`${APPENDED_CHANNEL}:barrier`]);
    } finally {
      await listener.end();
    }
  });
});

describe('projector leadership', () => {
  let database: TestDatabase;
  /** Every event the projection saw, one row per time it applied it, so a repeat shows. */
  const countingProjection: LogConsumer = {
    name: 'counting',
    delivery: 'transactional',
    async handle(events, db) {
      for (const event of events) await db.query('INSERT INTO applied (event_id) VALUES ($1)', [event.eventId]);
    },
  };
  const everyEventOnce = async () => {
    const result = await database.pool.query<{ applied: string; distinct: string; events: string }>(
      'SELECT (SELECT count(*) FROM applied) AS applied, (SELECT count(DISTINCT event_id) FROM applied) AS distinct, (SELECT count(*) FROM events) AS events',
    );
    return result.rows[0]!;
  };
  /** Creates tenants while the test does something else, so the projector is at work. */
  const keepWriting = async (count: number) => {
    const store = new EventStore(database.pool);
    for (let i = 0; i < count; i++) await runCommand(store, tenantDecider, new CreateTenant(`busy-${i}`, '', undefined, NOW));
  };
  const lockHolder = async () => {
    const result = await database.pool.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return result.rows.map((row) => row.pid);
  };

  beforeEach(async () => {
    database = await createTestDatabase();
    await database.pool.query('CREATE TABLE applied (event_id uuid NOT NULL)');
  });
  afterEach(() => database.drop());

  it("when Postgres ends the active instance's lock session mid-work, the standby takes over and every event is applied once", async () => {
    // Once its session is gone, the first instance cannot reconnect (as if its host went with it).
    let hostGone = false;
    const first = runnerFor(database, countingProjection, 20, 50, {
      newSession: () => sessionFactory(hostGone ? 'postgres://postgres@127.0.0.1:1/gone' : database.url)(),
      options: { standbyRetryMs: 60_000 },
    });
    const second = runnerFor(database, countingProjection, 20, 50);
    first.start();
    await waitUntil('the first instance leads', () => first.status().isLeader);
    second.start();
    const writing = keepWriting(300);
    try {
      await waitUntil('the first instance applied some events', async () => Number((await everyEventOnce()).applied) > 0);
      const [pid] = await lockHolder();
      hostGone = true;
      await database.pool.query('SELECT pg_terminate_backend($1)', [pid]);

      await waitUntil('the standby took over', () => second.status().isLeader, 10_000);
      expect(first.status().isLeader).toBe(false);
      await writing;
      await waitUntilCaughtUp(database.pool, 'counting');
      const { applied, distinct, events } = await everyEventOnce();
      expect([applied, distinct]).toEqual([events, events]);
    } finally {
      await writing;
      await first.stop();
      await second.stop();
    }
  }, 60_000);

  it('an active instance whose lock session stops answering resigns, and the standby takes over with nothing applied twice or lost', async () => {
    const proxy = await startFreezableProxy(database.url);
    const first = runnerFor(database, countingProjection, 20, 50, {
      newSession: sessionFactory(proxy.url),
      options: { standbyRetryMs: 60_000, leaderCheckIntervalMs: 200, leaderCheckTimeoutMs: 1_000 },
    });
    const second = runnerFor(database, countingProjection, 20, 50);
    first.start();
    await waitUntil('the first instance leads', () => first.status().isLeader);
    second.start();
    const writing = keepWriting(200);
    try {
      await waitUntil('the first instance applied some events', async () => Number((await everyEventOnce()).applied) > 0);
      // Its session stays open on both ends, but nothing gets through any more, as in a network partition.
      proxy.freeze();

      await waitUntil('the standby took over', () => second.status().isLeader, 20_000);
      expect(first.status().isLeader).toBe(false);
      await writing;
      await waitUntilCaughtUp(database.pool, 'counting');
      const { applied, distinct, events } = await everyEventOnce();
      expect([applied, distinct]).toEqual([events, events]);
    } finally {
      await writing;
      await first.stop();
      await second.stop();
      await proxy.close();
    }
  }, 60_000);
});
