import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import {
  checkpointOf,
  describeError,
  type EventStore,
  isTransientDatabaseFailure,
  LOG_START,
  type LogCheckpoint,
  parkedEvents,
  type RecordedEvent,
  type StructuredLogger,
} from '#libs/event-store';
import { type Projection, projectionPerPart } from '../projection/index.js';
import { readModelTables } from '../read-model-tables.js';
import { dropShadowSchema, SHADOW_SCHEMA, ShadowTables } from './shadow-tables.js';

export interface RebuildOptions {
  /** Events read at once; each part applies its share of them in a transaction of its own. */
  batchSize: number;
  /** How long the swap waits for the live tables' locks before it lets go of all of them and tries again. */
  lockWaitMs: number;
  /** Stops the rebuild between two batches, or while it waits for the live tables: the copies are dropped, the live tables untouched. */
  signal?: AbortSignal;
  onProgress?: (progress: RebuildProgress) => void;
  logger: StructuredLogger;
}

export interface RebuildProgress {
  /** `building`: applying the log to the copies; `indexing`: their other indexes; `swapping`: under the live tables' locks. */
  phase: 'building' | 'indexing' | 'swapping';
  /** Events of the log applied so far. */
  applied: number;
  /** Events in the log when the rebuild started (at least `applied`). */
  total: number;
}

export interface RebuildResult {
  /** Events of the log applied, from position 0 to the checkpoint. */
  events: number;
  /** Where the rebuilt projections' checkpoints now stand. */
  checkpoint: LogCheckpoint;
  /** Events the rebuilt projections could not apply, now parked (npm run parked). */
  parked: number;
}

export class RebuildInterruptedError extends Error {
  constructor() {
    super('the rebuild was interrupted: nothing was swapped, the live read models are as they were');
  }
}

export class RebuildAlreadyRunningError extends Error {
  constructor() {
    super('another rebuild is running on this database (or one killed a moment ago is still finishing its statement): try again later');
  }
}

/** One rebuild at a time per database: they share the shadow schema. Held by the rebuild's session. */
const REBUILD_LOCK_KEY = "hashtextextended('read-model-rebuild', 0)";
/** lock_not_available (lock_timeout) and deadlock_detected: the swap let go of every lock; it tries again. */
const SWAP_RETRY_SQLSTATES = new Set(['55P03', '40P01']);
const MAX_SWAP_BACKOFF_MS = 2_000;
/**
 * How long a run waits for the one before it: a run killed a moment ago keeps the lock until its server
 * process notices the lost connection (at most the swap's lock wait).
 */
const OTHER_RUN_WAIT_MS = 10_000;

interface Failure {
  projection: string;
  event: RecordedEvent;
  error: string;
}

/**
 * Rebuilds the read models of `chosen` from position 0 of the log, without taking them from the API:
 * 1. empty copies of their tables in a schema of their own (ShadowTables), built by the projections'
 *    own handlers on `session`, whose search_path puts that schema first (the handlers name their tables
 *    unqualified), `batchSize` events at a time read with the live projectors' gap-free reader, each
 *    part's share in a short transaction of its own (projectionPerPart);
 * 2. then their other indexes and statistics, and a catch-up to the head;
 * 3. then one short transaction: ACCESS EXCLUSIVE locks on the live tables (before the checkpoint rows:
 *    a live projector writes its tables, then its checkpoint, so this order cannot deadlock on that row),
 *    the last events, the live tables dropped and the copies moved in, their rm_counts rows replaced,
 *    the projections' parked events replaced by those the rebuild could not apply, and the checkpoints
 *    set to where the rebuild ended. A live projector's batch under way meanwhile fails its
 *    compare-and-set checkpoint advance (or, when it started exactly there, applies to the new tables),
 *    and its runner reloads the checkpoint.
 * Interrupted (signal, error, or the process killed), nothing live has changed; the copies are dropped
 * here, or by the next run.
 */
