import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { checkpointOf, checkpoints } from './checkpoints.js';
import { withDeadline } from './deadline.js';
import { describeError, isTransientDatabaseFailure, LostLeadershipError } from './consumer-failures.js';
import type { EventStore, Queryable } from './event-store.js';
import type { LogCheckpoint, RecordedEvent } from './events.js';
import { parkedEvents } from './parked-events.js';
import { APPENDED_CHANNEL, type WakeUps } from './wake-ups.js';

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
  /**
   * True for a failure of the consumer's own outside world (a broker that is down), which is
   * retried for ever and never blamed on an event. Postgres' own failures are recognised anyway.
   */
  isTransientFailure?(error: unknown): boolean;
}

export interface LogConsumerOptions {
  batchSize: number;
  /**
   * Events read at once while behind (the previous batch was full): fewer, bigger set-based
   * statements per event when catching up or draining a backlog. At least `batchSize`.
   */
  catchUpBatchSize?: number;
  /** Fallback when a wake-up is missed, or when events wait behind an open transaction. */
  pollIntervalMs: number;
  /** How often a standby instance tries to take over, on the session it keeps open. */
  standbyRetryMs: number;
  /** Upper bound of the back-off after a failed batch. */
  maxBackoffMs: number;
  /**
   * Failed attempts of a batch (failures that are not transient) before its events are tried one at
   * a time and one that still fails on its own is parked (CONSUMER_MAX_ATTEMPTS).
   */
  maxAttempts: number;
  /** How often the leader checks that its lock session still answers. */
  leaderCheckIntervalMs: number;
  /** A check (or a standby's lock attempt) unanswered for this long counts as a dead session. */
  leaderCheckTimeoutMs: number;
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
  /** Events of this consumer in the dead-letter table, as last seen by this instance. */
  parkedEvents: number;
  /**
   * The server process id of the session that holds (or stands by for) the lock: pg_locks names the
   * holder by it, so whoever reads pg_locks can tell which instance leads (the node registry).
   */
  sessionPid: number | undefined;
  /** When this leader last advanced its checkpoint or found itself caught up (Date.now()). */
  lastProgressAt: number | undefined;
}

/** The advisory lock key of a consumer named by $1: one lock per consumer, across every instance. */
export const CONSUMER_LOCK_KEY_SQL = "hashtextextended('log-consumer:' || $1, 0)";
const LOCK_SQL = `SELECT pg_try_advisory_lock(${CONSUMER_LOCK_KEY_SQL}) AS locked`;
/** A bigint advisory key shows in pg_locks as its high (classid) and low (objid) halves, with objsubid 1. */
const TERMINATE_LOCK_HOLDER_SQL = `
  SELECT pg_terminate_backend(pid) FROM pg_locks
   WHERE locktype = 'advisory' AND granted AND pid = $1 AND objsubid = 1
     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
     AND (classid::bigint << 32 | objid::bigint) = ${CONSUMER_LOCK_KEY_SQL.replace('$1', '$2')}`;

/**
 * Runs one LogConsumer. Only the instance holding the consumer's advisory lock (on a dedicated
 * session) processes; the others stand by on a session of their own and take over when that lock
 * is released. The leader checks its session every few seconds and resigns when it stops answering.
 */
export class LogConsumerRunner {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private wakePending = false;
  private leaderSession: pg.Client | undefined;
  private standbySession: pg.Client | undefined;
  private lastError: string | undefined;
  private lastProgressAt: number | undefined;
  private parkedCount = 0;
  private stopListening: (() => void) | undefined;
  /**
   * Where this leader's checkpoint stands, as it last stored it: only the leader moves it (and
   * compare-and-set), so it need not be read again before every batch. Forgotten after any failure.
   */
  private checkpoint: LogCheckpoint | undefined;
  /** While behind: the next batch, read while the current one is applied. Used only if it starts where the checkpoint ends up. */
  private readAhead: { after: LogCheckpoint; limit: number; events: Promise<RecordedEvent[]> } | undefined;

  constructor(
    private readonly consumer: LogConsumer,
    private readonly pool: pg.Pool,
    private readonly newSession: () => pg.Client,
    private readonly store: EventStore,
    private readonly options: LogConsumerOptions,
    private readonly logger: StructuredLogger,
    /** Wakes this runner on appends of this process, and announces its checkpoints (read-your-writes). */
    private readonly wakeUps?: WakeUps,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    // Standbys ignore appends: they only wait for the lock.
    this.stopListening = this.wakeUps?.onAppended(() => {
      if (this.leaderSession) this.notify();
    });
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopListening?.();
    this.notify();
    await this.loop;
  }

  status(): LogConsumerStatus {
    return {
      name: this.consumer.name,
      isLeader: this.leaderSession !== undefined,
      lastError: this.lastError,
      parkedEvents: this.parkedCount,
      sessionPid: processIdOf(this.leaderSession ?? this.standbySession),
      lastProgressAt: this.leaderSession ? this.lastProgressAt : undefined,
    };
  }

