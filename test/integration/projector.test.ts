import { runCommand } from '#libs/application';
import { CreateTenant, DeleteTenant, UpdateTenant, tenantDecider } from '#libs/domain/tenant';
import { EventStore, type LogConsumer } from '#libs/event-store';
import { clusterMetadataProjection } from '#libs/read-models';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runnerFor, waitUntil } from '../support/consumers.js';

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

async function checkpointPosition(database: TestDatabase, consumer: string): Promise<bigint> {
  const result = await database.pool.query('SELECT position FROM consumer_checkpoints WHERE consumer_name = $1', [consumer]);
  return BigInt(result.rows[0]?.position ?? 0);
}

async function logHead(database: TestDatabase): Promise<bigint> {
  return new EventStore(database.pool).head();
}

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
      ...clusterMetadataProjection,
      async handle(events, db) {
        if (failuresLeft > 0 && events.length > 10) {
          await clusterMetadataProjection.handle(events.slice(0, 10), db);
          failuresLeft--;
          throw new Error('projector process died');
        }
        await clusterMetadataProjection.handle(events, db);
      },
    };
    const crashed = runnerFor(database, crashingOnce, 64);
    crashed.start();
    await waitUntil('the projector crashed', () => failuresLeft === 0);
    await crashed.stop();
    expect(await checkpointPosition(database, 'cluster-metadata')).toBe(0n);
    expect(await readModel(database)).toEqual([]);

    const restarted = runnerFor(database, clusterMetadataProjection, 64);
    restarted.start();
    const head = await logHead(database);
    await waitUntil('the restarted projector caught up', async () => (await checkpointPosition(database, 'cluster-metadata')) === head);
    await restarted.stop();
    const afterRecovery = await readModel(database);

    await database.pool.query("TRUNCATE rm_tenants; UPDATE consumer_checkpoints SET transaction_id = '0', position = 0");
    const rebuild = runnerFor(database, clusterMetadataProjection, 1000);
    rebuild.start();
    await waitUntil('the rebuild caught up', async () => (await checkpointPosition(database, 'cluster-metadata')) === head);
    await rebuild.stop();

    expect(afterRecovery).toHaveLength(250);
    expect(afterRecovery).toEqual(await readModel(database));
  });

  it('of two projector instances only one is active, and the other takes over when it stops', async () => {
    const first = runnerFor(database, clusterMetadataProjection);
    const second = runnerFor(database, clusterMetadataProjection);
    first.start();
    await waitUntil('the first instance leads', () => first.status().isLeader);
    second.start();
    const head = await logHead(database);
    await waitUntil('the projection caught up', async () => (await checkpointPosition(database, 'cluster-metadata')) === head);
    expect(second.status().isLeader).toBe(false);

    await first.stop();
    await waitUntil('the second instance took over', () => second.status().isLeader);
    await runCommand(new EventStore(database.pool), tenantDecider, new CreateTenant('after-failover', '', undefined, NOW));
    const newHead = await logHead(database);
    await waitUntil(
      'the new leader applied the new event',
      async () => (await checkpointPosition(database, 'cluster-metadata')) === newHead,
    );
    expect((await database.pool.query("SELECT 1 FROM rm_tenants WHERE tenant_name = 'after-failover'")).rowCount).toBe(1);
    await second.stop();
  });

  it('wakes on the notification of a new event instead of waiting for its next poll', async () => {
    const runner = runnerFor(database, clusterMetadataProjection, 100, 10 * 60_000);
    runner.start();
    try {
      await waitUntil(
        'the backlog was applied',
        async () => (await checkpointPosition(database, 'cluster-metadata')) === (await logHead(database)),
      );
      await runCommand(new EventStore(database.pool), tenantDecider, new CreateTenant('woken', '', undefined, NOW));
      const head = await logHead(database);
      // Far below the ten-minute poll: only the NOTIFY can have woken it.
      await waitUntil('the new event was applied', async () => (await checkpointPosition(database, 'cluster-metadata')) === head, 20_000);
    } finally {
      await runner.stop();
    }
  });

  it('still applies events whose notification never came, by polling', async () => {
    await database.pool.query('DROP TRIGGER events_appended ON events');
    const runner = runnerFor(database, clusterMetadataProjection, 100, 100);
    runner.start();
    try {
      await runCommand(new EventStore(database.pool), tenantDecider, new CreateTenant('unannounced', '', undefined, NOW));
      const head = await logHead(database);
      await waitUntil('the unannounced event was applied', async () => (await checkpointPosition(database, 'cluster-metadata')) === head);
      expect((await database.pool.query("SELECT 1 FROM rm_tenants WHERE tenant_name = 'unannounced'")).rowCount).toBe(1);
    } finally {
      await runner.stop();
    }
  });
});
