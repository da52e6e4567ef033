// The node registry with the compiled worker, as `npm run start:worker` runs it: it registers with its
// process id and its workers' lock sessions, and leaves the registry when it is stopped with SIGTERM.
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { waitUntil } from '../support/consumers.js';
import { buildApps, exitWithin, freshEnv, type Started, startBuilt, stopBuilt, WORKER_MAIN } from '../support/built-app.js';

beforeAll(buildApps, 240_000);

describe('a worker process in the node registry', () => {
  let database: TestDatabase;
  let worker: Started | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await stopBuilt(worker);
    await database?.drop();
  }, 60_000);

  const rowOf = async (pid: number) =>
    (
      await database.pool.query<{ roles: string[]; workers: { name: string; leader: boolean; session_pid: number | null }[] }>(
        'SELECT roles, workers FROM cluster_nodes WHERE pid = $1',
        [pid],
      )
    ).rows[0];

  it('registers, reports the lock sessions of the workers it leads, and deregisters on SIGTERM', async () => {
    worker = startBuilt(WORKER_MAIN, freshEnv({ DATABASE_URL: database.url, LOG_LEVEL: 'info' }));
    const pid = worker.child.pid!;
    await waitUntil(
      'the worker leads meta in the registry',
      async () => {
        const row = await rowOf(pid);
        return row?.workers.some((reported) => reported.name === 'meta' && reported.leader) ?? false;
      },
      60_000,
    );
    const row = (await rowOf(pid))!;
    expect(row.roles).toEqual(['worker']);
    // The status finds the leader by the lock holder's server process in pg_locks: the one the row reports.
    const holders = await database.pool.query<{ pid: number }>(
      `SELECT l.pid FROM pg_locks l
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND (l.classid::bigint << 32 | l.objid::bigint) = hashtextextended('log-consumer:meta', 0)`,
    );
    expect(holders.rows.map((holder) => holder.pid)).toEqual([row.workers.find((reported) => reported.name === 'meta')!.session_pid]);

    worker.child.kill('SIGTERM');

    expect(await exitWithin(worker, 30_000)).toBe(0);
    expect(await rowOf(pid)).toBeUndefined();
    expect(worker.output()).toContain('left the node registry');
  }, 120_000);
});
