// The rebuild library (what `npm run rebuild` runs) on its own: which tables it replaces, and parked events.
import { runCommand } from '#libs/application';
import { sessionFactory } from '#libs/database';
import { CreateTenant, tenantDecider } from '#libs/domain/tenant';
import { EventStore } from '#libs/event-store';
import { metaProjection, mqttProjection, projections, readModelTables, rebuildProjections } from '#libs/read-models';
import { quiet, runnerFor, waitUntilCaughtUp } from '../support/consumers.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

describe('rebuilding read models', () => {
  let database: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new EventStore(database.pool);
  });
  afterAll(() => database?.drop());

  const rebuild = async () => {
    const session = sessionFactory(database.url)();
    await session.connect();
    try {
      return await rebuildProjections(database.pool, session, store, [metaProjection, mqttProjection], {
        batchSize: 100,
        lockWaitMs: 800,
        logger: quiet,
      });
    } finally {
      await session.end();
    }
  };
  const parked = async () =>
    (await database.pool.query('SELECT consumer_name, event_type, error FROM parked_events ORDER BY position')).rows;
  const tenants = async () =>
    (await database.pool.query("SELECT tenant_name FROM rm_tenants WHERE tenant_name <> 'default' ORDER BY 1")).rows.map(
      (row) => row.tenant_name,
    );

  it('every read-model table of the migrations belongs to exactly one projection, rm_counts to none', async () => {
    const migrated = (
      await database.pool.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'rm\\_%' ORDER BY 1")
    ).rows.map((row) => row.tablename as string);
    const declared = projections.flatMap(readModelTables);

    expect([...declared].sort()).toEqual(migrated.filter((table) => table !== 'rm_counts'));
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('parks the events its handlers refuse, as the live projector did, and applies those that now apply', async () => {
    // A read model that refuses some tenants, as a bug would; the rebuild's copy of the table has the same trigger.
    await database.pool.query(`
      CREATE FUNCTION refuse_poisoned() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.tenant_name LIKE 'poison%' THEN RAISE EXCEPTION 'tenant % is poisoned', NEW.tenant_name; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_poisoned BEFORE INSERT ON rm_tenants FOR EACH ROW EXECUTE FUNCTION refuse_poisoned()`);
    for (const name of ['poison-1', 'fine']) await runCommand(store, tenantDecider, new CreateTenant(name, '', undefined, 1));
    const runner = runnerFor(database, metaProjection, 100, 50, { options: { maxAttempts: 2 } });
    runner.start();
    await waitUntilCaughtUp(database.pool, 'meta');
    await runner.stop();
    expect(await parked()).toEqual([{ consumer_name: 'meta', event_type: 'TenantCreated', error: 'tenant poison-1 is poisoned' }]);

    const stillRefused = await rebuild();

    expect(stillRefused.parked).toBe(1);
    expect(await tenants()).toEqual(['fine']);
    expect(await parked()).toEqual([{ consumer_name: 'meta', event_type: 'TenantCreated', error: 'tenant poison-1 is poisoned' }]);

    await database.pool.query('DROP TRIGGER refuse_poisoned ON rm_tenants');
    const fixed = await rebuild();

    expect(fixed.parked).toBe(0);
    expect(await tenants()).toEqual(['fine', 'poison-1']);
    expect(await parked()).toEqual([]);
  });

  it('the new tables keep the grants, storage options and comment of the old, and a prepared statement on the old works on the new', async () => {
    await database.pool.query(`GRANT SELECT ON rm_users TO PUBLIC;
      ALTER TABLE rm_users SET (fillfactor = 90);
      COMMENT ON TABLE rm_users IS 'users, as brokers see them'`);
    const describe = async () =>
      (
        await database.pool.query(
          "SELECT oid, relacl::text, reloptions, obj_description(oid, 'pg_class') AS comment FROM pg_class WHERE oid = 'rm_users'::regclass",
        )
      ).rows[0];
    const before = await describe();
    const client = await database.pool.connect();
    try {
      const prepared = { name: 'count-users', text: 'SELECT count(*)::int AS count FROM rm_users' };
      const countBefore = (await client.query(prepared)).rows[0].count;

      await rebuild();

      const after = await describe();
      expect(after.oid).not.toBe(before.oid);
      expect({ ...after, oid: undefined }).toEqual({ ...before, oid: undefined });
      expect(after.relacl).toContain('=r/');
      expect((await client.query(prepared)).rows[0].count).toBe(countBefore);
    } finally {
      client.release();
    }
  });
});
