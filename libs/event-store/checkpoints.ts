import { LOG_START, type LogCheckpoint } from './events.js';
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

  /**
   * Compare-and-set: moves the checkpoint only if it is still where this consumer read it, so a
   * consumer that lost its leadership mid-batch cannot move it backwards or apply a batch twice.
   * Announces the new checkpoint (on commit) to whoever waits for read-your-writes.
   */
  async advance(db: Queryable, consumer: string, from: LogCheckpoint, to: LogCheckpoint): Promise<boolean> {
    const result = await db.query(
      `WITH moved AS (
         UPDATE consumer_checkpoints SET transaction_id = $4::xid8, position = $5, updated_at = now()
          WHERE consumer_name = $1 AND transaction_id = $2::xid8 AND position = $3
         RETURNING consumer_name)
       SELECT pg_notify('consumer_checkpoint', $1 || ':' || $4 || ':' || $5) FROM moved`,
      [consumer, from.transactionId.toString(), from.position.toString(), to.transactionId.toString(), to.position.toString()],
    );
    return result.rowCount === 1;
  },

  parseNotification(payload: string): { consumer: string; checkpoint: LogCheckpoint } | undefined {
    const match = /^(.*):(\d+):(\d+)$/.exec(payload);
    if (!match) return undefined;
    return { consumer: match[1]!, checkpoint: { transactionId: BigInt(match[2]!), position: BigInt(match[3]!) } };
  },
};
