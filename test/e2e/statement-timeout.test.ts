// API_STATEMENT_TIMEOUT_MS: an API query that cannot finish in time answers 503 instead of hanging,
// while the projectors, on their own sessions, wait as long as they must.
import pg from 'pg';
import { startTestApp, type TestApp } from '../support/app.js';
import { waitUntil } from '../support/consumers.js';

const LIST = '/api/cluster/tenant/list';

let app: TestApp;
let locker: pg.Client;

beforeAll(async () => {
  app = await startTestApp({ API_STATEMENT_TIMEOUT_MS: '500', READ_YOUR_WRITES_TIMEOUT_MS: '0' });
  locker = new pg.Client({ connectionString: app.database.url });
  await locker.connect();
}, 120_000);

afterAll(async () => {
  await locker?.end();
  await app?.close();
});

/** Whether a session of this database is waiting for a lock in a statement that starts with `sqlStart`. */
async function waitingOnLock(sqlStart: string): Promise<boolean> {
  const { rows } = await app.database.pool.query(
    `SELECT 1 FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND state = 'active' AND ltrim(query) LIKE $1`,
    [`${sqlStart}%`],
  );
  return rows.length > 0;
}

describe('a list query over the statement timeout', () => {
  it('answers 503 in the envelope while a lock holds the table; the projector waits the lock out and applies its event', async () => {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE rm_tenants IN ACCESS EXCLUSIVE MODE');
    try {
      // The command itself only appends to the log; its projection is what waits for the lock.
      expect((await app.post('/api/cluster/tenant/create', { tenant_name: 'behind-a-lock' })).status).toBe(200);
      await waitUntil('the projector waits for the lock', () => waitingOnLock('INSERT INTO rm_tenants'));

      const response = await app.get(LIST);

      expect(response.status).toBe(503);
      expect(response.body).toEqual({
        code: 100,
        data: '',
        error: 'the database did not answer in time; try again',
        message: 'the database did not answer in time; try again',
      });
      // More than the API's timeout has passed with the lock held, and the projector's statement is still waiting.
      expect(await waitingOnLock('INSERT INTO rm_tenants')).toBe(true);
    } finally {
      await locker.query('ROLLBACK');
    }

    await waitUntil('the tenant is listed', async () => {
      const response = await app.get(`${LIST}?tenant_name=behind-a-lock`);
      return response.status === 200 && response.body.data.total_count === 1;
    });
  }, 60_000);
});
