import { LOG_START, type LogCheckpoint, type RecordedEvent } from './events.js';
import type { Queryable } from './event-store.js';

/** Checkpoints of log consumers, stored as (transaction_id, position) in `consumer_checkpoints`. */
export const checkpoints = {
  async ensure(db: Queryable, consumer: string): Promise<void> {
    await db.query('INSERT INTO consumer_checkpoints (consumer_name) VALUES ($1) ON CONFLICT DO NOTHING', [consumer]);
  },

  async load(db: Queryable, consumer: string): Promise<LogCheckpoint> {
    const result = await db.query<{ transaction_id: string; position: string }>(
      'SELECT transaction_id, position FROM consumer_checkpoints WHERE consumer_name = $1',
      [consumer],
    );
    const row = result.rows[0];
    return row ? { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) } : LOG_START;
  },

  async loadAll(db: Queryable): Promise<Map<string, LogCheckpoint>> {
    const result = await db.query<{ consumer_name: string; transaction_id: string; position: string }>(
      'SELECT consumer_name, transaction_id, position FROM consumer_checkpoints',
    );
    return new Map(
      result.rows.map((row) => [row.consumer_name, { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) }]),
    );
  },

  /**
   * Compare-and-set: moves the checkpoint only if it is still where this consumer read it, so a
   * consumer that lost its leadership mid-batch cannot move it backwards or apply a batch twice.
   * It sends no notification: that would make the commit queue behind Postgres' notify lock; the
   * runner announces the move after the commit (WakeUps).
   */
  async advance(db: Queryable, consumer: string, from: LogCheckpoint, to: LogCheckpoint): Promise<boolean> {
    const result = await db.query(
      `UPDATE consumer_checkpoints SET transaction_id = $4::xid8, position = $5, updated_at = now()
        WHERE consumer_name = $1 AND transaction_id = $2::xid8 AND position = $3`,
      [consumer, from.transactionId.toString(), from.position.toString(), to.transactionId.toString(), to.position.toString()],
    );
    return result.rowCount === 1;
  },
};

/** The checkpoint of a consumer that has handled `event`. */
export function checkpointOf(event: Pick<RecordedEvent, 'transactionId' | 'position'>): LogCheckpoint {
  return { transactionId: event.transactionId, position: event.position };
}
