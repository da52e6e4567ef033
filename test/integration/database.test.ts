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
});
