import pg from 'pg';
import { ConsumerProgress, EventStore, WakeUps } from '#libs/event-store';
import { projection, ReadYourWrites, setBased } from '#libs/read-models';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { countRows, runnerFor, waitUntil } from '../support/consumers.js';

const LISTENER_NAME = 'read-your-writes-test';

describe('read-your-writes', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it('however often its LISTEN session is lost, it reconnects one session at a time and keeps no other open', async () => {
    let created = 0;
    // Slow to connect, so that many re-checks (every 10 ms) come while a reconnect is under way.
    const slowSession = () => {
      const client = new pg.Client({ connectionString: database.url, application_name: LISTENER_NAME });
      client.on('error', () => undefined);
      const connect = client.connect.bind(client);
      client.connect = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return connect();
      }) as typeof client.connect;
      created++;
      return client;
    };
    const listeners = () =>
      countRows(
        database.pool,
        `SELECT count(*) FROM pg_stat_activity WHERE application_name = '${LISTENER_NAME}' AND query LIKE 'LISTEN%'`,
      );
    const progress = new ConsumerProgress(database.pool, slowSession, undefined, 10);
    await progress.start();
    // A waiter that is never satisfied keeps the re-checks going.
    const waiting = progress.waitFor(['nobody'], { transactionId: 1n, position: 1n }, 60_000);
    try {
      for (let lost = 1; lost <= 3; lost++) {
        await database.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${LISTENER_NAME}'`);
        await waitUntil(`reconnect #${lost} listens`, async () => created === 1 + lost && (await listeners()) === 1);
      }
      expect(created).toBe(4);
      expect(await countRows(database.pool, `SELECT count(*) FROM pg_stat_activity WHERE application_name = '${LISTENER_NAME}'`)).toBe(1);
    } finally {
      await progress.stop();
      await waiting;
    }
  });

  it('a command waits only for the projections that handle its event types', async () => {
    const tenants = projection({ name: 'handles-tenants', parts: [{ TenantCreated: async () => undefined }], ignores: [] });
    // Never runs, so its checkpoint never moves: waiting for it would run out.
    const users = projection({ name: 'handles-users', parts: [{ UserCreated: async () => undefined }], ignores: [] });
    const wakeUps = new WakeUps();
    const progress = new ConsumerProgress(database.pool, () => new pg.Client({ connectionString: database.url }), wakeUps);
    await progress.start();
    const runner = runnerFor(database, tenants, 100, 50, { wakeUps });
    runner.start();
    try {
      const store = new EventStore(database.pool, undefined, () => wakeUps.appended());
      const appended = await store.appendToStream('tenant-acme', 'tenant', 'no_stream', [{ type: 'TenantCreated', data: {} }]);
      const readYourWrites = new ReadYourWrites(progress, 25_000, [tenants, users]);

      expect(await readYourWrites.waitUntilApplied(appended.lastEvent, ['TenantCreated'])).toBe(true);
      expect(await readYourWrites.waitUntilApplied(appended.lastEvent, ['NobodyHandlesThis'])).toBe(true);
    } finally {
      await runner.stop();
      await progress.stop();
    }
  }, 40_000);

  it('a command never waits for a projection that says readYourWrites: false, though it handles every event type', async () => {
    const tenants = projection({ name: 'handles-tenants', parts: [{ TenantCreated: async () => undefined }], ignores: [] });
    // Never runs, like an audit log far behind: waiting for it would run out.
    const everyEvent = projection({ name: 'every-event', everyEvent: setBased(async () => undefined), readYourWrites: false });
    const wakeUps = new WakeUps();
    const progress = new ConsumerProgress(database.pool, () => new pg.Client({ connectionString: database.url }), wakeUps);
    await progress.start();
    const runner = runnerFor(database, tenants, 100, 50, { wakeUps });
    runner.start();
    try {
      const store = new EventStore(database.pool, undefined, () => wakeUps.appended());
      const appended = await store.appendToStream('tenant-acme', 'tenant', 'no_stream', [{ type: 'TenantCreated', data: {} }]);
      const readYourWrites = new ReadYourWrites(progress, 25_000, [tenants, everyEvent]);

      expect(await readYourWrites.waitUntilApplied(appended.lastEvent, ['TenantCreated'])).toBe(true);
      expect(await readYourWrites.waitUntilApplied(appended.lastEvent)).toBe(true);
      expect(await new ReadYourWrites(progress, 200, [everyEvent]).waitUntilApplied(appended.lastEvent, ['AnyType'])).toBe(true);
    } finally {
      await runner.stop();
      await progress.stop();
    }
  }, 40_000);

  it("another process's checkpoint reaches a waiter by its NOTIFY, without waiting for the table re-check", async () => {
    // The re-check is pushed out of reach: only the notification can satisfy the waiter in time.
    const progress = new ConsumerProgress(database.pool, () => new pg.Client({ connectionString: database.url }), new WakeUps(), 600_000);
    await progress.start();
    try {
      const target = { transactionId: 42n, position: 7n };
      const waiting = progress.waitFor(['elsewhere'], target, 30_000);
      // The other process: its projector announces its checkpoint after commit, through Postgres.
      new WakeUps(database.pool).checkpointMoved('elsewhere', target);
      expect(await waiting).toBe(true);
    } finally {
      await progress.stop();
    }
  }, 40_000);
});
