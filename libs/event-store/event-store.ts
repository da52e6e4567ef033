import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  ConcurrencyConflictError,
  type EventMetadata,
  type ExpectedVersion,
  type LogCheckpoint,
  type NewEvent,
  type RecordedEvent,
} from './events.js';
import { UpcasterRegistry } from './upcasting.js';

/** A pool or a client inside a transaction: anything that can run a query. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

export interface AppendResult {
  /** The stream's version after the append. */
  nextVersion: number;
  /** Where the last appended event sits in the log; consumers that reached it have seen the append. */
  lastEvent: LogCheckpoint;
}

const UNIQUE_VIOLATION = '23505';

export class EventStore {
  constructor(
    private readonly db: Queryable,
    private readonly upcasters = new UpcasterRegistry(),
    /** Called once an append has committed, e.g. to wake log consumers (WakeUps.appended). */
    private readonly onAppended?: (appended: AppendResult) => void,
  ) {}

  /**
   * Appends events to one stream in a single statement, so the version check, the stream row and the
   * events commit together. The stream row is locked first; that gives the appending transaction its
   * id, which keeps a stream's events in version order in the log's (transaction_id, position) order.
   */
  async appendToStream(
    streamId: string,
    streamType: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
    metadata: EventMetadata = {},
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    const rows = events.map((event) => ({
      id: randomUUID(),
      type: event.type,
      version: this.upcasters.currentVersion(event.type),
      data: event.data,
    }));
    const { sql, expectedParam } = streamVersionUpsert(expected);
    try {
      const result = await this.db.query<{ position: string; transaction_id: string; stream_version: string }>(
        `WITH stream AS (${sql})
         INSERT INTO events (stream_id, stream_type, stream_version, event_id, event_type, schema_version, data, metadata)
         SELECT $1, $2, stream.version - $3 + e.ord,
                (e.row->>'id')::uuid, e.row->>'type', (e.row->>'version')::int, e.row->'data', $5::jsonb
           FROM stream, jsonb_array_elements($4::jsonb) WITH ORDINALITY AS e(row, ord)
          ORDER BY e.ord
         RETURNING position, transaction_id, stream_version`,
        [streamId, streamType, events.length, JSON.stringify(rows), JSON.stringify(metadata), ...expectedParam],
      );
      const last = result.rows.at(-1);
      if (!last) throw new ConcurrencyConflictError(streamId, expected);
      const appended = {
        nextVersion: Number(last.stream_version),
        lastEvent: { transactionId: BigInt(last.transaction_id), position: BigInt(last.position) },
      };
      this.onAppended?.(appended);
      return appended;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new ConcurrencyConflictError(streamId, expected);
      throw error;
    }
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

/** The CTE that moves the stream's version, yielding one row only when the expectation holds. */
function streamVersionUpsert(expected: ExpectedVersion): { sql: string; expectedParam: number[] } {
  if (expected === 'any') {
    return {
      sql: `INSERT INTO streams (stream_id, stream_type, version) VALUES ($1, $2, $3)
            ON CONFLICT (stream_id) DO UPDATE SET version = streams.version + $3, updated_at = now()
            RETURNING version`,
      expectedParam: [],
    };
  }
  if (expected === 'no_stream' || expected === 0) {
    return {
      sql: `INSERT INTO streams (stream_id, stream_type, version) VALUES ($1, $2, $3)
            ON CONFLICT (stream_id) DO NOTHING
            RETURNING version`,
      expectedParam: [],
    };
  }
  return {
    sql: `UPDATE streams SET version = $6::bigint + $3, updated_at = now()
           WHERE stream_id = $1 AND version = $6::bigint
          RETURNING version`,
    expectedParam: [expected],
  };
}

const SELECT_EVENTS = `SELECT position, transaction_id, stream_id, stream_type, stream_version, event_id,
                              event_type, schema_version, data, metadata, recorded_at
                         FROM events`;

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
