import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { EventTooLargeError, isStreamOfType, type NewEvent, UpcasterRegistry } from '#libs/domain/shared';
import {
  ConcurrencyConflictError,
  type EventMetadata,
  type ExpectedVersion,
  type LogCheckpoint,
  MAX_EVENT_BYTES,
  RECORD_HEADER_ALLOWANCE,
  type RecordedEvent,
  StreamTypeMismatchError,
} from './events.js';

/** A pool or a client inside a transaction: anything that can run a query. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/** Events for one stream, with the version the decision read and, optionally, the state they lead to. */
export interface StreamAppend {
  streamId: string;
  streamType: string;
  expected: ExpectedVersion;
  events: readonly NewEvent[];
  /** The folded state after these events, kept with the stream so that loading it stays bounded. */
  state?: { schema: number; value: unknown };
}

/** A stream the decision read but does not append to: it must still be at `version` when the append commits. */
export interface StreamRequirement {
  streamId: string;
  version: number;
}

export interface AppendResult {
  /** Each appended stream's version after the append. */
  nextVersions: Map<string, number>;
  /** Where the last appended event sits in the log; consumers that reached it have seen the append. */
  lastEvent: LogCheckpoint;
}

/** A stream as loaded for a decision: its version, and its stored state plus the events after it. */
export interface LoadedStream {
  streamId: string;
  /** 0 when the stream does not exist. */
  version: number;
  /** The stored state at `stateVersion` when it was kept under the schema asked for; else undefined (fold from scratch). */
  state: unknown;
  stateVersion: number;
  /** The events after `stateVersion`, in version order. */
  eventsAfterState: RecordedEvent[];
}

/** How an append ended: committed, refused as a concurrency conflict, or failed otherwise. */
export type AppendOutcome = 'appended' | 'conflict' | 'failed';

/** Told how long each append took and how it ended (metrics), so the store depends on no metrics library. */
export interface AppendObserver {
  appendFinished(outcome: AppendOutcome, seconds: number): void;
}

/** SQLSTATEs raised by append_to_streams (migrations/0003). */
const STREAM_CONFLICT = 'RA001';
const STREAM_TYPE_MISMATCH = 'RA002';
/** Outcomes of two transactions racing for the same rows: retried like any conflict. */
const RACE_LOST = new Set(['23505', '40001', '40P01']);

export class EventStore {
  constructor(
    private readonly db: Queryable,
    readonly upcasters = new UpcasterRegistry(),
    /**
     * Called once an append has committed, to wake log consumers (WakeUps.appended). The store's
     * queryable is the pool, where each append is its own transaction.
     */
    private readonly onAppended?: (appended: AppendResult) => void,
    private readonly observer?: AppendObserver,
  ) {}

  /** Appends events to one stream; see appendToStreams. */
  async appendToStream(
    streamId: string,
    streamType: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
    metadata: EventMetadata = {},
  ): Promise<{ nextVersion: number; lastEvent: LogCheckpoint }> {
    const { nextVersions, lastEvent } = await this.appendToStreams([{ streamId, streamType, expected, events }], { metadata });
    return { nextVersion: nextVersions.get(streamId)!, lastEvent };
  }

