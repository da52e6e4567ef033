import type { Settings } from '#libs/config';
import { ConsumerProgress, type EventStore } from '#libs/event-store';
import { ReadYourWrites } from '#libs/read-models';
import { createEventStore, ensureDefaultTenant, type Logger, openDatabase, startWorkers, type Workers } from '#libs/runtime';
import { createHttpServer } from './http-server.js';

export interface RunningService {
  url: string;
  store: EventStore;
  workers: Workers | undefined;
  close(): Promise<void>;
}

/**
 * API and, unless RUN_WORKERS=false, the projectors and the Kafka publisher, in one process.
 * A failed start closes what it had opened, newest first, so nothing is left running.
 */
export async function startService(settings: Settings, logger: Logger): Promise<RunningService> {
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
  };
  try {
    const database = await openDatabase(settings, logger);
    closers.push(() => database.close());
    const store = createEventStore(database.pool);
    const defaultTenantCreated = await ensureDefaultTenant(store);
    const workers = settings.runWorkers ? startWorkers(settings, database, store, logger) : undefined;
    if (workers) closers.push(() => workers.stop());
    const progress = new ConsumerProgress(database.pool, database.newSession);
    closers.push(() => progress.stop());
    await progress.start();
    const readYourWrites = new ReadYourWrites(progress, settings.readYourWritesTimeoutMs);
    // The first list after start-up shows the default tenant, as the list after any command shows its write.
    if (defaultTenantCreated) await readYourWrites.waitUntilApplied(defaultTenantCreated);
    const app = await createHttpServer({ settings, logger, pool: database.pool, store, readYourWrites });
    closers.push(() => app.close());
    await app.listen(settings.port, settings.host);
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    logger.info({ url, workers: settings.runWorkers }, 'robustmq-admin is serving');
    if (!isLoopback(settings.host)) {
      logger.warn({ host: settings.host }, 'the API has no authentication yet: anyone who can reach this address can change the cluster');
    }
    return { url, store, workers, close: closeAll };
  } catch (error) {
    await closeAll().catch((closeError) => logger.error({ err: closeError }, 'could not close after a failed start'));
    throw error;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
