import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runCommand } from '#libs/application';
import { createPool, MIGRATIONS_DIR, runMigrations } from '#libs/database';
import { CreateTenant, tenantDecider, UpdateTenant } from '#libs/domain/tenant';
import { EventStore } from '#libs/event-store';

describe('migration 0003 on a database with streams', () => {
  const serverUrl = process.env.DATABASE_URL!;
  const name = `test_${randomBytes(6).toString('hex')}`;
  let pool: pg.Pool;
  let earlierMigrations: string;

  beforeAll(async () => {
    await onServer(serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    pool = createPool(url.toString(), 4);
    earlierMigrations = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    for (const file of ['0001_event_store.sql', '0002_tenants.sql']) {
      await copyFile(path.join(MIGRATIONS_DIR, file), path.join(earlierMigrations, file));
    }
  });
  afterAll(async () => {
    await pool.end();
    await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await rm(earlierMigrations, { recursive: true, force: true });
  });

  it('gives every existing stream the transaction id of its last event, and commands then keep its state', async () => {
    await runMigrations(pool, earlierMigrations);
    // Two transactions, as the store before 0003 wrote them.
    for (const [version, type] of [
      [1, 'TenantCreated'],
      [2, 'TenantUpdated'],
    ] as const) {
      await pool.query(
        `WITH stream AS (INSERT INTO streams (stream_id, stream_type, version) VALUES ('tenant-old', 'tenant', $1)
                           ON CONFLICT (stream_id) DO UPDATE SET version = $1 RETURNING version)
         INSERT INTO events (stream_id, stream_type, stream_version, event_id, event_type, schema_version, data)
         SELECT 'tenant-old', 'tenant', version, gen_random_uuid(), $2, 1, $3 FROM stream`,
        [version, type, { tenant_name: 'old', desc: `v${version}`, config: {}, create_time: 1 }],
      );
    }

    await runMigrations(pool);

    const stream = await pool.query(
      `SELECT s.last_transaction_id = e.transaction_id AS matches, s.state_version
         FROM streams s JOIN events e ON e.stream_id = s.stream_id AND e.stream_version = 2`,
    );
    expect(stream.rows).toEqual([{ matches: true, state_version: '0' }]);
    const store = new EventStore(pool);
    await runCommand(store, tenantDecider, new UpdateTenant('old', 'v3', undefined));
    await expect(runCommand(store, tenantDecider, new CreateTenant('old', '', undefined, 1))).rejects.toThrow('already exists');
    const [loaded] = await store.loadStreams([{ streamId: 'tenant-old', stateSchema: tenantDecider.stateSchema }]);
    expect(loaded).toMatchObject({ version: 3, stateVersion: 3, state: { status: 'active', desc: 'v3' }, eventsAfterState: [] });
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
