import { createPool, sessionFactory } from '#libs/database';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

describe('database connections', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('a pool connection left idle in a transaction is ended by Postgres, so it cannot stall the log readers for long', async () => {
    // The same setting as in service, with a limit short enough to watch it act.
    const pool = createPool(database.url, 2, { idleInTransactionTimeoutMs: 200 });
    try {
      const client = await pool.connect();
      const ended = new Promise((resolve) => client.once('end', resolve));
      await client.query('BEGIN');
      await client.query('SELECT 1');

      await ended;
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release(true);
    } finally {
      await pool.end();
    }
  });

  it('pool connections are given a one-minute limit for staying idle in a transaction', async () => {
    const pool = createPool(database.url, 2);
    try {
      const result = await pool.query('SHOW idle_in_transaction_session_timeout');
      expect(result.rows[0].idle_in_transaction_session_timeout).toBe('1min');
    } finally {
      await pool.end();
    }
  });

  it('dedicated sessions (LISTEN, leadership locks) carry the same limit, and keep-alive and user timeouts that end a vanished peer within seconds', async () => {
    const session = sessionFactory(database.url)();
    await session.connect();
    try {
      const settings = await session.query(
        `SELECT name, setting FROM pg_settings
          WHERE name IN ('idle_in_transaction_session_timeout', 'tcp_keepalives_idle', 'tcp_keepalives_interval', 'tcp_keepalives_count', 'tcp_user_timeout')
          ORDER BY name`,
      );
      // Over TCP (as here) the server applies them; on a Unix socket it ignores the TCP ones.
      expect(Object.fromEntries(settings.rows.map((row) => [row.name, row.setting]))).toEqual({
        idle_in_transaction_session_timeout: '60000',
        tcp_keepalives_count: '3',
        tcp_keepalives_idle: '10',
        tcp_keepalives_interval: '5',
        tcp_user_timeout: '15000',
      });
    } finally {
      await session.end();
    }
  });

  it('a connection Postgres ends between two queries fails its next query, and the process and the pool carry on', async () => {
    const pool = createPool(database.url, 2);
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const ended = new Promise((resolve) => client.once('end', resolve));
      await database.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      await ended;

      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release(true);
      expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
