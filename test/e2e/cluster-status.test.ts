// GET /api/cluster/status with two instances of the whole service on one database: every node listed,
// the same leaders seen from both, and the numbers equal to what the database holds.
import { readFileSync } from 'node:fs';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { waitUntil, waitUntilCaughtUp } from '../support/consumers.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const SECTIONS = { meta: 'meta', mqtt: 'mqtt', offset: 'kafka-publisher' } as const;

let database: TestDatabase;
let first: TestApp;
let second: TestApp;
const closed = new Set<TestApp>();

beforeAll(async () => {
  database = await createTestDatabase();
  first = await startTestApp({}, database);
  second = await startTestApp({}, database);
}, 120_000);

afterAll(async () => {
  for (const app of [second, first]) if (app && !closed.has(app)) await app.close();
  await database?.drop();
}, 60_000);

const leaderOf = (app: TestApp, consumer: string) =>
  app.service.workers!.runners.find((runner) => runner.status().name === consumer)!.status().isLeader;

async function databaseFigures() {
  const { rows } = await database.pool.query<{ head: string; meta: string; mqtt: string }>(
    `SELECT (SELECT max(position) FROM events) AS head,
            (SELECT position FROM consumer_checkpoints WHERE consumer_name = 'meta') AS meta,
            (SELECT position FROM consumer_checkpoints WHERE consumer_name = 'mqtt') AS mqtt`,
  );
  return { head: Number(rows[0]!.head), meta: Number(rows[0]!.meta), mqtt: Number(rows[0]!.mqtt) };
}

describe('the cluster status', () => {
  it('lists both instances, and both name the same leader of each projector, which is Leader at home and Follower elsewhere', async () => {
    expect((await first.post('/api/cluster/tenant/create', { tenant_name: 'status-tenant' })).status).toBe(200);
    expect((await first.post('/api/cluster/user/create', { username: 'status-user', password: 'pw-123456' })).status).toBe(200);
    await waitUntilCaughtUp(database.pool, 'meta');
    await waitUntilCaughtUp(database.pool, 'mqtt');
    // Each instance heartbeats the lock sessions of its workers; the status names the leader from them.
    await first.service.node.heartbeat();
    await second.service.node.heartbeat();

    const fromFirst = await first.get('/api/cluster/status');
    const fromSecond = await second.get('/api/status');
    const figures = await databaseFigures();

    expect(fromFirst.status).toBe(200);
    expect(Object.keys(fromFirst.body)).toEqual(['code', 'data', 'error']);
    const status = fromFirst.body.data;
    expect(Object.keys(status)).toEqual(['version', 'cluster_name', 'start_time', 'broker_node_list', 'meta', 'nodes']);
    expect(status).toMatchObject({ version: VERSION, cluster_name: 'robust_mq_cluster_default' });
    expect(status.start_time).toBe(first.service.node.startTime);
    const ids = [first.service.node.nodeId, second.service.node.nodeId];
    expect(status.broker_node_list.map((node: { node_id: number }) => node.node_id).sort()).toEqual([...ids].sort());
    expect(status.broker_node_list[0]).toMatchObject({ roles: ['api', 'worker'], node_ip: expect.any(String), version: VERSION });
    expect(status.nodes).toEqual([...new Set(status.broker_node_list.map((node: { node_ip: string }) => node.node_ip))]);
    expect(Object.keys(status.meta)).toEqual(['mqtt', 'offset', 'meta']);

    for (const key of ['meta', 'mqtt'] as const) {
      const consumer = SECTIONS[key];
      const leaderApp = leaderOf(first, consumer) ? first : second;
      const leaderId = leaderApp.service.node.nodeId;
      expect(leaderOf(first, consumer) !== leaderOf(second, consumer)).toBe(true);
      for (const [app, view] of [
        [first, status.meta[key]],
        [second, fromSecond.body.data.meta[key]],
      ] as const) {
        expect(view).toMatchObject({
          running_state: { Ok: null },
          id: app.service.node.nodeId,
          state: app === leaderApp ? 'Leader' : 'Follower',
          current_leader: leaderId,
          last_log_index: figures.head,
          last_applied: { index: figures[key] },
          vote: { leader_id: { node_id: leaderId }, committed: true },
        });
        expect(view.millis_since_quorum_ack).toBeGreaterThanOrEqual(0);
      }
      expect(figures[key]).toBe(figures.head);
    }
    // No Kafka here: the publisher runs nowhere, and says why.
    expect(status.meta.offset).toMatchObject({
      state: 'Follower',
      current_leader: null,
      running_state: { Err: expect.stringContaining('KAFKA_BROKERS is unset') },
    });
  }, 60_000);

  it('when the leader stops, it leaves the node list and the other instance takes the lead', async () => {
    const leaderApp = leaderOf(first, 'meta') ? first : second;
    const other = leaderApp === first ? second : first;
    const leftId = leaderApp.service.node.nodeId;
    await leaderApp.close();
    closed.add(leaderApp);

    await waitUntil('the other instance leads meta', () => leaderOf(other, 'meta'), 30_000);
    await other.service.node.heartbeat();
    const status = (await other.get('/api/cluster/status')).body.data;
    expect(status.broker_node_list.map((node: { node_id: number }) => node.node_id)).toEqual([other.service.node.nodeId]);
    expect(status.broker_node_list).not.toContainEqual(expect.objectContaining({ node_id: leftId }));
    expect(status.meta.meta).toMatchObject({ state: 'Leader', current_leader: other.service.node.nodeId, running_state: { Ok: null } });
    const rows = await database.pool.query('SELECT node_id FROM cluster_nodes WHERE node_id = $1', [leftId]);
    expect(rows.rowCount).toBe(0);
  }, 60_000);
});