  private async run(): Promise<void> {
    while (this.running) {
      const session = await this.tryToLead();
      if (!session) {
        await this.idle(this.options.standbyRetryMs);
        continue;
      }
      this.logger.info({ consumer: this.consumer.name }, 'log consumer is now active');
      const stopWatching = this.watchLeadership(session);
      await this.processWhileLeading(session);
      stopWatching();
      await this.resign(session);
    }
    const standby = this.standbySession;
    this.standbySession = undefined;
    await standby?.end().catch(() => undefined);
  }

  private async processWhileLeading(session: pg.Client): Promise<void> {
    let failures = 0;
    let eventFailures = 0;
    let limit = this.options.batchSize;
    this.checkpoint = undefined;
    this.readAhead = undefined;
    while (this.running && this.leaderSession === session) {
      try {
        const processed =
          eventFailures >= this.options.maxAttempts
            ? await this.processOneByOne(session, eventFailures)
            : await this.processBatch(session, limit);
        failures = 0;
        eventFailures = 0;
        this.lastError = undefined;
        this.lastProgressAt = Date.now();
        // A full batch means more is waiting: read more at once until the consumer is back at the head.
        const behind = processed === limit;
        limit = behind ? this.catchUpLimit() : this.options.batchSize;
        if (!behind) await this.idle(this.options.pollIntervalMs);
      } catch (error) {
        this.checkpoint = undefined;
        this.readAhead = undefined;
        limit = this.options.batchSize;
        failures++;
        if (!this.isTransient(error)) eventFailures++;
        this.lastError = describeError(error);
        const backoff = Math.min(this.options.maxBackoffMs, 100 * 2 ** Math.min(failures, 10));
        this.logger.warn({ consumer: this.consumer.name, err: this.lastError, retryInMs: backoff }, 'log consumer batch failed');
        await this.idle(backoff);
      }
    }
  }

  /** Returns how many events the batch held. */
  private async processBatch(session: pg.Client, limit: number): Promise<number> {
    const from = await this.currentCheckpoint();
    const events = await this.read(from, limit);
    if (events.length === 0) return 0;
    // A full batch: more is waiting, so the next (bigger) batch is read while this one is applied.
    // The read is gap-free on its own; a failure below leaves it unused (the checkpoint is reloaded).
    if (events.length === limit) this.readAheadAfter(checkpointOf(events.at(-1)!), this.catchUpLimit());
    await this.apply(session, from, events);
    return events.length;
  }

  private catchUpLimit(): number {
    return Math.max(this.options.batchSize, this.options.catchUpBatchSize ?? 0);
  }

  private async read(after: LogCheckpoint, limit: number): Promise<RecordedEvent[]> {
    const ahead = this.readAhead;
    this.readAhead = undefined;
    const fits =
      ahead && ahead.limit === limit && ahead.after.transactionId === after.transactionId && ahead.after.position === after.position;
    return fits ? await ahead.events : await this.store.readAllAfter(after, limit);
  }

  private readAheadAfter(after: LogCheckpoint, limit: number): void {
    const events = this.store.readAllAfter(after, limit);
    // Whoever awaits it sees its failure; one never awaited must not be an unhandled rejection.
    events.catch(() => undefined);
    this.readAhead = { after, limit, events };
  }

  private async currentCheckpoint(): Promise<LogCheckpoint> {
    this.checkpoint ??= await checkpoints.load(this.pool, this.consumer.name);
    return this.checkpoint;
  }

  /**
   * After a batch failed `maxAttempts` times: its events one at a time, each with its own checkpoint,
   * so the one that fails by itself is found and parked, and the others are applied.
   */
  private async processOneByOne(session: pg.Client, attempts: number): Promise<number> {
    let from = await this.currentCheckpoint();
    const events = await this.store.readAllAfter(from, this.options.batchSize);
    for (const event of events) {
      try {
        await this.apply(session, from, [event]);
      } catch (error) {
        if (this.isTransient(error)) throw error;
        await this.park(session, from, event, describeError(error), attempts + 1);
      }
      from = checkpointOf(event);
    }
    return events.length;
  }

  /** Handles the events and moves the checkpoint from `from` past them; then announces it. */
  private async apply(session: pg.Client, from: LogCheckpoint, events: readonly RecordedEvent[]): Promise<void> {
    const to = checkpointOf(events.at(-1)!);
    if (this.consumer.delivery === 'at-least-once') {
      await this.consumer.handle(events, this.pool);
      await this.moveCheckpoint(this.pool, from, to);
    } else {
      await this.inTransaction(session, async (client) => {
        await this.consumer.handle(events, client);
        await this.moveCheckpoint(client, from, to);
      });
    }
    this.checkpoint = to;
    this.wakeUps?.checkpointMoved(this.consumer.name, to);
  }

