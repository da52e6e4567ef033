import type pg from 'pg';
import type { EventStore, Queryable } from './event-store.js';
import type { RecordedEvent } from './events.js';
import type { LogConsumer } from './log-consumer.js';

/** An event a log consumer gave up on, kept in `parked_events` until it is retried or discarded. */
export interface ParkedEvent {
  consumer: string;
  eventId: string;
  transactionId: bigint;
  position: bigint;
  eventType: string;
  error: string;
  attempts: number;
  parkedAt: Date;
}

interface ParkedRow {
  consumer_name: string;
  event_id: string;
  transaction_id: string;
  position: string;
  event_type: string;
  error: string;
  attempts: number;
  parked_at: Date;
}

/** The dead-letter table of the log consumers (migrations/0004). */
export const parkedEvents = {
  /** Parking the same event again (after a retry failed) records the new error and adds the attempts. */
  async park(db: Queryable, consumer: string, event: RecordedEvent, error: string, attempts: number): Promise<void> {
    await db.query(
      `INSERT INTO parked_events (consumer_name, event_id, transaction_id, position, event_type, error, attempts)
       VALUES ($1, $2, $3::xid8, $4, $5, $6, $7)
       ON CONFLICT (consumer_name, event_id)
       DO UPDATE SET error = EXCLUDED.error, attempts = parked_events.attempts + EXCLUDED.attempts, parked_at = now()`,
      [consumer, event.eventId, event.transactionId.toString(), event.position.toString(), event.eventType, error, attempts],
    );
  },

  /** In log order, optionally of one consumer only. */
  async list(db: Queryable, consumer?: string): Promise<ParkedEvent[]> {
    const result = await db.query<ParkedRow>(
      `SELECT consumer_name, event_id, transaction_id, position, event_type, error, attempts, parked_at
         FROM parked_events WHERE $1::text IS NULL OR consumer_name = $1
        ORDER BY transaction_id, position, consumer_name`,
      [consumer ?? null],
    );
    return result.rows.map((row) => ({
      consumer: row.consumer_name,
      eventId: row.event_id,
      transactionId: BigInt(row.transaction_id),
      position: BigInt(row.position),
      eventType: row.event_type,
      error: row.error,
      attempts: row.attempts,
      parkedAt: row.parked_at,
    }));
  },

  async count(db: Queryable, consumer: string): Promise<number> {
    const result = await db.query<{ count: string }>('SELECT count(*) FROM parked_events WHERE consumer_name = $1', [consumer]);
    return Number(result.rows[0]?.count ?? 0);
  },

  /** True if it was parked. */
  async remove(db: Queryable, consumer: string, eventId: string): Promise<boolean> {
    const result = await db.query('DELETE FROM parked_events WHERE consumer_name = $1 AND event_id = $2', [consumer, eventId]);
    return result.rowCount === 1;
  },
};

/**
 * Hands a parked event to its consumer again (after the cause was fixed) and, once that worked,
 * takes it off the table; for a transactional consumer both happen in one transaction. The event is
 * applied out of its place in the log: whoever retries it knows whether later events depend on it.
 */
export async function retryParkedEvent(pool: pg.Pool, store: EventStore, consumer: LogConsumer, parked: ParkedEvent): Promise<void> {
  // The log position just before the event, so that reading after it yields exactly that event.
  const before = { transactionId: parked.transactionId, position: parked.position - 1n };
  const [event] = await store.readAllAfter(before, 1);
  if (!event || event.eventId !== parked.eventId) throw new Error(`event ${parked.eventId} is not in the log`);
  if (consumer.delivery === 'at-least-once') {
    await consumer.handle([event], pool);
    await parkedEvents.remove(pool, consumer.name, event.eventId);
    return;
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await consumer.handle([event], client);
    await parkedEvents.remove(client, consumer.name, event.eventId);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
