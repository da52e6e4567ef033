import 'reflect-metadata';
import { NodeRegistry } from '#libs/cluster';
import { WakeUps } from '#libs/event-store';
import { listenForMetrics, ServiceMetrics } from '#libs/metrics';
import { createEventStore, openDatabase, startWorkers } from '#libs/runtime';
import { runProcess } from '../../shared/process.js';

/** Projectors and the Kafka publisher alone, for scale-out and failover beside API-only instances. */
await runProcess(async (settings, logger) => {
  const database = await openDatabase(settings, logger);
  const metrics = new ServiceMetrics();
  // Checkpoints are announced to the API instances by a NOTIFY after each commit.
  const workers = startWorkers(
    settings,
    database,
    createEventStore(database.pool, undefined, metrics),
    logger,
    new WakeUps(database.pool),
    metrics,
  );
  const node = new NodeRegistry(
    database.pool,
    { roles: ['worker'], workers: () => workers.runners.map((runner) => runner.status()) },
    logger,
  );
  try {
    await node.register();
  } catch (error) {
    await workers.stop();
    await database.close();
    throw error;
  }
  // Prometheus scrapes every process: this one has no API, so it answers GET /metrics on a port of its own.
  const listener =
    settings.metricsPort === undefined
      ? undefined
      : await listenForMetrics(metrics, settings.metricsPort, settings.host).catch(async (error: unknown) => {
          await workers.stop();
          await node.deregister();
          await database.close();
          throw error;
        });
  logger.info(
    { consumers: workers.runners.map((runner) => runner.status().name), metrics: listener?.url, nodeId: node.nodeId },
    'worker is running',
  );
  return {
    async close() {
      await listener?.close();
      await workers.stop();
      // After the workers released their locks: the node leaves the registry once it no longer leads anything.
      await node.deregister();
      await database.close();
    },
  };
});