  /** Parks the event and moves the checkpoint past it, together. */
  private async park(session: pg.Client, from: LogCheckpoint, event: RecordedEvent, error: string, attempts: number): Promise<void> {
    const to = checkpointOf(event);
    await this.inTransaction(session, async (client) => {
      await parkedEvents.park(client, this.consumer.name, event, error, attempts);
      await this.moveCheckpoint(client, from, to);
    });
    this.checkpoint = to;
    this.parkedCount = await parkedEvents.count(this.pool, this.consumer.name).catch(() => this.parkedCount + 1);
    this.logger.error(
      {
        consumer: this.consumer.name,
        eventId: event.eventId,
        eventType: event.eventType,
        position: event.position.toString(),
        attempts,
        err: error,
        parkedEvents: this.parkedCount,
      },
      'log consumer parked an event it cannot handle and moved on (npm run parked -- list)',
    );
    this.wakeUps?.checkpointMoved(this.consumer.name, to);
  }

  /** Commits only while this instance still leads: a leader that resigned meanwhile writes nothing. */
  private async inTransaction(session: pg.Client, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      if (this.leaderSession !== session) throw new LostLeadershipError(this.consumer.name);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      // A connection that failed goes, rather than back into the pool.
      client.release(isTransientDatabaseFailure(error) ? (error as Error) : undefined);
      throw error;
    }
    client.release();
  }

  private async moveCheckpoint(db: Queryable, from: LogCheckpoint, to: LogCheckpoint): Promise<void> {
    if (!(await checkpoints.advance(db, this.consumer.name, from, to))) throw new LostLeadershipError(this.consumer.name);
  }

  private isTransient(error: unknown): boolean {
    return isTransientDatabaseFailure(error) || (this.consumer.isTransientFailure?.(error) ?? false);
  }

  /**
   * Tries the lock on the session a standby keeps open; a session that fails or does not answer in
   * time is replaced on the next try.
   */
  private async tryToLead(): Promise<pg.Client | undefined> {
    let session: pg.Client | undefined;
    try {
      session = this.standbySession ?? (await this.openSession());
      this.standbySession = session;
      const result = await withDeadline(
        session.query<{ locked: boolean }>(LOCK_SQL, [this.consumer.name]),
        this.options.leaderCheckTimeoutMs,
        'the advisory lock attempt',
      );
      if (!result.rows[0]?.locked) return undefined;
      this.standbySession = undefined;
      this.leaderSession = session;
      session.on('notification', () => this.notify());
      await session.query(`LISTEN ${APPENDED_CHANNEL}`);
      this.parkedCount = await parkedEvents.count(this.pool, this.consumer.name);
      if (this.leaderSession !== session) throw new Error('lock session ended while taking the lead');
      return session;
    } catch (error) {
      this.lastError = describeError(error);
      if (session) {
        if (this.standbySession === session) this.standbySession = undefined;
        this.loseLeadership(session, error instanceof Error ? error : new Error(this.lastError));
        await this.closeSession(session);
      }
      return undefined;
    }
  }

  private async openSession(): Promise<pg.Client> {
    const session = this.newSession();
    const lost = (error: Error) => {
      if (this.standbySession === session) this.standbySession = undefined;
      this.loseLeadership(session, error);
    };
    session.on('error', lost);
    session.on('end', () => lost(new Error('lock session ended')));
    try {
      await session.connect();
      await checkpoints.ensure(session, this.consumer.name);
      return session;
    } catch (error) {
      await this.closeSession(session);
      throw error;
    }
  }

  /**
   * A session can die without a word (a network partition, a frozen host) and keep its lock on the
   * server for as long as the server takes to notice. So the leader asks it a question on a short
   * deadline, and resigns the moment one goes unanswered.
   */
  private watchLeadership(session: pg.Client): () => void {
    let checking = false;
    const timer = setInterval(() => {
      if (checking) return;
      checking = true;
      withDeadline(session.query('SELECT 1'), this.options.leaderCheckTimeoutMs, 'the leadership check')
        .catch((error: Error) => this.loseLeadership(session, error))
        .finally(() => (checking = false));
    }, this.options.leaderCheckIntervalMs);
    return () => clearInterval(timer);
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
    await this.closeSession(session);
  }

  /**
   * Ending the session releases the advisory lock, so a standby can take over at once. But a session
   * that stopped answering may be gone only on this side: its close may never reach the server,
   * which then keeps the lock. So if its server process still holds this consumer's lock, it is
   * terminated from the pool.
   */
  private async closeSession(session: pg.Client): Promise<void> {
    const pid = processIdOf(session);
    await withDeadline(session.end(), this.options.leaderCheckTimeoutMs, 'ending the session').catch(() => undefined);
    if (pid) await this.pool.query(TERMINATE_LOCK_HOLDER_SQL, [pid, this.consumer.name]).catch(() => undefined);
  }

  private notify(): void {
    this.wakePending = true;
    this.wake?.();
  }

  /** Waits for a wake-up, a stop, or the timeout, whichever comes first. */
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

function processIdOf(session: pg.Client | undefined): number | undefined {
  return (session as (pg.Client & { processID: number | null }) | undefined)?.processID ?? undefined;
}
