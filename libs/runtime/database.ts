import type pg from 'pg';
import type { Settings } from '#libs/config';
import { createPool, runMigrations, sessionFactory, startEmbeddedPostgres } from '#libs/database';
import type { Logger } from './logger.js';

export interface Database {
  url: string;
  pool: pg.Pool;
  newSession: () => pg.Client;
  close(): Promise<void>;
}

/** Connects to DATABASE_URL, or starts the embedded Postgres when it is unset, and applies migrations. */
export async function openDatabase(settings: Settings, logger: Logger): Promise<Database> {
  const embedded = settings.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: settings.dataDir, port: settings.embeddedPostgresPort });
  if (embedded)
    logger.info({ dataDir: embedded.dataDir }, `DATABASE_URL is unset: started the embedded Postgres, data in ${embedded.dataDir}`);
  const url = settings.databaseUrl ?? embedded!.url;
  const pool = createPool(url, settings.databasePoolSize);
  try {
    const applied = await runMigrations(pool);
    logger.info({ applied }, applied.length > 0 ? 'applied migrations' : 'migrations are up to date');
  } catch (error) {
    await pool.end();
    await embedded?.stop();
    throw error;
  }
  return {
    url,
    pool,
    newSession: sessionFactory(url),
    async close() {
      await pool.end();
      await embedded?.stop();
    },
  };
}
