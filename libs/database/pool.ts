import pg from 'pg';

/** A transaction left idle would hold back the event log's readers (docs/adr/0001-log-order.md). */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

export interface ConnectionOptions {
  /** Postgres ends a session left idle inside a transaction for this long. */
  idleInTransactionTimeoutMs?: number;
  /** Postgres cancels a statement that runs longer (0 = no limit); for the API's queries, not the workers'. */
  statementTimeoutMs?: number;
}

/** Every connection of the service carries this `application_name` (pg_stat_activity). */
export const APPLICATION_NAME = 'robustmq-admin';

/**
 * Settings of every connection the service opens: Postgres ends a session left idle in a
 * transaction; a connection that cannot be had within ten seconds fails the request (503) instead of
 * hanging it.
 */
function connectionSettings({ idleInTransactionTimeoutMs = IDLE_IN_TRANSACTION_TIMEOUT_MS }: ConnectionOptions, serverOptions = '') {
  return {
    application_name: APPLICATION_NAME,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    options: `-c idle_in_transaction_session_timeout=${idleInTransactionTimeoutMs}${serverOptions}`,
  };
}

/**
 * Dedicated sessions hold the log consumers' leadership locks. One whose peer vanished without a
 * word (a host or a network gone) must not keep its lock for the two hours of the OS keep-alive
 * defaults. Node cannot set TCP_USER_TIMEOUT on its own sockets, so the server side does it: keep-alive
 * probes after 10 s idle, every 5 s, 3 missed ones end the session, and unacknowledged data ends it
 * after 15 s; the client probes after 10 s idle too. The leader's own liveness check (LogConsumerRunner)
 * reacts faster still.
 */
const WORKER_SESSION_SERVER_OPTIONS =
  ' -c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3 -c tcp_user_timeout=15000';
const WORKER_SESSION_KEEPALIVE_DELAY_MS = 10_000;

/**
 * xid8 and bigint columns arrive as strings; the event store turns them into bigint itself.
 * `statementTimeoutMs` (0 = none) makes Postgres cancel a statement that runs longer (SQLSTATE 57014).
 */
export function createPool(connectionString: string, max: number, options: ConnectionOptions = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, ...connectionSettings(options), statement_timeout: options.statementTimeoutMs ?? 0 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  pool.on('connect', survivesConnectionLoss);
  return pool;
}

/** A dedicated session outside the pool, for LISTEN and session-level advisory locks. */
export function sessionFactory(connectionString: string, options: ConnectionOptions = {}): () => pg.Client {
  const settings = {
    ...connectionSettings(options, WORKER_SESSION_SERVER_OPTIONS),
    keepAliveInitialDelayMillis: WORKER_SESSION_KEEPALIVE_DELAY_MS,
  };
  return () => survivesConnectionLoss(new pg.Client({ connectionString, ...settings }));
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
