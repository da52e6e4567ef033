import pg from 'pg';
import {
  checkpoints,
  EventStore,
  type LogConsumer,
  type LogConsumerOptions,
  LogConsumerRunner,
  type StructuredLogger,
  type WakeUps,
} from '#libs/event-store';
import { sessionFactory } from '#libs/database';
import type { TestDatabase } from './database.js';

export const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface RunnerExtras {
  options?: Partial<LogConsumerOptions>;
  wakeUps?: WakeUps;
  logger?: StructuredLogger;
  newSession?: () => pg.Client;
}

/** A LogConsumerRunner on a test database, with fast polling, back-off and leadership checks so tests do not wait long. */
export function runnerFor(
  database: TestDatabase,
  consumer: LogConsumer,
  batchSize = 100,
  pollIntervalMs = 50,
  extras: RunnerExtras = {},
): LogConsumerRunner {
  return new LogConsumerRunner(
    consumer,
    database.pool,
    extras.newSession ?? sessionFactory(database.url),
    new EventStore(database.pool),
    {
      batchSize,
      pollIntervalMs,
      standbyRetryMs: 100,
      maxBackoffMs: 200,
      maxAttempts: 3,
      leaderCheckIntervalMs: 200,
      leaderCheckTimeoutMs: 2_000,
      ...extras.options,
    },
    extras.logger ?? quiet,
    extras.wakeUps,
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

/** How many events of the log, in log order, come after the consumer's checkpoint. */
export async function eventsBehind(pool: pg.Pool, consumer: string): Promise<number> {
  const checkpoint = await checkpoints.load(pool, consumer);
  const result = await pool.query<{ count: string }>('SELECT count(*) FROM events WHERE (transaction_id, position) > ($1::xid8, $2)', [
    checkpoint.transactionId.toString(),
    checkpoint.position.toString(),
  ]);
  return Number(result.rows[0]?.count);
}

/** Waits until the consumer has handled every event of the log. */
export function waitUntilCaughtUp(pool: pg.Pool, consumer: string, timeoutMs = 30_000): Promise<void> {
  return waitUntil(`${consumer} caught up with the log`, async () => (await eventsBehind(pool, consumer)) === 0, timeoutMs);
}

/** The log position of the consumer's checkpoint; 0 before its first batch. */
export async function checkpointPosition(pool: pg.Pool, consumer: string): Promise<bigint> {
  return (await checkpoints.load(pool, consumer)).position;
}