  /**
   * Appends to one or more streams in one statement, so all of it commits or none: each stream must be
   * at its expected version, each required stream still at the version read, and each appended stream's
   * last append must come from this transaction or an older one. The last rule keeps every stream's
   * versions in order in the log's (transaction_id, position) order, even when the caller's transaction
   * got its id before another transaction appended to the same stream: such an append is refused as
   * a conflict, and a retry in a new transaction gets a newer id.
   */
  async appendToStreams(
    appends: readonly StreamAppend[],
    options: { require?: readonly StreamRequirement[]; metadata?: EventMetadata } = {},
  ): Promise<AppendResult> {
    const { require = [], metadata = {} } = options;
    checkAppends(appends, require, metadata);
    const payload = appends.map((append) => ({
      stream_id: append.streamId,
      stream_type: append.streamType,
      expected: append.expected === 'no_stream' ? 0 : append.expected,
      events: append.events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        version: this.upcasters.currentVersion(event.type),
        data: event.data,
      })),
      state: append.state === undefined ? null : append.state.value,
      state_schema: append.state?.schema ?? null,
    }));
    const requirements = require.map(({ streamId, version }) => ({ stream_id: streamId, version }));
    const started = process.hrtime.bigint();
    const finished = (outcome: AppendOutcome) => this.observer?.appendFinished(outcome, Number(process.hrtime.bigint() - started) / 1e9);
    try {
      // A named statement is parsed and planned once per connection; every command runs this one.
      const result = await this.db.query<AppendedRow>({
        name: 'append-to-streams',
        text: 'SELECT * FROM append_to_streams($1::jsonb, $2::jsonb, $3::jsonb)',
        values: [JSON.stringify(payload), JSON.stringify(requirements), JSON.stringify(metadata)],
      });
      const nextVersions = new Map(result.rows.map((row) => [row.appended_stream_id, Number(row.appended_version)]));
      const last = result.rows.at(-1)!;
      const appended: AppendResult = {
        nextVersions,
        lastEvent: { transactionId: BigInt(last.appended_transaction_id), position: BigInt(last.appended_position) },
      };
      finished('appended');
      this.onAppended?.(appended);
      return appended;
    } catch (error) {
      const { code, detail, message } = error as { code?: string; detail?: string; message: string };
      const conflict = code === STREAM_CONFLICT || (code !== undefined && RACE_LOST.has(code));
      finished(conflict ? 'conflict' : 'failed');
      // append_to_streams names the stream in the error's detail.
      if (code === STREAM_CONFLICT) throw new ConcurrencyConflictError(detail ?? '');
      if (code === STREAM_TYPE_MISMATCH) throw new StreamTypeMismatchError(message);
      if (code && RACE_LOST.has(code)) {
        throw new ConcurrencyConflictError(appends.map((append) => append.streamId).join(', '), `lost a race: ${message}`);
      }
      throw error;
    }
  }

  /**
   * Loads streams for a decision in one query: per stream, the state stored under `stateSchema` and the
   * events after it, so the rows read do not grow with the stream's length. A stream without a state
   * under that schema comes with all its events, to be folded from scratch.
   */
  async loadStreams(wanted: readonly { streamId: string; stateSchema: number }[]): Promise<LoadedStream[]> {
    const result = await this.db.query<LoadedRow>({
      // Named, like the append: planned once per connection rather than on every command.
      name: 'load-streams',
      // `wanted` is materialized so that the version each stream's state was folded to reaches the
      // events index as a bound, and only the events after it are read.
      text: `WITH wanted AS MATERIALIZED (
         SELECT w.stream_id AS wanted_stream_id, s.version AS head_version, f.folded_to,
                CASE WHEN f.folded_to > 0 THEN s.state END AS state
           FROM unnest($1::text[], $2::int[]) AS w(stream_id, state_schema)
           JOIN streams s ON s.stream_id = w.stream_id
          CROSS JOIN LATERAL (SELECT CASE WHEN s.state_schema = w.state_schema THEN s.state_version ELSE 0 END AS folded_to) f)
       SELECT wanted.*, e.*
         FROM wanted
         LEFT JOIN LATERAL (${SELECT_EVENTS}
                             WHERE events.stream_id = wanted.wanted_stream_id AND events.stream_version > wanted.folded_to) e ON true
        ORDER BY wanted.wanted_stream_id, e.stream_version`,
      values: [wanted.map((stream) => stream.streamId), wanted.map((stream) => stream.stateSchema)],
    });
    const loaded = new Map<string, LoadedStream>();
    for (const row of result.rows) {
      let stream = loaded.get(row.wanted_stream_id);
      if (!stream) {
        const stateVersion = Number(row.folded_to);
        stream = {
          streamId: row.wanted_stream_id,
          version: Number(row.head_version),
          state: stateVersion > 0 ? row.state : undefined,
          stateVersion,
          eventsAfterState: [],
        };
        loaded.set(row.wanted_stream_id, stream);
      }
      if (row.position !== null) stream.eventsAfterState.push(this.toRecorded(row));
    }
    return wanted.map(
      ({ streamId }) => loaded.get(streamId) ?? { streamId, version: 0, state: undefined, stateVersion: 0, eventsAfterState: [] },
    );
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    const result = await this.db.query<EventRow>(`${SELECT_EVENTS} WHERE stream_id = $1 ORDER BY stream_version`, [streamId]);
    return result.rows.map((row) => this.toRecorded(row));
  }

  /**
   * Reads the log after a checkpoint without ever skipping an event that commits late: only events of
   * transactions older than every running one are returned (docs/adr/0001-log-order.md).
   */
  async readAllAfter(after: LogCheckpoint, limit: number, db: Queryable = this.db): Promise<RecordedEvent[]> {
    const result = await db.query<EventRow>(
      `${SELECT_EVENTS}
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          AND (transaction_id, position) > ($1::xid8, $2::bigint)
        ORDER BY transaction_id, position
        LIMIT $3`,
      [after.transactionId.toString(), after.position.toString(), limit],
    );
    return result.rows.map((row) => this.toRecorded(row));
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const { schemaVersion, data } = this.upcasters.upcast(row.event_type, row.schema_version, row.data);
    return {
      position: BigInt(row.position),
      transactionId: BigInt(row.transaction_id),
      streamId: row.stream_id,
      streamType: row.stream_type,
      streamVersion: Number(row.stream_version),
      eventId: row.event_id,
      eventType: row.event_type,
      schemaVersion,
      data,
      metadata: row.metadata,
      recordedAt: row.recorded_at,
    };
  }
}

