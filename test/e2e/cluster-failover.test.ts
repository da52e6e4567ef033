// The service as a cluster of disposable processes: two API-only instances and two worker processes
// (then a third), spawned from the build, against one Postgres and Kafka, with commands flowing the
// whole time. A worker killed outright, a worker and an API stopped by SIGTERM in the middle of their
// work; at the end every event is in the read models once and on Kafka in each stream's order.
import http from 'node:http';
import pg from 'pg';
import { runCommand } from '#libs/application';
import { clusterConfigDecider, SetClusterConfig } from '#libs/domain/cluster-config';
import { EventStore } from '#libs/event-store';
import { KAFKA_PUBLISHER_NAME } from '#libs/messaging';
import { projections } from '#libs/read-models';
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
import { CommandStream } from '../support/command-stream.js';
import { waitUntil, waitUntilCaughtUp } from '../support/consumers.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { distinctRecordsOfTopics, uniqueTopicPrefix } from '../support/kafka-topics.js';
import { readModelSnapshot, rebuildReadModels } from '../support/read-model-rebuild.js';

// The tests run the compiled apps, as the npm scripts do.
beforeAll(buildApps, 240_000);

interface ApiProcess {
  process: Started;
  url: string;
}

/** The JSON lines a process logged so far. */
function logLines(app: Started): Record<string, unknown>[] {
  return app
    .output()
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

/** The log consumers a worker process runs, once it has started them. */
const consumersOf = (worker: Started): string[] | undefined =>
  logLines(worker).find((line) => line.msg === 'worker is running')?.consumers as string[] | undefined;

/** The consumers this worker process has led at some point: it logs each take-over. */
const ledBy = (worker: Started): Set<string> =>
  new Set(logLines(worker).flatMap((line) => (line.msg === 'log consumer is now active' ? [line.consumer as string] : [])));

async function waitUntilLeadsEveryConsumer(worker: Started, timeoutMs = 30_000): Promise<void> {
  await waitUntil(
    'the worker process leads every consumer',
    () => {
      const consumers = consumersOf(worker);
      const led = ledBy(worker);
      return consumers !== undefined && consumers.every((consumer) => led.has(consumer));
    },
    timeoutMs,
  );
}

interface StatusNode {
  node_id: number;
  pid: number;
}

interface ClusterStatus {
  broker_node_list: StatusNode[];
  meta: Record<'mqtt' | 'offset' | 'meta', { state: string; current_leader: number | null }>;
}

async function clusterStatus(api: ApiProcess): Promise<ClusterStatus> {
  const response = await fetch(`${api.url}/api/cluster/status`);
  if (response.status !== 200) throw new Error(`status answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: ClusterStatus }).data;
}

/**
 * Status on either API process lists every given process in `broker_node_list` (a process killed a
 * moment ago may still be listed: it is dropped once silent for the heartbeat timeout), and its `meta.*`
 * sections all name `leader`, the worker process that holds every consumer's lock, as on each other.
 * Leadership reaches the registry with the next heartbeats, so this waits for the status to agree.
 */
async function expectStatusShowsEveryNodeAndSameLeaders(
  apis: readonly ApiProcess[],
  workers: readonly Started[],
  leader: Started,
): Promise<void> {
  const pids = [...apis.map((api) => api.process.child.pid!), ...workers.map((worker) => worker.child.pid!)];
  let statuses: ClusterStatus[] = [];
  const leaderIdIn = (status: ClusterStatus) => status.broker_node_list.find((node) => node.pid === leader.child.pid)?.node_id;
  await waitUntil(
    'the status of both API processes names the leader worker process for every section',
    async () => {
      statuses = await Promise.all(apis.map(clusterStatus));
      return statuses.every((status) =>
        Object.values(status.meta).every((section) => section.current_leader !== null && section.current_leader === leaderIdIn(status)),
      );
    },
    15_000,
  );
  for (const status of statuses) {
    expect(status.broker_node_list.map((node) => node.pid)).toEqual(expect.arrayContaining(pids));
    // API-only processes lead nothing, so every section of their status says Follower.
    expect(Object.values(status.meta).map((section) => section.state)).toEqual(['Follower', 'Follower', 'Follower']);
  }
  expect(new Set(statuses.map((status) => JSON.stringify(Object.values(status.meta).map((section) => section.current_leader)))).size).toBe(
    1,
  );
}

/** Asks on a connection of its own, so that an open keep-alive connection cannot answer instead: refused once the server stopped listening. */
function refusesNewConnections(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(`${url}/api/cluster/tenant/list`, { agent: false }, (response) => {
      response.resume();
      resolve(false);
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/**
 * Holds the checkpoints: a projector that finished a batch waits for them in its compare-and-set, in
 * the middle of its transaction, and every command waits on it to answer. A table lock, not row locks
 * (FOR UPDATE): those would give this transaction an id, and the gap-free log readers read nothing
 * committed after the oldest running transaction, so no new batch would ever reach the compare-and-set.
 */
async function holdProjectionCheckpoints(database: TestDatabase): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('BEGIN');
  // SHARE conflicts with the ROW EXCLUSIVE lock of an UPDATE, and lets readers (SELECT) through.
  await client.query('LOCK TABLE consumer_checkpoints IN SHARE MODE');
  return {
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

async function waitUntilAppended(database: TestDatabase, requestId: string): Promise<void> {
  await waitUntil(
    `the command ${requestId} appended its events`,
    async () => ((await database.pool.query("SELECT 1 FROM events WHERE metadata->>'request_id' = $1", [requestId])).rowCount ?? 0) > 0,
  );
}

/** The transactions (xid) of projector batches waiting to move their checkpoint. */
async function batchesWaitingOnTheirCheckpoint(database: TestDatabase): Promise<string[]> {
  const result = await database.pool.query<{ xid: string }>(
    `SELECT backend_xid::text AS xid FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND backend_xid IS NOT NULL
        AND query LIKE 'UPDATE consumer_checkpoints%'`,
  );
  return result.rows.map((row) => row.xid);
}

/** What each session of the test database is doing, for a failure message. */
async function sessionsOf(database: TestDatabase): Promise<string> {
  const result = await database.pool.query(
    `SELECT pid, application_name, state, wait_event_type, wait_event, backend_xid::text AS xid, left(query, 80) AS query
       FROM pg_stat_activity WHERE datname = current_database()`,
  );
  return JSON.stringify(result.rows);
}

const DRAINED_API_STOP_TIMEOUT_MS = 8_000;

/** Creates a tenant, its request id being its name. */
const createTenant = (api: ApiProcess, name: string) =>
  fetch(`${api.url}/api/cluster/tenant/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': name },
    body: JSON.stringify({ tenant_name: name }),
  });

describe('two API processes and two worker processes on one Postgres and Kafka', () => {
  const brokers = process.env.KAFKA_BROKERS!;
  const topicPrefix = uniqueTopicPrefix();
  let database: TestDatabase;
  const apis: ApiProcess[] = [];
  const workers: Started[] = [];
  /** The API processes the command stream sends to: one leaves when it is stopped. */
  let serving: ApiProcess[] = [];
  const stream = new CommandStream(() => serving.map((api) => api.url));
  let leader: Started;

  const startWorker = () => {
    const worker = startBuilt(
      WORKER_MAIN,
      freshEnv({
        DATABASE_URL: database.url,
        KAFKA_BROKERS: brokers,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        CONSUMER_BATCH_SIZE: '20',
        LOG_LEVEL: 'info',
      }),
    );
    workers.push(worker);
    return worker;
  };
  const startApi = async (settings: Record<string, string> = {}): Promise<ApiProcess> => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // Commands wait for the projection as long as a test holds it back (the default gives up after 5 s).
    const env = {
      DATABASE_URL: database.url,
      PORT: String(port),
      RUN_WORKERS: 'false',
      READ_YOUR_WRITES_TIMEOUT_MS: '60000',
      LOG_LEVEL: 'warn',
      ...settings,
    };
    const api = { process: startBuilt(API_MAIN, freshEnv(env)), url };
    apis.push(api);
    await waitForHttp(`${url}/api/cluster/tenant/list`, api.process, 60_000);
    return api;
  };
  const list = async (api: ApiProcess, path: string) => (await (await fetch(`${api.url}${path}`)).json()) as { data: { data: unknown[] } };

  beforeAll(async () => {
    database = await createTestDatabase();
    // The admin rate limit (50 requests per path and second by default) would answer part of the stream 429.
    await runCommand(
      new EventStore(database.pool),
      clusterConfigDecider,
      new SetClusterConfig('ClusterLimit', { max_admin_http_uri_rate: 1_000_000 }),
    );
    leader = startWorker();
    // The second one's drain (half the stop timeout) ends long before its commands stop waiting.
    const apisServing = Promise.all([startApi(), startApi({ STOP_TIMEOUT_MS: String(DRAINED_API_STOP_TIMEOUT_MS) })]);
    await waitUntilLeadsEveryConsumer(leader, 60_000);
    const standby = startWorker();
    await apisServing;
    await waitUntil('the second worker process runs', () => consumersOf(standby) !== undefined, 60_000);
    serving = [...apis];
    stream.start();
  }, 240_000);

  afterAll(async () => {
    await stream.stop();
    for (const app of [...apis.map((api) => api.process), ...workers]) await stopBuilt(app);
    await database?.drop();
  }, 120_000);

  it('commands sent to either API process are answered and listed on the other, while one worker process leads every consumer', async () => {
    await stream.answered(40);
    const created = await createTenant(apis[0]!, 'seen-on-the-other-api');
    expect(created.status).toBe(200);
    expect(created.headers.get('x-read-your-writes')).toBe('applied');
    expect((await list(apis[1]!, '/api/cluster/tenant/list?tenant_name=seen-on-the-other')).data.data).toEqual([
      expect.objectContaining({ tenant_name: 'seen-on-the-other-api' }),
    ]);
    expect(ledBy(workers[1]!)).toEqual(new Set());
    await expectStatusShowsEveryNodeAndSameLeaders(apis, workers, leader);
  }, 120_000);

  it('kill -9 of the active worker process: the standby takes over every consumer, and commands go on being answered and listed', async () => {
    leader.child.kill('SIGKILL');
    await leader.exited;
    leader = workers[1]!;
    await waitUntilLeadsEveryConsumer(leader, 15_000);

    await stream.answered(40);
    const created = await createTenant(apis[1]!, 'after-the-kill');
    expect(created.status).toBe(200);
    expect(created.headers.get('x-read-your-writes')).toBe('applied');
    expect((await list(apis[0]!, '/api/cluster/tenant/list?tenant_name=after-the-kill')).data.data).toHaveLength(1);
    await expectStatusShowsEveryNodeAndSameLeaders(apis, workers.slice(1), leader);
  }, 120_000);

  it('SIGTERM to the active worker process in the middle of a batch: the batch commits, the process exits 0, and the standby takes over', async () => {
    const standby = startWorker();
    await waitUntil('the new worker process runs', () => consumersOf(standby) !== undefined, 60_000);
    const checkpointsHeld = await holdProjectionCheckpoints(database);
    let waiting: string[];
    let answer: Promise<Response>;
    try {
      answer = createTenant(apis[1]!, 'during-the-worker-stop');
      await waitUntil(
        'a projector batch waits to move its checkpoint',
        async () => (waiting = await batchesWaitingOnTheirCheckpoint(database)).length > 0,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}; the database's sessions: ${await sessionsOf(database)}`);
      });
      leader.child.kill('SIGTERM');
      await waitUntil('the worker process is stopping', () => logLines(leader).some((line) => line.msg === 'stopping'));
    } finally {
      await checkpointsHeld.release();
    }
    expect((await answer!).status).toBe(200);
    expect(await exitWithin(leader, 30_000)).toBe(0);
    for (const xid of waiting!) {
      // A fresh test cluster is in its first transaction id epoch, so the 32-bit xid is the xid8.
      expect((await database.pool.query('SELECT pg_xact_status($1::xid8) AS status', [xid])).rows[0].status).toBe('committed');
    }
    leader = standby;
    await waitUntilLeadsEveryConsumer(leader, 15_000);
    await stream.answered(20);
  }, 120_000);

  it('SIGTERM to an API process with a command in flight: no new connection is accepted, the command gets its full answer on a connection that then closes, the process exits 0', async () => {
    const [stopping, staying] = apis as [ApiProcess, ApiProcess];
    serving = [staying];
    const checkpointsHeld = await holdProjectionCheckpoints(database);
    let answer: Promise<Response>;
    try {
      answer = fetch(`${stopping.url}/api/cluster/tenant/create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'in-flight-at-sigterm' },
        body: JSON.stringify({ tenant_name: 'in-flight-at-sigterm' }),
      });
      // Appended, and now waiting for the projection before it answers.
      await waitUntil(
        'the command appended its events',
        async () =>
          (await database.pool.query("SELECT 1 FROM events WHERE metadata->>'request_id' = 'in-flight-at-sigterm'")).rowCount === 1,
      );
      stopping.process.child.kill('SIGTERM');
      await waitUntil('the stopping API process refuses new connections', () => refusesNewConnections(stopping.url));
    } finally {
      await checkpointsHeld.release();
    }
    const response = await answer!;
    expect(response.status).toBe(200);
    expect(response.headers.get('x-read-your-writes')).toBe('applied');
    // Kept alive, the idle connection would hold the stop up until the client let it go.
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({ code: 0, data: 'success', error: null });
    expect(await exitWithin(stopping.process, 30_000)).toBe(0);
    expect((await list(staying, '/api/cluster/tenant/list?tenant_name=in-flight-at-sigterm')).data.data).toHaveLength(1);
  }, 120_000);

  it('SIGTERM to an API process whose command in flight outlasts the drain: its connection is cut, and the process still exits 0 within STOP_TIMEOUT_MS', async () => {
    await stream.stop();
    const last = apis[1]!;
    const checkpointsHeld = await holdProjectionCheckpoints(database);
    try {
      const answer = createTenant(last, 'outlasting-the-drain').then(
        () => 'answered',
        () => 'cut',
      );
      await waitUntilAppended(database, 'outlasting-the-drain');
      last.process.child.kill('SIGTERM');
      expect(await answer).toBe('cut');
      expect(await exitWithin(last.process, 30_000)).toBe(0);
      expect(last.process.output()).toContain('requests still running at the end of the drain');
    } finally {
      await checkpointsHeld.release();
    }
  }, 120_000);

  it('over the whole run: every command answered 200, every event applied once (the read models equal a fresh rebuild), and published at least once in its stream’s order', async () => {
    expect(stream.outcomes.length).toBeGreaterThan(100);
    expect(stream.outcomes.filter((outcome) => outcome.status !== 200)).toEqual([]);
    for (const consumer of [...projections.map((p) => p.name), KAFKA_PUBLISHER_NAME])
      await waitUntilCaughtUp(database.pool, consumer, 60_000);
    leader.child.kill('SIGTERM');
    expect(await exitWithin(leader, 30_000)).toBe(0);

    const live = await readModelSnapshot(database.pool);
    expect(live.rm_tenants!.length).toBeGreaterThan(10);
    expect(await rebuildReadModels(database)).toEqual(live);

    const events = await database.pool.query<{ event_id: string; stream_id: string; stream_type: string; stream_version: string }>(
      'SELECT event_id, stream_id, stream_type, stream_version::text FROM events ORDER BY position',
    );
    const topics = [...new Set(events.rows.map((event) => `${topicPrefix}${event.stream_type}`))];
    const records = await distinctRecordsOfTopics(brokers, topics, 60_000);
    // Each stream's events in the order they were first delivered, each once: the log's own order.
    const delivered = groupByStream(records.map((record) => [record.key, record.headers.robustmq_stream_version!, record.headers.ce_id!]));
    const logged = groupByStream(events.rows.map((event) => [event.stream_id, event.stream_version, event.event_id]));
    expect(delivered).toEqual(logged);
  }, 240_000);
});

/** stream id → its events as `version id`, in the order given. */
function groupByStream(events: [stream: string, version: string, id: string][]): Map<string, string[]> {
  const streams = new Map<string, string[]>();
  for (const [stream, version, id] of events) streams.set(stream, [...(streams.get(stream) ?? []), `${version} ${id}`]);
  return streams;
}
