// API_STATEMENT_TIMEOUT_MS: an API query that cannot finish in time answers 503 instead of hanging,
// while the projectors, on the workers' own pool, wait as long as they must.
import pg from 'pg';
import { startTestApp, type TestApp } from '../support/app.js';
import { waitUntil } from '../support/consumers.js';

const LIST = '/api/cluster/tenant/list';
const TIMEOUT_TEXT = 'the database did not answer in time; try again';

let app: TestApp;
const lockers: pg.Client[] = [];

beforeAll(async () => {
  app = await startTestApp({ API_STATEMENT_TIMEOUT_MS: '500', READ_YOUR_WRITES_TIMEOUT_MS: '0' });
  for (let i = 0; i < 2; i++) {
    const client = new pg.Client({ connectionString: app.database.url });
    await client.connect();
    lockers.push(client);
  }
}, 120_000);

afterAll(async () => {
  for (const client of lockers) await client.end();
  await app?.close();
});

/** How many sessions of this database wait for a lock in a statement that starts with `sqlStart`. */
async function waitingOnLock(sqlStart: string): Promise<number> {
  const { rows } = await app.database.pool.query<{ count: string }>(
    `SELECT count(*) FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND state = 'active' AND ltrim(query) LIKE $1`,
    [`${sqlStart}%`],
  );
  return Number(rows[0]!.count);
}

describe('a list query over the statement timeout', () => {
  it('answers 503 in the envelope, while the projector, waiting on the same table, is not cut short', async () => {
    const [writeBlocker, readBlocker] = lockers as [pg.Client, pg.Client];
    // EXCLUSIVE blocks the projector's writes but not reads; it takes no transaction id, so the log
    // readers are not held back by it and the projector reaches its INSERT.
    await writeBlocker.query('BEGIN');
    await writeBlocker.query('LOCK TABLE rm_tenants IN EXCLUSIVE MODE');
    let readBlocked: Promise<unknown> | undefined;
    try {
      expect((await app.post('/api/cluster/tenant/create', { tenant_name: 'behind-a-lock' })).status).toBe(200);
      await waitUntil('the projector waits for the lock', async () => (await waitingOnLock('INSERT INTO rm_tenants')) === 1);
      // A queued ACCESS EXCLUSIVE request makes every later read of the table wait behind it.
      await readBlocker.query('BEGIN');
      readBlocked = readBlocker.query('LOCK TABLE rm_tenants IN ACCESS EXCLUSIVE MODE');
      await waitUntil('the read blocker is queued', async () => (await waitingOnLock('LOCK TABLE')) === 1);

      const response = await app.get(LIST);

      expect(response.status).toBe(503);
      expect(response.body).toEqual({ code: 100, data: '', error: TIMEOUT_TEXT, message: TIMEOUT_TEXT });
      // The API's statement ran out of time meanwhile; the projector's, begun earlier, still waits.
      expect(await waitingOnLock('INSERT INTO rm_tenants')).toBe(1);
    } finally {
      await writeBlocker.query('ROLLBACK');
      await readBlocked;
      await readBlocker.query('ROLLBACK');
    }

    await waitUntil('the tenant is listed', async () => {
      const response = await app.get(`${LIST}?tenant_name=behind-a-lock`);
      return response.status === 200 && response.body.data.total_count === 1;
    });
  }, 60_000);
});
