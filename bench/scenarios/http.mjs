// Scenarios over HTTP: tenant and topic create, tenant and user lists on the app, beside the bare Fastify + pg baseline server.
import { performance } from 'node:perf_hooks';
import { queryOnce, waitForProjection } from '../lib/database.mjs';
import { measureHttp } from '../lib/load.mjs';
import { ourStore } from '../lib/stores.mjs';

const CREATE_PATH = '/api/cluster/tenant/create';
const TOPIC_CREATE_PATH = '/api/cluster/topic/create';
const LIST_PATH = '/api/cluster/tenant/list';
const USER_LIST_PATH = '/api/cluster/user/list';

const createRequest = (prefix) => (n) => ({ method: 'POST', path: CREATE_PATH, body: { tenant_name: `${prefix}-${n}` } });
const baselineCreateRequest = (prefix) => (n) => ({ method: 'POST', path: '/tenant', body: { tenant_name: `${prefix}-${n}` } });

const BARE_INSERT = 'bare Fastify + pg route, one INSERT';

/**
 * Unique-name creates on the app (tenants, unless `request` makes other ones), beside the same load on the bare
 * INSERT route, measured just before.
 */
async function measureCreates({ app, baseline, connections, sizes, prefix, request = createRequest }) {
  const load = { connections, warmupSeconds: sizes.warmupSeconds, seconds: sizes.httpSeconds };
  const bare = await measureHttp({ ...load, targets: [baseline.url], request: baselineCreateRequest(`base-${prefix}-${connections}`) });
  const ours = await measureHttp({ ...load, targets: [app.url], request: request(`${prefix}-${connections}`) });
  console.log(`[bench] ${prefix} ${connections} conn: ${JSON.stringify(ours)} vs bare ${JSON.stringify(bare)}`);
  return { ours, bare };
}

/** Tenant create at 1 and 50 connections: req/s, p50 and p99, each beside the bare INSERT route. */
export async function createScenarios({ app, baseline, sizes, runId }) {
  const scenarios = [];
  for (const connections of [1, 50]) {
    const { ours, bare } = await measureCreates({ app, baseline, connections, sizes, prefix: `create-${runId}` });
    const what = `tenant create, ${connections} connection${connections > 1 ? 's' : ''}`;
    const notes = failureNote(ours, bare);
    scenarios.push(
      {
        name: `${what}, throughput`,
        figure: ours.requestsPerSecond,
        unit: 'req/s (ratio = figure / baseline)',
        baseline: { name: BARE_INSERT, figure: bare.requestsPerSecond },
        target: connections === 50 ? 'ratio >= 0.5' : 'reported (no target at 1 connection)',
        meets: (ratio) => connections !== 50 || ratio >= 0.5,
        notes,
      },
      {
        name: `${what}, p50 latency`,
        figure: ours.p50Ms,
        unit: 'ms (ratio = baseline / figure: higher is better)',
        inverse: true,
        baseline: { name: BARE_INSERT, figure: bare.p50Ms },
        target: connections === 1 ? 'p50 <= 3x the bare route (ratio >= 0.333)' : 'reported (no target for p50 at 50 connections)',
        meets: (ratio) => connections !== 1 || ratio >= 1 / 3,
        notes,
      },
      {
        name: `${what}, p99 latency`,
        figure: ours.p99Ms,
        unit: 'ms (ratio = baseline / figure: higher is better)',
        inverse: true,
        baseline: { name: BARE_INSERT, figure: bare.p99Ms },
        target: connections === 50 ? 'p99 <= 2x the bare route (ratio >= 0.5)' : 'reported (no target for p99 at 1 connection)',
        meets: (ratio) => connections !== 50 || ratio >= 0.5,
        notes,
      },
    );
  }
  return scenarios;
}

/**
 * Topic create with the quota check on, at 1 and 50 connections, beside the bare INSERT route. All topics go
 * to one tenant (a quota far above what the run creates), so every create reads the tenant's stream and
 * appends to its topic and to the tenant's topic counter: the counter serialises the tenant's creates,
 * which is the price of a quota that concurrent creates cannot overshoot.
 */
export async function topicCreateScenarios({ app, baseline, sizes, runId }) {
  const tenant = `bench-topics-${runId}`;
  const created = await fetch(new URL(CREATE_PATH, app.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant_name: tenant, config: { max_topics: 1_000_000_000 } }),
  });
  if (!created.ok) throw new Error(`creating the tenant of the topic scenario answered ${created.status}: ${await created.text()}`);
  const topicRequest = (prefix) => (n) => ({
    method: 'POST',
    path: TOPIC_CREATE_PATH,
    body: { tenant, topic_name: `bench/${prefix}/${n}` },
  });
  return reportedCreateScenarios({
    app,
    baseline,
    sizes,
    prefix: `topic-${runId}`,
    request: topicRequest,
    what: (connections) => `topic create in one tenant, quota checked (max_topics), ${connections} connection${connections > 1 ? 's' : ''}`,
    target: 'reported (a create over three streams, one of them shared by every create of the tenant)',
  });
}

