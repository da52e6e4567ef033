// `npm run start:worker` as its own process: beside API-only instances (RUN_WORKERS=false), sharing only
// Postgres; and killed outright in the middle of its work.
import { DEFAULT_TENANT_CONFIG } from '#libs/domain/tenant';
import { EventStore } from '#libs/event-store';
import { checkpointPosition, eventsBehind, waitUntil, waitUntilCaughtUp } from '../support/consumers.js';
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

// The tests run the compiled apps, as the npm scripts do.
beforeAll(buildApps, 240_000);

describe('an API-only instance beside a worker process', () => {
  let database: TestDatabase;
  let api: Started | undefined;
  let worker: Started | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    worker = startBuilt(WORKER_MAIN, freshEnv({ DATABASE_URL: database.url, LOG_LEVEL: 'info' }));
    // Listening on every address, as an API instance behind a load balancer does (authentication has tests of its own).
    const apiEnv = {
      DATABASE_URL: database.url,
      HOST: '0.0.0.0',
      ALLOW_UNAUTHENTICATED: 'true',
      PORT: String(port),
      RUN_WORKERS: 'false',
      LOG_LEVEL: 'info',
    };
    api = startBuilt(API_MAIN, freshEnv(apiEnv));
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

  it('logs one JSON line per request, with the request id it answered with', async () => {
    const response = await fetch(`${baseUrl}/api/tenant/list`, { headers: { 'x-request-id': 'logged-request-1' } });
    expect(response.headers.get('x-request-id')).toBe('logged-request-1');
    await waitUntil('the request was logged', () => api!.output().includes('logged-request-1'));

    const line = api!
      .output()
      .split('\n')
      .find((text) => text.includes('logged-request-1'));
    expect(JSON.parse(line!)).toMatchObject({
      msg: 'request',
      request_id: 'logged-request-1',
      method: 'GET',
      url: '/api/tenant/list',
      status: 200,
    });
  });

  it('the API instance runs no projector: the worker holds the projection', async () => {
    expect(worker!.output()).toContain('log consumer is now active');
    expect(api!.output()).toContain('robustmq-admin is serving');
    expect(api!.output()).not.toContain('log consumer is now active');
    const checkpoint = await database.pool.query("SELECT position FROM consumer_checkpoints WHERE consumer_name = 'meta'");
    expect(Number(checkpoint.rows[0].position)).toBeGreaterThan(0);
  });

  it('both stop on SIGTERM with exit code 0', async () => {
    api!.child.kill('SIGTERM');
    worker!.child.kill('SIGTERM');
    expect(await exitWithin(api!, 30_000)).toBe(0);
    expect(await exitWithin(worker!, 30_000)).toBe(0);
  });
});

describe('a worker process killed in the middle of its backlog', () => {
  const BACKLOG = 6000;
  let database: TestDatabase;
  let worker: Started | undefined;
  const startWorker = () => startBuilt(WORKER_MAIN, freshEnv({ DATABASE_URL: database.url, CONSUMER_BATCH_SIZE: '20', LOG_LEVEL: 'warn' }));
  const readModel = async () => (await database.pool.query('SELECT * FROM rm_tenants ORDER BY tenant_name')).rows;

  beforeAll(async () => {
    database = await createTestDatabase();
    const store = new EventStore(database.pool);
    const appendTenant = (i: number) =>
      store.appendToStream(`tenant-backlog-${i}`, 'tenant', 'no_stream', [
        { type: 'TenantCreated', data: { tenant_name: `backlog-${i}`, desc: `#${i}`, config: DEFAULT_TENANT_CONFIG, create_time: i } },
        ...(i % 3 === 0
          ? [{ type: 'TenantUpdated', data: { tenant_name: `backlog-${i}`, desc: 'updated', config: DEFAULT_TENANT_CONFIG } }]
          : []),
        ...(i % 5 === 0 ? [{ type: 'TenantDeleted', data: { tenant_name: `backlog-${i}` } }] : []),
      ]);
    for (let first = 0; first < BACKLOG; first += 8)
      await Promise.all(Array.from({ length: 8 }, (_, offset) => appendTenant(first + offset)));
  }, 240_000);

  afterAll(async () => {
    await stopBuilt(worker);
    await database?.drop();
  }, 60_000);

  it('restarts and ends with the same read model as a fresh rebuild', async () => {
    worker = startWorker();
    await waitUntil('the worker committed its first batches', async () => (await checkpointPosition(database.pool, 'meta')) > 0n, 60_000);
    worker.child.kill('SIGKILL');
    await worker.exited;
    expect(await eventsBehind(database.pool, 'meta')).toBeGreaterThan(0);

    worker = startWorker();
    await waitUntilCaughtUp(database.pool, 'meta', 120_000);
    const afterCrash = await readModel();
    await stopBuilt(worker);

    await database.pool.query("TRUNCATE rm_tenants; UPDATE consumer_checkpoints SET transaction_id = '0', position = 0");
    worker = startWorker();
    await waitUntilCaughtUp(database.pool, 'meta', 120_000);
    await stopBuilt(worker);

    expect(afterCrash).toHaveLength(BACKLOG - BACKLOG / 5);
    expect(afterCrash).toEqual(await readModel());
  }, 300_000);
});
