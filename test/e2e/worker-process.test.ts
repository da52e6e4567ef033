// The production split: API-only instances (RUN_WORKERS=false) beside `npm run start:worker`, sharing only Postgres.
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import {
  API_MAIN,
  buildApps,
  exitWithin,
  freePort,
  freshEnv,
  type Started,
  startBuilt,
  stopBuilt,
  waitForHttp,
  WORKER_MAIN,
} from '../support/built-app.js';

describe('an API-only instance beside a worker process', () => {
  let database: TestDatabase;
  let api: Started | undefined;
  let worker: Started | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    buildApps();
    database = await createTestDatabase();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    worker = startBuilt(WORKER_MAIN, freshEnv({ DATABASE_URL: database.url, LOG_LEVEL: 'info' }));
    api = startBuilt(API_MAIN, freshEnv({ DATABASE_URL: database.url, PORT: String(port), RUN_WORKERS: 'false', LOG_LEVEL: 'info' }));
    await waitForHttp(`${baseUrl}/api/cluster/tenant/list`, api, 60_000);
  }, 240_000);

  afterAll(async () => {
    await stopBuilt(api);
    await stopBuilt(worker);
    await database?.drop();
  }, 60_000);

  it('a command answers once the worker process has projected it, and the next list shows it', async () => {
    const created = await fetch(`${baseUrl}/api/cluster/tenant/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant_name: 'split-deployment' }),
    });
    expect(created.status).toBe(200);
    expect(created.headers.get('x-read-your-writes')).toBe('applied');

    const listed = (await (await fetch(`${baseUrl}/api/cluster/tenant/list?tenant_name=split`)).json()) as {
      data: { data: { tenant_name: string }[] };
    };
    expect(listed.data.data.map((row) => row.tenant_name)).toEqual(['split-deployment']);
  });

  it('the API instance runs no projector: the worker holds the projection', async () => {
    expect(worker!.output()).toContain('log consumer is now active');
    expect(api!.output()).toContain('robustmq-admin is serving');
    expect(api!.output()).not.toContain('log consumer is now active');
    const checkpoint = await database.pool.query("SELECT position FROM consumer_checkpoints WHERE consumer_name = 'cluster-metadata'");
    expect(Number(checkpoint.rows[0].position)).toBeGreaterThan(0);
  });

  it('both stop on SIGTERM with exit code 0', async () => {
    api!.child.kill('SIGTERM');
    worker!.child.kill('SIGTERM');
    expect(await exitWithin(api!, 30_000)).toBe(0);
    expect(await exitWithin(worker!, 30_000)).toBe(0);
  });
});