export async function rebuildProjections(
  pool: pg.Pool,
  session: pg.Client,
  store: EventStore,
  chosen: readonly Projection[],
  options: RebuildOptions,
): Promise<RebuildResult> {
  await lockOutOtherRuns(session);
  let swapping = false;
  // An interruption cancels the statement under way (an index over a million rows takes a while), but
  // never one of the swap, which is short and must not be cut around its commit.
  const cancelStatement = () => {
    if (!swapping) void cancelStatementOf(pool, session);
  };
  options.signal?.addEventListener('abort', cancelStatement, { once: true });
  try {
    const shadow = await ShadowTables.create(session, [...new Set(chosen.flatMap(readModelTables))]);
    // Set for the session: every later statement of the rebuild, the swap's included, writes the copies.
    await session.query(`SELECT set_config('search_path', '${SHADOW_SCHEMA}, ' || current_setting('search_path'), false)`);
    const total = await countEvents(pool);
    const builder = new ShadowBuilder(session, store, chosen, options, total);
    await builder.inBatches();
    builder.report('indexing');
    await shadow.finishIndexes(session);
    await builder.inBatches();
    swapping = true;
    await builder.swap(shadow);
    return builder.result();
  } catch (error) {
    if (options.signal?.aborted) throw new RebuildInterruptedError();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', cancelStatement);
    await dropShadowSchema(session).catch(() => undefined);
    await session.query(`SELECT pg_advisory_unlock(${REBUILD_LOCK_KEY})`).catch(() => undefined);
  }
}

async function cancelStatementOf(pool: pg.Pool, session: pg.Client): Promise<void> {
  const pid = (session as pg.Client & { processID: number | null }).processID;
  if (pid) await pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
}

async function lockOutOtherRuns(session: pg.Client): Promise<void> {
  // Postgres 14 and later: a statement of this session stops soon after the process is killed, instead of running to its end.
  await session.query("SELECT set_config('client_connection_check_interval', '1000', false)").catch(() => undefined);
  await session.query(`SET lock_timeout = ${OTHER_RUN_WAIT_MS}`);
  try {
    await session.query(`SELECT pg_advisory_lock(${REBUILD_LOCK_KEY})`);
  } catch (error) {
    if ((error as { code?: unknown }).code === '55P03') throw new RebuildAlreadyRunningError();
    throw error;
  } finally {
    await session.query('RESET lock_timeout');
  }
}

async function countEvents(pool: pg.Pool): Promise<number> {
  const result = await pool.query<{ count: string }>('SELECT count(*) FROM events');
  return Number(result.rows[0]!.count);
}

/** Applies the log to the copies, and swaps them in. */
class ShadowBuilder {
  private checkpoint: LogCheckpoint = LOG_START;
  private applied = 0;
  private failures: Failure[] = [];
  private phase: RebuildProgress['phase'] = 'building';
  /** Part by part (projectionPerPart): a log of interleaved resources replays in fewer statements. */
  private readonly appliers: readonly Projection[];

  constructor(
    private readonly session: pg.Client,
    private readonly store: EventStore,
    private readonly projections: readonly Projection[],
    private readonly options: RebuildOptions,
    private total: number,
  ) {
    this.appliers = projections.flatMap(projectionPerPart);
  }

  result(): RebuildResult {
    return { events: this.applied, checkpoint: this.checkpoint, parked: this.failures.length };
  }

  report(phase = this.phase): void {
    this.phase = phase;
    this.total = Math.max(this.total, this.applied);
    this.options.onProgress?.({ phase, applied: this.applied, total: this.total });
  }

  /** Up to the head as it stands (the last batch is not full); the next batch is read while one is applied. */
  async inBatches(): Promise<void> {
    let next = this.read(this.checkpoint);
    for (;;) {
      this.throwIfAborted();
      const events = await next;
      if (events.length === 0) return;
      const full = events.length === this.options.batchSize;
      if (full) next = this.read(checkpointOf(events.at(-1)!));
      await this.apply(events, (work) => this.inTransaction(work));
      this.advance(events);
      if (!full) return;
    }
  }

  /**
   * The swap (see rebuildProjections). When the live tables stay busy longer than lockWaitMs (or a
   * deadlock is detected), it lets go of everything, undoes its catch-up, and tries again.
   */
  async swap(shadow: ShadowTables): Promise<void> {
    this.report('swapping');
    for (let attempt = 1; ; attempt++) {
      this.throwIfAborted();
      const before = { checkpoint: this.checkpoint, applied: this.applied, failures: this.failures.length };
      await this.session.query('BEGIN');
      try {
        await this.session.query(`SET LOCAL lock_timeout = ${this.options.lockWaitMs}`);
        await this.session.query(`LOCK TABLE ${shadow.liveTables.join(', ')} IN ACCESS EXCLUSIVE MODE`);
        await this.session.query('SET LOCAL lock_timeout = 0');
        await shadow.checkLiveUnchanged(this.session);
        await this.toHeadInThisTransaction();
        await shadow.swapIn(this.session);
        await this.replaceParkedEvents();
        await this.setCheckpoints();
        await this.session.query('COMMIT');
        this.report();
        return;
      } catch (error) {
        await this.session.query('ROLLBACK').catch(() => undefined);
        this.checkpoint = before.checkpoint;
        this.applied = before.applied;
        this.failures.length = before.failures;
        const code = (error as { code?: unknown }).code;
        if (typeof code !== 'string' || !SWAP_RETRY_SQLSTATES.has(code)) throw error;
        const backoffMs = Math.min(MAX_SWAP_BACKOFF_MS, 50 * 2 ** Math.min(attempt, 6));
        this.options.logger.warn({ attempt, retryInMs: backoffMs }, 'rebuild: the live read-model tables are busy; trying the swap again');
        await sleep(backoffMs, undefined, { signal: this.options.signal }).catch(() => undefined);
      }
    }
  }

