import pg from 'pg';
import { EventStore, type LogConsumer, LogConsumerRunner } from '#libs/event-store';
import { sessionFactory } from '#libs/database';
import type { TestDatabase } from './database.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A LogConsumerRunner on a test database, with fast polling so tests do not wait long. */
export function runnerFor(database: TestDatabase, consumer: LogConsumer, batchSize = 100, pollIntervalMs = 50): LogConsumerRunner {
  return new LogConsumerRunner(
    consumer,
    database.pool,
    sessionFactory(database.url),
    new EventStore(database.pool),
    { batchSize, pollIntervalMs, standbyRetryMs: 100, maxBackoffMs: 200 },
    quiet,
  );
}

/** Polls a condition until it holds, failing with `what` after the timeout; tests never sleep blindly. */
export async function waitUntil(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function countRows(pool: pg.Pool, sql: string): Promise<number> {
  const result = await pool.query<{ count: string }>(sql);
  return Number(result.rows[0]?.count);
}
