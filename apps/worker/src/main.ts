import 'reflect-metadata';
import { WakeUps } from '#libs/event-store';
import { createEventStore, openDatabase, startWorkers } from '#libs/runtime';
import { runProcess } from '../../shared/process.js';

/** Projectors and the Kafka publisher alone, for scale-out and failover beside API-only instances. */
await runProcess(async (settings, logger) => {
  const database = await openDatabase(settings, logger);
  // Checkpoints are announced to the API instances by a NOTIFY after each commit.
  const workers = startWorkers(settings, database, createEventStore(database.pool), logger, new WakeUps(database.pool));
  logger.info({ consumers: workers.runners.map((runner) => runner.status().name) }, 'worker is running');
  return {
    // SIGTERM: each consumer finishes its current batch and ends its lock session (a standby takes over
    // at once); whatever must happen before the database closes (leaving the node registry) goes between.
    async close() {
      await workers.stop();
      await database.close();
    },
  };
});
