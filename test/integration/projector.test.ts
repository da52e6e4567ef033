import { runCommand } from '#libs/application';
import { CreateTenant, DeleteTenant, UpdateTenant, tenantDecider } from '#libs/domain/tenant';
import { EventStore, type LogConsumer } from '#libs/event-store';
import { clusterMetadataProjection } from '#libs/read-models';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { checkpointPosition, runnerFor, waitUntil, waitUntilCaughtUp } from '../support/consumers.js';

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

const caughtUp = (database: TestDatabase, timeoutMs?: number) => waitUntilCaughtUp(database.pool, 'cluster-metadata', timeoutMs);

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
    expect(await checkpointPosition(database.pool, 'cluster-metadata')).toBe(0n);
    expect(await readModel(database)).toEqual([]);

    const restarted = runnerFor(database, clusterMetadataProjection, 64);
    restarted.start();
    await caughtUp(database);
    await restarted.stop();
    const afterRecovery = await readModel(database);

    await database.pool.query("TRUNCATE rm_tenants; UPDATE consumer_checkpoints SET transaction_id = '0', position = 0");
    const rebuild = runnerFor(database, clusterMetadataProjection, 1000);
    rebuild.start();
    await caughtUp(database);
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
    await caughtUp(database);
    expect(second.status().isLeader).toBe(false);

    await first.stop();
    await waitUntil('the second instance took over', () => second.status().isLeader);
    await runCommand(new EventStore(database.pool), tenantDecider, new CreateTenant('after-failover', '', undefined, NOW));
    await caughtUp(database);
    expect((await database.pool.query("SELECT 1 FROM rm_tenants WHERE tenant_name = 'after-failover'")).rowCount).toBe(1);
    await second.stop();
  });

  it('wakes on the notification of a new event instead of waiting for its next poll', async () => {
    const runner = runnerFor(database, clusterMetadataProjection, 100, 10 * 60_000);
    runner.start();
    try {
      await caughtUp(database);
      await runCommand(new EventStore(database.pool), tenantDecider, new CreateTenant('woken', '', undefined, NOW));
      // Far below the ten-minute poll: only the NOTIFY can have woken it.
      await caughtUp(database, 20_000);
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
      await caughtUp(database);
      expect((await database.pool.query("SELECT 1 FROM rm_tenants WHERE tenant_name = 'unannounced'")).rowCount).toBe(1);
    } finally {
      await runner.stop();
    }
  });
});
