import type { Settings } from '#libs/config';
import { ConsumerProgress, EventStore } from '#libs/event-store';
import { projections } from '#libs/read-models';
import { ensureDefaultTenant, type Logger, openDatabase, startWorkers, type Workers } from '#libs/runtime';
import { createHttpServer } from './http-server.js';

export interface RunningService {
  url: string;
  workers: Workers | undefined;
  close(): Promise<void>;
}

/** API and, unless RUN_WORKERS=false, the projectors and the Kafka publisher, in one process. */
export async function startService(settings: Settings, logger: Logger): Promise<RunningService> {
  const database = await openDatabase(settings, logger);
  const store = new EventStore(database.pool);
  const defaultTenantCreated = await ensureDefaultTenant(store);
  const workers = settings.runWorkers ? startWorkers(settings, database, store, logger) : undefined;
  const progress = new ConsumerProgress(database.pool, database.newSession);
  await progress.start();
  // The first list after start-up shows the default tenant (bounded, like a command's read-your-writes wait).
  if (defaultTenantCreated) {
    const names = projections.map((projection) => projection.name);
    await progress.waitFor(names, defaultTenantCreated, settings.readYourWritesTimeoutMs);
  }
  const app = await createHttpServer({ settings, logger, pool: database.pool, store, progress });
  await app.listen(settings.port, settings.host);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  logger.info({ url, workers: settings.runWorkers }, 'robustmq-admin is serving');
  return {
    url,
    workers,
    async close() {
      await app.close();
      await progress.stop();
      await workers?.stop();
      await database.close();
    },
  };
}
