// `npm run parked -- list|retry|discard`, run as the npm script runs it, on events a projector parked.
import { runCommand } from '#libs/application';
import { CreateTenant, tenantDecider } from '#libs/domain/tenant';
import { EventStore } from '#libs/event-store';
import { metaProjection } from '#libs/read-models';
import { runnerFor, waitUntilCaughtUp } from '../support/consumers.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildApps, freshEnv, PARKED_MAIN, startBuilt } from '../support/built-app.js';

beforeAll(buildApps, 240_000);

describe('npm run parked', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    // A read model that refuses two tenants, as a bug would.
    await database.pool.query(`
      CREATE FUNCTION refuse_poisoned() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.tenant_name LIKE 'poison%' THEN RAISE EXCEPTION 'tenant % is poisoned', NEW.tenant_name; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_poisoned BEFORE INSERT ON rm_tenants FOR EACH ROW EXECUTE FUNCTION refuse_poisoned()`);
    const store = new EventStore(database.pool);
    for (const name of ['poison-1', 'fine', 'poison-2']) await runCommand(store, tenantDecider, new CreateTenant(name, '', undefined, 1));
    const runner = runnerFor(database, metaProjection, 100, 50, { options: { maxAttempts: 2 } });
    runner.start();
    await waitUntilCaughtUp(database.pool, 'meta');
    await runner.stop();
  }, 60_000);
  afterAll(() => database?.drop());

  async function parked(...args: string[]): Promise<{ code: number | null; lines: string[] }> {
    const run = startBuilt(PARKED_MAIN, freshEnv({ DATABASE_URL: database.url, LOG_LEVEL: 'warn' }), { args });
    const code = await run.exited;
    return { code, lines: run.output().trim().split('\n') };
  }
  const tenants = async () =>
    (await database.pool.query('SELECT tenant_name FROM rm_tenants ORDER BY tenant_name')).rows.map((row) => row.tenant_name);
  const parkedIds = async () =>
    (await database.pool.query('SELECT event_id FROM parked_events ORDER BY position')).rows.map((row) => row.event_id as string);

  it('list shows each parked event with its consumer, type, position, attempts and error', async () => {
    const { code, lines } = await parked('list');

    expect(code).toBe(0);
    const listed = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    expect(listed).toEqual([
      expect.objectContaining({
        consumer: 'meta',
        event_type: 'TenantCreated',
        attempts: 3,
        error: 'tenant poison-1 is poisoned',
      }),
      expect.objectContaining({
        consumer: 'meta',
        event_type: 'TenantCreated',
        attempts: 3,
        error: 'tenant poison-2 is poisoned',
      }),
    ]);
    expect(lines.at(-1)).toBe('2 parked event(s)');
  }, 60_000);

  it('retry of an event whose cause is not fixed fails and keeps it parked', async () => {
    const [first] = await parkedIds();

    const { code, lines } = await parked('retry', first!);

    expect(code).toBe(1);
    expect(lines.join('\n')).toContain('still failing');
    expect(await parkedIds()).toHaveLength(2);
  }, 60_000);

  it('after the fix, retry applies the event and takes it off the list; discard only takes the other off', async () => {
    const [first, second] = await parkedIds();
    await database.pool.query('DROP TRIGGER refuse_poisoned ON rm_tenants');

    expect((await parked('retry', first!)).code).toBe(0);
    expect((await parked('discard', second!)).code).toBe(0);

    expect(await tenants()).toEqual(['fine', 'poison-1']);
    expect(await parkedIds()).toEqual([]);
  }, 60_000);
});