/**
 * The same creates on an app that answers without waiting for the projection (READ_YOUR_WRITES_TIMEOUT_MS=0),
 * while the projection still applies them: splits a create's cost between the command path (load, decide,
 * append) and read-your-writes.
 */
export function createWithoutWaitingScenarios({ app, baseline, sizes, runId }) {
  return reportedCreateScenarios({
    app,
    baseline,
    sizes,
    prefix: `nowait-${runId}`,
    what: (connections) =>
      `tenant create without waiting for the projection (READ_YOUR_WRITES_TIMEOUT_MS=0), ${connections} connection${connections > 1 ? 's' : ''}`,
    target: 'reported (the command path alone)',
  });
}

/** Creates at 1 and 50 connections, reported beside the bare INSERT route: req/s, and p50 (1 connection) or p99 (50). */
async function reportedCreateScenarios({ app, baseline, sizes, prefix, request, what, target }) {
  const scenarios = [];
  for (const connections of [1, 50]) {
    const { ours, bare } = await measureCreates({ app, baseline, connections, sizes, prefix, request });
    const latency =
      connections === 1 ? { what: 'p50', figure: ours.p50Ms, bare: bare.p50Ms } : { what: 'p99', figure: ours.p99Ms, bare: bare.p99Ms };
    const notes = failureNote(ours, bare);
    scenarios.push(
      {
        name: `${what(connections)}, throughput`,
        figure: ours.requestsPerSecond,
        unit: 'req/s (ratio = figure / baseline)',
        baseline: { name: BARE_INSERT, figure: bare.requestsPerSecond },
        target,
        meets: () => true,
        notes,
      },
      {
        name: `${what(connections)}, ${latency.what} latency`,
        figure: latency.figure,
        unit: 'ms (ratio = baseline / figure: higher is better)',
        inverse: true,
        baseline: { name: BARE_INSERT, figure: latency.bare },
        target,
        meets: () => true,
        notes,
      },
    );
  }
  return scenarios;
}

/**
 * Seeds `sizes.listRows` tenants the way they come in production: TenantCreated events appended through the
 * event store (one stream per tenant, many writers at once), turned into rm_tenants by the app's own projection.
 * The baseline table gets the same number of rows by plain SQL: it is the baseline.
 */
export async function seedTenants({ appDatabaseUrl, baselineDatabaseUrl, sizes }) {
  await seedThroughTheLog(appDatabaseUrl, sizes.listRows, 'tenants', 'rm_tenants', (n) => {
    const tenant_name = listTenantName(n);
    const data = { tenant_name, desc: `seeded tenant ${n}`, config: DEFAULT_CONFIG, create_time: 1_700_000_000 + n };
    return { streamId: `tenant-${tenant_name}`, streamType: 'tenant', event: { type: 'TenantCreated', data } };
  });
  await queryOnce(
    baselineDatabaseUrl,
    `INSERT INTO baseline_tenants (tenant_name, description, config, create_time)
     SELECT 'seed-' || lpad(n::text, 6, '0'), 'seeded tenant ' || n, $1::jsonb, 1700000000 + n FROM generate_series(0, $2 - 1) n
     ON CONFLICT DO NOTHING`,
    [DEFAULT_CONFIG, sizes.listRows],
  );
  await queryOnce(baselineDatabaseUrl, 'VACUUM ANALYZE baseline_tenants');
}

/**
 * Seeds `sizes.listRows` users the same way, in the `default` tenant: UserCreated events through the event
 * store, projected into rm_users by the app. The hash is a placeholder: no read path looks at it.
 */
export async function seedUsers({ appDatabaseUrl, sizes }) {
  const password_hash = { algorithm: 'scrypt', n: 32_768, r: 8, p: 1, salt: 'AAAAAAAAAAAAAAAAAAAAAA==', hash: 'AAAA' };
  await seedThroughTheLog(appDatabaseUrl, sizes.listRows, 'users', 'rm_users', (n) => {
    const username = listUserName(n);
    const data = { tenant: 'default', username, password_hash, is_superuser: n % 100 === 0, create_time: 1_700_000_000 + n };
    return { streamId: `user-default/${username}`, streamType: 'user', event: { type: 'UserCreated', data } };
  });
}

/** Appends `count` one-event streams with 16 writers at once, then waits for the projection to apply them. */
async function seedThroughTheLog(appDatabaseUrl, count, what, table, streamFor) {
  const store = await ourStore(appDatabaseUrl, 16);
  const started = performance.now();
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let n = next++; n < count; n = next++) {
          const { streamId, streamType, event } = streamFor(n);
          await store.append(streamId, streamType, 0, [event]);
        }
      }),
    );
  } finally {
    await store.close();
  }
  const appended = performance.now();
  await waitForProjection(appDatabaseUrl, `the projection to apply the seeded ${what}`, 15 * 60_000);
  await queryOnce(appDatabaseUrl, `VACUUM ANALYZE ${table}`);
  const seconds = (to, from) => Math.round((to - from) / 100) / 10;
  console.log(
    `[bench] seeded ${count} ${what}: appended in ${seconds(appended, started)}s, projected ${seconds(performance.now(), appended)}s later`,
  );
}

