import { createPool, sessionFactory } from '#libs/database';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

describe('database connections', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('a pool connection left idle in a transaction is ended by Postgres, so it cannot stall the log readers for long', async () => {
    const pool = createPool(database.url, 2);
    try {
      const result = await pool.query('SHOW idle_in_transaction_session_timeout');
      expect(result.rows[0].idle_in_transaction_session_timeout).toBe('1min');
    } finally {
      await pool.end();
    }
  });

  it('dedicated sessions (LISTEN, leadership locks) carry the same limit', async () => {
    const session = sessionFactory(database.url)();
    await session.connect();
    try {
      const result = await session.query('SHOW idle_in_transaction_session_timeout');
      expect(result.rows[0].idle_in_transaction_session_timeout).toBe('1min');
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
