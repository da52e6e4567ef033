import pg from 'pg';

/** xid8 and bigint columns arrive as strings; the event store turns them into bigint itself. */
export function createPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: 'robustmq-admin' });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

/** A dedicated session outside the pool, for LISTEN and session-level advisory locks. */
export function sessionFactory(connectionString: string): () => pg.Client {
  return () => new pg.Client({ connectionString, application_name: 'robustmq-admin' });
}