const DEFAULT_CONFIG = {
  max_connections_per_node: 10_000_000,
  max_create_connection_rate_per_second: 10_000,
  max_topics: 5_000_000,
  max_sessions: 50_000_000,
  max_publish_rate: 10_000,
};

/** `bench-tenant-000042`: the filter `tenant-01` then matches a tenth of the rows. */
const listTenantName = (n) => `bench-tenant-${String(n).padStart(6, '0')}`;

/** `bench-user-000042`: the filter `user-01` then matches a tenth of the rows. */
const listUserName = (n) => `bench-user-${String(n).padStart(6, '0')}`;

/** The list requests of the issues (tenants: three; users: a filtered and an unfiltered first page), at 50 connections, beside the bare GET by primary key. */
export const LIST_QUERIES = (rows) => ({
  'fuzzy filter + sort + first page of 20': `${LIST_PATH}?tenant_name=tenant-01&sort_field=tenant_name&sort_by=desc&page=1&limit=20`,
  'no filter, first page of 20': `${LIST_PATH}?page=1&limit=20`,
  [`no filter, deep page (offset ${Math.floor((rows * 0.8) / 20) * 20})`]: `${LIST_PATH}?page=${Math.floor((rows * 0.8) / 20) + 1}&limit=20`,
  'user: exact tenant + fuzzy username + sort + first page of 20': `${USER_LIST_PATH}?tenant=default&username=user-01&sort_field=username&sort_by=desc&page=1&limit=20`,
  'user: no filter, first page of 20': `${USER_LIST_PATH}?page=1&limit=20`,
});

export async function listScenarios({ app, baseline, sizes }) {
  const load = { connections: 50, warmupSeconds: sizes.warmupSeconds, seconds: sizes.httpSeconds };
  const bare = await measureHttp({
    ...load,
    targets: [baseline.url],
    request: (n) => ({ path: `/tenant/seed-${String((n * 7919) % sizes.listRows).padStart(6, '0')}` }),
  });
  console.log(`[bench] bare GET by key: ${JSON.stringify(bare)}`);
  const bareName = 'bare Fastify + pg GET by primary key';
  const scenarios = [];
  for (const [what, path] of Object.entries(LIST_QUERIES(sizes.listRows))) {
    const ours = await measureHttp({ ...load, targets: [app.url], request: () => ({ path }) });
    console.log(`[bench] list ${what}: ${JSON.stringify(ours)}`);
    const deep = what.includes('deep page');
    const [resource, query] = what.startsWith('user: ') ? ['user', what.slice('user: '.length)] : ['tenant', what];
    const name = `${resource} list on ${sizes.listRows} rows, ${query}, 50 connections`;
    const notes = failureNote(ours, bare);
    scenarios.push(
      {
        name: `${name}, throughput`,
        figure: ours.requestsPerSecond,
        unit: 'req/s (ratio = figure / baseline)',
        baseline: { name: bareName, figure: bare.requestsPerSecond },
        target: deep ? 'reported, with its cause (OFFSET reads and drops every row before the page)' : 'ratio >= 0.5',
        meets: (ratio) => deep || ratio >= 0.5,
        notes,
      },
      {
        name: `${name}, p99 latency`,
        figure: ours.p99Ms,
        unit: 'ms (ratio = baseline / figure: higher is better)',
        inverse: true,
        baseline: { name: bareName, figure: bare.p99Ms },
        target: 'reported (no target for list p99)',
        meets: () => true,
        notes,
      },
    );
  }
  return scenarios;
}

/** Create throughput at 50 connections through 1 and then 2 API-only processes beside one worker process. */
export async function scaleOutScenario({ apis, sizes, runId }) {
  const load = { connections: 50, warmupSeconds: sizes.warmupSeconds, seconds: sizes.httpSeconds };
  const one = await measureHttp({ ...load, targets: [apis[0].url], request: createRequest(`scale1-${runId}`) });
  const two = await measureHttp({ ...load, targets: apis.map((api) => api.url), request: createRequest(`scale2-${runId}`) });
  console.log(`[bench] scale-out: 1 API ${JSON.stringify(one)}, 2 APIs ${JSON.stringify(two)}`);
  return [
    {
      name: 'scale-out: tenant create, 50 connections split over 2 API processes (RUN_WORKERS=false) + 1 worker',
      figure: two.requestsPerSecond,
      unit: 'req/s (ratio = figure / baseline)',
      baseline: { name: 'the same with 1 API process + 1 worker', figure: one.requestsPerSecond },
      target: 'reported (2 cores cannot show scale-out; docs/scaling.md reasons from it)',
      meets: () => true,
      notes: failureNote(two, one),
    },
  ];
}

function failureNote(ours, bare) {
  const parts = [];
  if (ours.failures > 0) parts.push(`${ours.failures} of ${ours.requests} requests failed (non-2xx, error or timeout)`);
  if (bare.failures > 0) parts.push(`baseline: ${bare.failures} of ${bare.requests} requests failed`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}
