import pg from 'pg';

/**
 * Settings of every connection the service opens. A transaction left idle would hold back the
 * event log's readers (docs/adr/0001-log-order.md), so Postgres ends such a session after a minute;
 * a connection that cannot be had within ten seconds fails the request (503) instead of hanging it.
 */
const CONNECTION_SETTINGS = {
  application_name: 'robustmq-admin',
  connectionTimeoutMillis: 10_000,
  keepAlive: true,
  options: '-c idle_in_transaction_session_timeout=60000',
};

/**
 * xid8 and bigint columns arrive as strings; the event store turns them into bigint itself.
 * `statementTimeoutMs` (0 = none) makes Postgres cancel a statement that runs longer (SQLSTATE 57014).
 */
export function createPool(connectionString: string, max: number, { statementTimeoutMs = 0 } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, ...CONNECTION_SETTINGS, statement_timeout: statementTimeoutMs });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  pool.on('connect', survivesConnectionLoss);
  return pool;
}

/** A dedicated session outside the pool, for LISTEN and session-level advisory locks. */
export function sessionFactory(connectionString: string): () => pg.Client {
  return () => survivesConnectionLoss(new pg.Client({ connectionString, ...CONNECTION_SETTINGS }));
}

/**
 * Postgres going away (a restart, a terminated backend) can reach a client between two queries,
 * where pg raises it as an 'error' event; unheard, that would end the process. The loss still
 * fails the client's next query, and the pool drops a client that is no longer usable.
 */
function survivesConnectionLoss<Client extends pg.Client | pg.PoolClient>(client: Client): Client {
  client.on('error', () => undefined);
  return client;
}