/** Refuses, before any I/O, what can never be appended: a stream of another type, a duplicate, an event Kafka cannot take. */
function checkAppends(appends: readonly StreamAppend[], require: readonly StreamRequirement[], metadata: EventMetadata): void {
  if (appends.length === 0 || appends.some((append) => append.events.length === 0)) {
    throw new Error('an append needs at least one stream and one event per stream');
  }
  const streamIds = [...appends, ...require].map((stream) => stream.streamId);
  if (new Set(streamIds).size !== streamIds.length) throw new Error(`a stream appears twice in one append: ${streamIds.join(', ')}`);
  const metadataBytes = Buffer.byteLength(JSON.stringify(metadata));
  for (const append of appends) {
    if (!isStreamOfType(append.streamId, append.streamType)) {
      throw new StreamTypeMismatchError(`stream id ${JSON.stringify(append.streamId)} is not a ${append.streamType} stream id`);
    }
    for (const event of append.events) {
      // The Kafka record carries the data as its value and the stream id twice (key and ce_subject).
      const bytes =
        Buffer.byteLength(JSON.stringify(event.data)) + 2 * Buffer.byteLength(append.streamId) + metadataBytes + RECORD_HEADER_ALLOWANCE;
      if (bytes > MAX_EVENT_BYTES) {
        throw new EventTooLargeError(
          `${event.type} of ${append.streamId} is ${bytes} bytes, more than the ${MAX_EVENT_BYTES} an event may have`,
        );
      }
    }
  }
}

const SELECT_EVENTS = `SELECT events.position, events.transaction_id, events.stream_id, events.stream_type, events.stream_version,
                              events.event_id, events.event_type, events.schema_version, events.data, events.metadata, events.recorded_at
                         FROM events`;

interface AppendedRow {
  appended_stream_id: string;
  appended_version: string;
  appended_position: string;
  appended_transaction_id: string;
}

interface EventRow {
  position: string;
  transaction_id: string;
  stream_id: string;
  stream_type: string;
  stream_version: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

interface LoadedRow extends EventRow {
  wanted_stream_id: string;
  head_version: string;
  folded_to: string;
  state: unknown;
}
