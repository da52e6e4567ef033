// Cluster configuration: config/set on a near-empty and on a 10,000-event configuration stream (command latency
// must not grow with the stream: the event store keeps its folded state), and config/get (served from memory)
// beside the bare server's hello-world route.
import pg from 'pg';
import { measureHttp } from '../lib/load.mjs';
import { ROOT } from '../lib/processes.mjs';

const SET_PATH = '/api/cluster/config/set';
const GET_PATH = '/api/cluster/config/get';
export const LONG_STREAM_EVENTS = 10_000;
const HELLO = 'bare Fastify route, a constant JSON body (GET /hello)';

/** The bench sends far more than the default 50 requests per path and second: raised once, through the API itself. */
export async function raiseAdminRateLimit(app) {
  const response = await fetch(app.url + SET_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ config_type: 'ClusterLimit', config: { max_admin_http_uri_rate: 4_294_967_295 } }),
  });
  if (response.status !== 200) throw new Error(`raising the admin rate limit answered ${response.status}: ${await response.text()}`);
}

/** Every request changes the section (a record_time never sent before), so every one appends an event. */
const setRequest = (offset) => (n) => ({
  method: 'POST',
  path: SET_PATH,
  body: { config_type: 'MqttSlowSubscribeConfig', config: JSON.stringify({ enable: true, record_time: offset + n }) },
});

async function streamLength(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT coalesce(max(version), 0) AS version FROM streams WHERE stream_id = 'cluster_config-cluster'",
    );
    return Number(rows[0].version);
  } finally {
    await client.end();
  }
}

/**
 * Grows the configuration stream to `events` the way commands do (runCommand: load the kept state, decide,
 * append with the new state), with the compiled app's own code, one change after the other.
 */
async function growStream(databaseUrl, events) {
  const [{ runCommand }, { clusterConfigDecider, SetClusterConfig }, { createEventStore }] = await Promise.all([
    import(`${ROOT}/dist/libs/application/index.js`),
    import(`${ROOT}/dist/libs/domain/cluster-config/index.js`),
    import(`${ROOT}/dist/libs/runtime/index.js`),
  ]);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const store = createEventStore(pool);
    for (let version = await streamLength(databaseUrl); version < events; version++) {
      await runCommand(store, clusterConfigDecider, new SetClusterConfig('MqttFlappingDetect', { ban_time: version + 1 }));
    }
  } finally {
    await pool.end();
  }
}

/** Rounds of config/set measured alternately on the two streams, so that load from elsewhere on the machine falls on both. */
const ROUNDS = 3;

/**
 * `shortApp` serves a configuration stream that starts near-empty, `longApp` one grown to 10,000 events
 * first; each has a database of its own. The p50 of each is the median of its rounds' p50s.
 */
export async function configScenarios({ shortApp, longApp, baseline, shortDatabaseUrl, longDatabaseUrl, sizes }) {
  await growStream(longDatabaseUrl, LONG_STREAM_EVENTS);
  const shortBefore = await streamLength(shortDatabaseUrl);
  const longBefore = await streamLength(longDatabaseUrl);
  const load = { connections: 1, warmupSeconds: sizes.warmupSeconds, seconds: Math.max(1, Math.round(sizes.httpSeconds / ROUNDS)) };
  const rounds = { short: [], long: [] };
  for (let round = 0; round < ROUNDS; round++) {
    rounds.short.push(await measureHttp({ ...load, targets: [shortApp.url], request: setRequest(1_000_000 * (round + 1)) }));
    rounds.long.push(await measureHttp({ ...load, targets: [longApp.url], request: setRequest(1_000_000 * (round + 1)) }));
  }
  const shortAfter = await streamLength(shortDatabaseUrl);
  const short = combine(rounds.short);
  const long = combine(rounds.long);
  console.log(
    `[bench] config/set: stream ${shortBefore}→${shortAfter} events ${JSON.stringify(short)}; from ${longBefore} events ${JSON.stringify(long)}`,
  );

  const getLoad = { connections: 50, warmupSeconds: sizes.warmupSeconds, seconds: sizes.httpSeconds };
  const hello = await measureHttp({ ...getLoad, targets: [baseline.url], request: () => ({ path: '/hello' }) });
  const get = await measureHttp({ ...getLoad, targets: [shortApp.url], request: () => ({ path: GET_PATH }) });
  console.log(`[bench] config/get ${JSON.stringify(get)} vs hello ${JSON.stringify(hello)}`);

  const setNotes = [
    `the short stream grew from ${shortBefore} to ${shortAfter} events while measured (every set appends)`,
    failures(short, 'short stream'),
    failures(long, 'long stream'),
  ]
    .filter(Boolean)
    .join('; ');
  const baselineName = `the same sets on a configuration stream from ${shortBefore} events, in alternate rounds`;
  return [
    {
      name: `config/set on a ${longBefore}-event configuration stream, 1 connection, p50 latency`,
      figure: long.p50Ms,
      unit: 'ms (ratio = baseline / figure: higher is better)',
      inverse: true,
      baseline: { name: baselineName, figure: short.p50Ms },
      target: 'p50 <= 1.2x the near-empty stream (ratio >= 0.833)',
      meets: (ratio) => ratio >= 1 / 1.2,
      notes: setNotes,
    },
    {
      name: `config/set on a ${longBefore}-event configuration stream, 1 connection, throughput`,
      figure: long.requestsPerSecond,
      unit: 'req/s (ratio = figure / baseline)',
      baseline: { name: baselineName, figure: short.requestsPerSecond },
      target: 'reported (the latency is the target)',
      meets: () => true,
      notes: setNotes,
    },
    {
      name: 'config/get (from memory), 50 connections, throughput',
      figure: get.requestsPerSecond,
      unit: 'req/s (ratio = figure / baseline)',
      baseline: { name: HELLO, figure: hello.requestsPerSecond },
      target: 'ratio >= 0.6',
      meets: (ratio) => ratio >= 0.6,
      notes: [failures(get, 'config/get'), failures(hello, 'baseline')].filter(Boolean).join('; ') || undefined,
    },
  ];
}

/** The median of the rounds' p50s and throughputs; requests and failures summed. */
function combine(results) {
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    requestsPerSecond: median(results.map((result) => result.requestsPerSecond)),
    p50Ms: median(results.map((result) => result.p50Ms)),
    p99Ms: median(results.map((result) => result.p99Ms)),
    requests: results.reduce((sum, result) => sum + result.requests, 0),
    failures: results.reduce((sum, result) => sum + result.failures, 0),
  };
}

function failures(result, what) {
  return result.failures > 0 ? `${what}: ${result.failures} of ${result.requests} requests failed` : undefined;
}
