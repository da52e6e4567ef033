import type { Queryable } from './event-store.js';
import type { LogCheckpoint } from './events.js';

/**
 * The events whose positions are in [fromPosition, toPosition], and where a gap-free reader
 * (`readAllAfter`) starts and stops to meet every one of them. Positions are not in log order: a
 * transaction that got its id early can commit a lower position later than another one's higher
 * position (ADR 0001). So the reader starts before the oldest transaction of the span and stops at
 * the span's last event in log order, and the events it meets in between are filtered by position.
 */
export interface LogSpan {
  fromPosition: bigint;
  toPosition: bigint;
  /** Reading after it meets the span's first event in log order (nothing of the span is before it). */
  start: LogCheckpoint;
  /** The span's last event in log order. */
  end: LogCheckpoint;
}

/**
 * Ranges of the log by position or by time (`recorded_at`, the recording transaction's start). A time
 * becomes a position by a scan of `events` (no index on `recorded_at`: a replay is rare, and an index
 * would cost every append); the span is one scan of the position range.
 */
export const logSpans = {
  /** The first position recorded at or after `time` (an ISO 8601 text, read by Postgres with its microseconds); undefined if none. */
  async firstPositionAtOrAfter(db: Queryable, time: string): Promise<bigint | undefined> {
    const result = await db.query<{ position: string | null }>('SELECT min(position) AS position FROM events WHERE recorded_at >= $1', [
      time,
    ]);
    return optionalBigInt(result.rows[0]?.position);
  },

  /** The last position recorded at or before `time`; undefined if none. */
  async lastPositionAtOrBefore(db: Queryable, time: string): Promise<bigint | undefined> {
    const result = await db.query<{ position: string | null }>('SELECT max(position) AS position FROM events WHERE recorded_at <= $1', [
      time,
    ]);
    return optionalBigInt(result.rows[0]?.position);
  },

  /**
   * The span of the committed events at positions from `from` to `to` (to the log's last one when
   * undefined); undefined when it holds no event.
   */
  async span(db: Queryable, from: bigint, to: bigint | undefined): Promise<LogSpan | undefined> {
    const result = await db.query<{ first_transaction_id: string; last_position: string; transaction_id: string; position: string }>(
      `SELECT min(transaction_id) OVER () AS first_transaction_id, max(position) OVER () AS last_position, transaction_id, position
         FROM events
        WHERE position >= $1 AND ($2::bigint IS NULL OR position <= $2)
        ORDER BY transaction_id DESC, position DESC
        LIMIT 1`,
      [from.toString(), to?.toString() ?? null],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    return {
      fromPosition: from,
      toPosition: to ?? BigInt(row.last_position),
      start: { transactionId: BigInt(row.first_transaction_id), position: from - 1n },
      end: { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) },
    };
  },
};

function optionalBigInt(value: string | null | undefined): bigint | undefined {
  return value === null || value === undefined ? undefined : BigInt(value);
}
