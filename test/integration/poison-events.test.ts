import { runCommand } from '#libs/application';
import { CreateTenant, DEFAULT_TENANT_CONFIG, tenantDecider } from '#libs/domain/tenant';
import { ConsumerProgress, EventStore, type LogConsumer, parkedEvents, retryParkedEvent, WakeUps } from '#libs/event-store';
import { sessionFactory } from '#libs/database';
import { metaProjection, ReadYourWrites } from '#libs/read-models';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runnerFor, waitUntilCaughtUp } from '../support/consumers.js';

const NOW = 1_700_000_000;

/** A read model that refuses some rows, as a bug or a bad constraint would: its handler throws for those events. */
const REFUSE_POISONED_TENANTS = `
  CREATE FUNCTION refuse_poisoned() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.tenant_name LIKE 'poison%' THEN RAISE EXCEPTION 'tenant % is poisoned', NEW.tenant_name; END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER refuse_poisoned BEFORE INSERT ON rm_tenants FOR EACH ROW EXECUTE FUNCTION refuse_poisoned()`;

/** Records what the runner logs, to check what it reports. */
function recordingLogger() {
  const lines: { level: string; object: object; message: string }[] = [];
  const at = (level: string) => (object: object, message: string) => void lines.push({ level, object, message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

describe('a poison event', () => {
  let database: TestDatabase;
  let store: EventStore;
  const create = (name: string) => runCommand(store, tenantDecider, new CreateTenant(name, '', undefined, NOW));
  const tenants = async () =>
    (await database.pool.query('SELECT tenant_name FROM rm_tenants ORDER BY tenant_name')).rows.map((row) => row.tenant_name);
  const caughtUp = () => waitUntilCaughtUp(database.pool, 'meta');

  beforeEach(async () => {
    database = await createTestDatabase();
    store = new EventStore(database.pool);
    await database.pool.query(REFUSE_POISONED_TENANTS);
  });
  afterEach(() => database.drop());

  it('is parked after the retries, reported in the log and the status, and the events after it are applied', async () => {
    await create('before');
    await create('poison');
    await create('after');
    const logger = recordingLogger();
    const runner = runnerFor(database, metaProjection, 100, 50, { options: { maxAttempts: 3 }, logger });
    runner.start();
    try {
      await caughtUp();
      expect(await tenants()).toEqual(['after', 'before']);
      const parked = await parkedEvents.list(database.pool);
      expect(parked).toEqual([
        expect.objectContaining({
          consumer: 'meta',
          eventType: 'TenantCreated',
          attempts: 4,
          error: 'tenant poison is poisoned',
        }),
      ]);
      expect(runner.status().parkedEvents).toBe(1);
      expect(logger.lines).toContainEqual(
        expect.objectContaining({
          level: 'error',
          object: expect.objectContaining({ eventId: parked[0]!.eventId, consumer: 'meta' }),
        }),
      );
    } finally {
      await runner.stop();
    }
  });

  it('inside a run that one set-based statement applies, is found and parked alone, and the rest of the run is applied', async () => {
    const names = Array.from({ length: 20 }, (_, i) => (i === 12 ? 'poison-in-run' : `run-${String(i).padStart(2, '0')}`));
    // One append, so the runner reads them as one run of TenantCreated events.
    await store.appendToStreams(
      names.map((name) => ({
        streamId: `tenant-${name}`,
        streamType: 'tenant',
        expected: 'no_stream' as const,
        events: [{ type: 'TenantCreated', data: { tenant_name: name, desc: '', config: DEFAULT_TENANT_CONFIG, create_time: NOW } }],
      })),
    );
    const runner = runnerFor(database, metaProjection, 100, 50, { options: { maxAttempts: 2 } });
    runner.start();
    try {
      await caughtUp();
      expect(await tenants()).toEqual(names.filter((name) => name !== 'poison-in-run'));
      expect((await parkedEvents.list(database.pool)).map((parked) => parked.error)).toEqual(['tenant poison-in-run is poisoned']);
    } finally {
      await runner.stop();
    }
  });

  it('no longer holds up read-your-writes: a command after it answers applied', async () => {
    const wakeUps = new WakeUps(database.pool);
    store = new EventStore(database.pool, undefined, () => wakeUps.appended());
    const progress = new ConsumerProgress(database.pool, sessionFactory(database.url), wakeUps);
    await progress.start();
    const runner = runnerFor(database, metaProjection, 100, 50, { options: { maxAttempts: 3 }, wakeUps });
    runner.start();
    try {
      await create('poison');
      const later = await create('later');
      // Far longer than the retries take: without parking, the wait would run out.
      const applied = await new ReadYourWrites(progress, 25_000).waitUntilApplied(later.lastEvent!, later.eventTypes);
      expect(applied).toBe(true);
      expect(await tenants()).toEqual(['later']);
    } finally {
      await runner.stop();
      await progress.stop();
    }
  }, 40_000);

  it('once the cause is fixed, a retry applies it and takes it off the list; a discarded one is only taken off', async () => {
    await create('poison-1');
    await create('poison-2');
    const runner = runnerFor(database, metaProjection, 100, 50, { options: { maxAttempts: 2 } });
    runner.start();
    await caughtUp();
    await runner.stop();
    const [first, second] = await parkedEvents.list(database.pool, 'meta');

    await expect(retryParkedEvent(database.pool, store, metaProjection, first!)).rejects.toThrow('tenant poison-1 is poisoned');
    expect(await parkedEvents.count(database.pool, 'meta')).toBe(2);

    await database.pool.query('DROP TRIGGER refuse_poisoned ON rm_tenants');
    await retryParkedEvent(database.pool, store, metaProjection, first!);
    expect(await parkedEvents.remove(database.pool, 'meta', second!.eventId)).toBe(true);

    expect(await tenants()).toEqual(['poison-1']);
    expect(await parkedEvents.list(database.pool)).toEqual([]);
  });

  it('a failure of Postgres itself is retried until it passes and never parks an event', async () => {
    await create('one');
    await create('two');
    let connectionsKilled = 0;
    // Its connection is terminated under it, more often than the attempts allowed for a poison event.
    const losingItsConnection: LogConsumer = {
      ...metaProjection,
      async handle(events, db) {
        if (connectionsKilled < 6) {
          connectionsKilled++;
          await db.query('SELECT pg_terminate_backend(pg_backend_pid())');
        }
        await metaProjection.handle(events, db);
      },
    };
    const runner = runnerFor(database, losingItsConnection, 100, 50, { options: { maxAttempts: 2 } });
    runner.start();
    try {
      await caughtUp();
      expect(connectionsKilled).toBe(6);
      expect(await tenants()).toEqual(['one', 'two']);
      expect(await parkedEvents.list(database.pool)).toEqual([]);
    } finally {
      await runner.stop();
    }
  });
});
