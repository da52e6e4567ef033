import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { checkpoints } from './checkpoints.js';
import type { EventStore, Queryable } from './event-store.js';
import type { LogCheckpoint, RecordedEvent } from './events.js';

/**
 * Something that follows the whole event log: a projection or the Kafka publisher.
 * - `transactional`: `handle` writes through the given transaction, which also stores the checkpoint,
 *   so each event takes effect exactly once (read models).
 * - `at-least-once`: `handle` has effects outside Postgres; the checkpoint is stored only after it
 *   returns, so a crash repeats a batch but never loses one (Kafka).
 */
export interface LogConsumer {
  readonly name: string;
  readonly delivery: 'transactional' | 'at-least-once';
  handle(events: readonly RecordedEvent[], db: Queryable): Promise<void>;
}

export interface LogConsumerOptions {
  batchSize: number;
  /** Fallback when a notification is missed, or when events wait behind an open transaction. */
  pollIntervalMs: number;
  /** How often a standby instance tries to take over. */
  standbyRetryMs: number;
  /** Upper bound of the back-off after a failed batch. */
  maxBackoffMs: number;
}

/** The subset of pino that the libraries log through, so they do not depend on a logging package. */
export interface StructuredLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface LogConsumerStatus {
  name: string;
  isLeader: boolean;
  lastError: string | undefined;
}

/**
 * Runs one LogConsumer. Only the instance holding the consumer's advisory lock (on a dedicated
 * session) processes; the others stand by and take over when that session ends.
 */
export class LogConsumerRunner {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private wakePending = false;
  private leaderSession: pg.Client | undefined;
  private lastError: string | undefined;

  constructor(
    private readonly consumer: LogConsumer,
    private readonly pool: pg.Pool,
    private readonly newSession: () => pg.Client,
    private readonly store: EventStore,
    private readonly options: LogConsumerOptions,
    private readonly logger: StructuredLogger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
  }

  status(): LogConsumerStatus {
    return { name: this.consumer.name, isLeader: this.leaderSession !== undefined, lastError: this.lastError };
  }

  private async run(): Promise<void> {
    while (this.running) {
      const session = await this.tryToLead();
      if (!session) {
        await this.idle(this.options.standbyRetryMs);
        continue;
      }
      this.logger.info({ consumer: this.consumer.name }, 'log consumer is now active');
      await this.processWhileLeading(session);
      await this.resign(session);
    }
  }

  private async processWhileLeading(session: pg.Client): Promise<void> {
    let failures = 0;
    while (this.running && this.leaderSession === session) {
      try {
        const processed = await this.processBatch();
        failures = 0;
        this.lastError = undefined;
        if (processed < this.options.batchSize) await this.idle(this.options.pollIntervalMs);
      } catch (error) {
        failures++;
        this.lastError = error instanceof Error ? error.message : String(error);
        const backoff = Math.min(this.options.maxBackoffMs, 100 * 2 ** Math.min(failures, 10));
        this.logger.warn({ consumer: this.consumer.name, err: this.lastError, retryInMs: backoff }, 'log consumer batch failed');
        await this.idle(backoff);
      }
    }
  }

  /** Returns how many events the batch held. */
  private async processBatch(): Promise<number> {
    if (this.consumer.delivery === 'at-least-once') {
      const from = await checkpoints.load(this.pool, this.consumer.name);
      const events = await this.store.readAllAfter(from, this.options.batchSize);
      if (events.length === 0) return 0;
      await this.consumer.handle(events, this.pool);
      await this.moveCheckpoint(this.pool, from, events);
      return events.length;
    }
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const from = await checkpoints.load(client, this.consumer.name);
      const events = await this.store.readAllAfter(from, this.options.batchSize, client);
      if (events.length > 0) {
        await this.consumer.handle(events, client);
        await this.moveCheckpoint(client, from, events);
      }
      await client.query('COMMIT');
      return events.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async moveCheckpoint(db: Queryable, from: LogCheckpoint, events: readonly RecordedEvent[]): Promise<void> {
    const last = events.at(-1)!;
    const to = { transactionId: last.transactionId, position: last.position };
    if (!(await checkpoints.advance(db, this.consumer.name, from, to))) {
      throw new Error(`checkpoint of ${this.consumer.name} was moved by another instance`);
    }
  }

  private async tryToLead(): Promise<pg.Client | undefined> {
    const session = this.newSession();
    try {
      session.on('error', (error) => this.loseLeadership(session, error));
      await session.connect();
      await checkpoints.ensure(session, this.consumer.name);
      const result = await session.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_lock(hashtextextended('log-consumer:' || $1, 0)) AS locked",
        [this.consumer.name],
      );
      if (!result.rows[0]?.locked) {
        await session.end();
        return undefined;
      }
      session.on('notification', () => this.notify());
      session.on('end', () => this.loseLeadership(session, new Error('leader session ended')));
      await session.query('LISTEN event_log_appended');
      this.leaderSession = session;
      return session;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      await session.end().catch(() => undefined);
      return undefined;
    }
  }

  private loseLeadership(session: pg.Client, error: Error): void {
    if (this.leaderSession !== session) return;
    this.leaderSession = undefined;
    this.lastError = error.message;
    this.logger.warn({ consumer: this.consumer.name, err: error.message }, 'log consumer lost its leadership');
    this.notify();
  }

  private async resign(session: pg.Client): Promise<void> {
    if (this.leaderSession === session) this.leaderSession = undefined;
    // Ending the session releases the advisory lock, so a standby can take over at once.
    await session.end().catch(() => undefined);
  }

  private notify(): void {
    this.wakePending = true;
    this.wake?.();
  }

  /** Waits for a notification, a stop, or the timeout, whichever comes first. */
  private async idle(ms: number): Promise<void> {
    if (this.wakePending || !this.running) {
      this.wakePending = false;
      return;
    }
    const abort = new AbortController();
    await Promise.race([
      sleep(ms, undefined, { signal: abort.signal }).catch(() => undefined),
      new Promise<void>((resolve) => (this.wake = resolve)),
    ]);
    abort.abort();
    this.wake = undefined;
    this.wakePending = false;
  }
}