  /** Under the locks no live projector commits to these tables, so this reaches at least its checkpoint. */
  private async toHeadInThisTransaction(): Promise<void> {
    for (;;) {
      const events = await this.read(this.checkpoint);
      if (events.length === 0) return;
      await this.apply(events, (work) => this.inSavepoint(work));
      this.advance(events);
    }
  }

  private read(after: LogCheckpoint): Promise<RecordedEvent[]> {
    const events = this.store.readAllAfter(after, this.options.batchSize);
    // Whoever awaits it sees its failure; one never awaited (an interruption) must not be an unhandled rejection.
    events.catch(() => undefined);
    return events;
  }

  private advance(events: readonly RecordedEvent[]): void {
    this.checkpoint = checkpointOf(events.at(-1)!);
    this.applied += events.length;
    this.report();
  }

  /**
   * Each part's handlers, each `atomically`: before the swap in a transaction of its own, kept short
   * because every open transaction holds back the live projectors' gap-free reader (ADR 0001); in the
   * swap, in a savepoint of its transaction. An event that makes its batch fail is found by applying the
   * batch's events one at a time; it is left out, and parked at the swap, as the live projector would
   * park it. A failure of Postgres itself stops the rebuild.
   */
  private async apply(events: readonly RecordedEvent[], atomically: (work: () => Promise<void>) => Promise<void>): Promise<void> {
    for (const projection of this.appliers) {
      const handled = events.filter((candidate) => projection.handles(candidate.eventType));
      if (handled.length === 0) continue;
      try {
        await atomically(() => projection.handle(handled, this.session));
      } catch (error) {
        if (isTransientDatabaseFailure(error)) throw error;
        for (const event of handled) {
          try {
            await atomically(() => projection.handle([event], this.session));
          } catch (eventError) {
            if (isTransientDatabaseFailure(eventError)) throw eventError;
            this.failures.push({ projection: projection.name, event, error: describeError(eventError) });
          }
        }
      }
    }
  }

  private async inTransaction(work: () => Promise<void>): Promise<void> {
    await this.session.query('BEGIN');
    try {
      await work();
      await this.session.query('COMMIT');
    } catch (error) {
      await this.session.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async inSavepoint(work: () => Promise<void>): Promise<void> {
    await this.session.query('SAVEPOINT rebuild_apply');
    try {
      await work();
    } catch (error) {
      await this.session.query('ROLLBACK TO SAVEPOINT rebuild_apply');
      throw error;
    } finally {
      await this.session.query('RELEASE SAVEPOINT rebuild_apply').catch(() => undefined);
    }
  }

  /**
   * The rebuilt read models hold every event the handlers could apply, those the live projector had
   * parked included; so the projections' parked events become exactly those the rebuild could not apply.
   */
  private async replaceParkedEvents(): Promise<void> {
    await this.session.query('DELETE FROM parked_events WHERE consumer_name = ANY($1)', [
      this.projections.map((projection) => projection.name),
    ]);
    for (const failure of this.failures) await parkedEvents.park(this.session, failure.projection, failure.event, failure.error, 1);
  }

  private async setCheckpoints(): Promise<void> {
    for (const projection of this.projections) {
      await this.session.query(
        `INSERT INTO consumer_checkpoints (consumer_name, transaction_id, position) VALUES ($1, $2::xid8, $3)
         ON CONFLICT (consumer_name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position, updated_at = now()`,
        [projection.name, this.checkpoint.transactionId.toString(), this.checkpoint.position.toString()],
      );
    }
  }

  private throwIfAborted(): void {
    if (this.options.signal?.aborted) throw new RebuildInterruptedError();
  }
}
