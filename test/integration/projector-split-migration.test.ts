import { randomBytes, randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runCommand } from '#libs/application';
import { createPool, MIGRATIONS_DIR, runMigrations } from '#libs/database';
import { CreateTenant, tenantDecider } from '#libs/domain/tenant';
import { checkpoints, EventStore, LOG_START, parkedEvents } from '#libs/event-store';
import { metaProjection, mqttProjection } from '#libs/read-models';
import { runnerFor, waitUntilCaughtUp } from '../support/consumers.js';

const NOW = 1_700_000_000;

describe('migration 0017 on a database the cluster-metadata projection has projected', () => {
  const serverUrl = process.env.DATABASE_URL!;
  const name = `test_${randomBytes(6).toString('hex')}`;
  let url: string;
  let pool: pg.Pool;
  let earlierMigrations: string;

  beforeAll(async () => {
    await onServer(serverUrl, `CREATE DATABASE ${name}`);
    const parsed = new URL(serverUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    pool = createPool(url, 4);
    earlierMigrations = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    for (const file of (await readdir(MIGRATIONS_DIR)).filter((file) => file < '0017')) {
      await copyFile(path.join(MIGRATIONS_DIR, file), path.join(earlierMigrations, file));
    }
  });
  afterAll(async () => {
    await pool.end();
    await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await rm(earlierMigrations, { recursive: true, force: true });
  });

  it('starts meta and mqtt at its checkpoint, hands its parked events to the projector of their type, and nothing is projected again', async () => {
    await runMigrations(pool, earlierMigrations);
    const store = new EventStore(pool);
    for (const tenant of ['t1', 't2']) await runCommand(store, tenantDecider, new CreateTenant(tenant, '', undefined, NOW));
    const [first, second] = await store.readAllAfter(LOG_START, 10);
    // Where cluster-metadata stood: both events applied, their rows in place; and one event of each kind parked.
    await pool.query(
      `INSERT INTO rm_tenants (tenant_name, tenant_name_folded, description, config, create_time)
       VALUES ('t1', 't1', 'as projected', '{}', 1), ('t2', 't2', 'as projected', '{}', 1)`,
    );
    await checkpoints.ensure(pool, 'cluster-metadata');
    await checkpoints.advance(pool, 'cluster-metadata', LOG_START, { transactionId: second!.transactionId, position: second!.position });
    await parkedEvents.park(pool, 'cluster-metadata', first!, 'a tenant failure', 5);
    await parkedEvents.park(pool, 'cluster-metadata', { ...first!, eventId: randomUUID(), eventType: 'UserCreated' }, 'a user failure', 5);

    await runMigrations(pool);

    const rows = await pool.query('SELECT consumer_name, position FROM consumer_checkpoints ORDER BY consumer_name');
    expect(rows.rows).toEqual([
      { consumer_name: 'meta', position: second!.position.toString() },
      { consumer_name: 'mqtt', position: second!.position.toString() },
    ]);
    const moved = await parkedEvents.list(pool);
    expect(moved.map((event) => [event.consumer, event.eventType]).sort()).toEqual([
      ['meta', 'TenantCreated'],
      ['mqtt', 'UserCreated'],
    ]);

    // The projectors carry on from there: the rows written before stay as they were (no replay from 0).
    await runCommand(store, tenantDecider, new CreateTenant('t3', 'after the upgrade', undefined, NOW));
    const runners = [metaProjection, mqttProjection].map((projection) => runnerFor({ url, pool, drop: async () => undefined }, projection));
    for (const runner of runners) runner.start();
    try {
      await waitUntilCaughtUp(pool, 'meta');
      await waitUntilCaughtUp(pool, 'mqtt');
    } finally {
      for (const runner of runners) await runner.stop();
    }
    const tenants = await pool.query('SELECT tenant_name, description FROM rm_tenants ORDER BY tenant_name');
    expect(tenants.rows).toEqual([
      { tenant_name: 't1', description: 'as projected' },
      { tenant_name: 't2', description: 'as projected' },
      { tenant_name: 't3', description: 'after the upgrade' },
    ]);
  });
});

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
