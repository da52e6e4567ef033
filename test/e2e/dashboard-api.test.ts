// What the RobustMQ dashboard (robustmq-copilot) polls on its home page: GET /api/mqtt/overview and
// GET /api/mqtt/monitor/data, against the whole service and a real Postgres.
import { type HttpResult, startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  // A fresh database: two topics left of three, and one connector.
  for (const topic_name of ['sensors/a', 'sensors/b', 'sensors/c']) {
    expect((await app.post('/api/cluster/topic/create', { tenant: 'default', topic_name })).status).toBe(200);
  }
  expect((await app.post('/api/cluster/topic/delete', { tenant: 'default', topic_name: 'sensors/b' })).status).toBe(200);
  const connector = {
    tenant: 'default',
    connector_name: 'archive',
    connector_type: 'file',
    topic_name: 'sensors/a',
    config: JSON.stringify({ local_file_path: '/tmp/archive' }),
    failure_strategy: { strategy: 'discard' },
  };
  expect((await app.post('/api/cluster/connector/create', connector)).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const monitor = (query: string) => app.get(`/api/mqtt/monitor/data?${query}`);

function expectFailure(response: HttpResult, status: number, message: string): void {
  expect(response.status).toBe(status);
  expect(response.body).toEqual({ code: 100, data: '', error: message, message });
}

/** The figures of the overview that only brokers know. */
const BROKER_FIGURES = [
  'message_in_rate',
  'message_out_rate',
  'connection_num',
  'session_num',
  'tcp_connection_num',
  'tls_connection_num',
  'websocket_connection_num',
  'quic_connection_num',
  'subscribe_num',
  'exclusive_subscribe_num',
  'exclusive_subscribe_thread_num',
  'share_subscribe_group_num',
  'share_subscribe_num',
  'share_subscribe_thread_num',
  'share_subscribe_leader_num',
  'share_subscribe_resub_num',
  'share_subscribe_leader_thread_num',
  'share_subscribe_follower_thread_num',
  'connector_thread_num',
];

describe('GET /api/mqtt/overview', () => {
  it('answers every field the dashboard reads: the counts this service keeps, and 0 for what only brokers know', async () => {
    const response = await app.get('/api/mqtt/overview');

    expect(response.status).toBe(200);
    expect(response.body.code).toBe(0);
    const overview = response.body.data;
    expect(overview).toMatchObject({ cluster_name: 'robust_mq_cluster_default', topic_num: 2, connector_num: 1 });
    for (const figure of BROKER_FIGURES) expect(overview[figure]).toBe(0);
  });

  it('lists the live nodes of the node registry, under node_list and nodes', async () => {
    const { node_list, nodes } = (await app.get('/api/mqtt/overview')).body.data;
    const { rows } = await app.database.pool.query<{ node_id: string }>('SELECT node_id FROM cluster_nodes');

    expect(node_list).toEqual(nodes);
    expect(node_list).toEqual([
      expect.objectContaining({
        node_id: Number(rows[0]!.node_id),
        node_ip: '127.0.0.1',
        roles: ['api', 'worker'],
        start_time: expect.any(Number),
      }),
    ]);
  });

  it("gives placement_status as a JSON string of the cluster status' meta section: the log head and what the meta projector applied", async () => {
    const { placement_status } = (await app.get('/api/mqtt/overview')).body.data;

    expect(typeof placement_status).toBe('string');
    const status = JSON.parse(placement_status);
    const { rows } = await app.database.pool.query<{ head: string; applied: string; node_id: string }>(
      `SELECT (SELECT max(position) FROM events) AS head,
              (SELECT position FROM consumer_checkpoints WHERE consumer_name = 'meta') AS applied,
              (SELECT node_id FROM cluster_nodes) AS node_id`,
    );
    const nodeId = Number(rows[0]!.node_id);
    expect(status).toMatchObject({
      running_state: { Ok: null },
      state: 'Leader',
      current_leader: nodeId,
      last_log_index: Number(rows[0]!.head),
    });
    expect(status.last_applied.index).toBe(Number(rows[0]!.applied));
    expect(status.membership_config.membership.nodes[String(nodeId)]).toMatchObject({ node_id: nodeId });
  });

  it('follows the read models: a topic created is counted by the next overview', async () => {
    expect((await app.post('/api/cluster/topic/create', { tenant: 'default', topic_name: 'sensors/d' })).status).toBe(200);
    expect((await app.get('/api/mqtt/overview')).body.data.topic_num).toBe(3);
    expect((await app.post('/api/cluster/topic/delete', { tenant: 'default', topic_name: 'sensors/d' })).status).toBe(200);
    expect((await app.get('/api/mqtt/overview')).body.data.topic_num).toBe(2);
  });
});

describe('GET /api/mqtt/monitor/data', () => {
  /** One point a minute over the last hour, oldest first, `date` in unix seconds on the minute. */
  function expectHourByMinute(points: { date: number; value: number }[]): void {
    expect(points).toHaveLength(60);
    const now = Date.now() / 1000;
    expect(points.at(-1)!.date).toBeLessThanOrEqual(now);
    expect(points.at(-1)!.date).toBeGreaterThan(now - 120);
    points.forEach((point, index) => {
      expect(point.date % 60).toBe(0);
      if (index > 0) expect(point.date - points[index - 1]!.date).toBe(60);
    });
  }

  it('answers each series the dashboard home page polls, as {date, value} points', async () => {
    for (const dataType of ['connection_num', 'topic_num', 'subscribe_num', 'message_in_num', 'message_out_num', 'message_drop_num']) {
      const response = await monitor(`data_type=${dataType}`);
      expect(response.status).toBe(200);
      expect(response.body.code).toBe(0);
      expectHourByMinute(response.body.data);
      for (const point of response.body.data) expect(Object.keys(point).sort()).toEqual(['date', 'value']);
    }
  });

  it('counts topics over the last hour from the log: none an hour ago, today the two left', async () => {
    const points: { date: number; value: number }[] = (await monitor('data_type=topic_num')).body.data;

    expectHourByMinute(points);
    expect(points[0]!.value).toBe(0);
    expect(points.at(-1)!.value).toBe(2);
    // Three were created, one of them (and sensors/d of the overview test) deleted, all within the hour.
    for (const point of points) expect(point.value).toBeLessThanOrEqual(4);
  });

  it('counts connectors over the last hour the same way', async () => {
    const points: { date: number; value: number }[] = (await monitor('data_type=connector_num')).body.data;

    expectHourByMinute(points);
    expect(points[0]!.value).toBe(0);
    expect(points.at(-1)!.value).toBe(1);
  });

  it("answers the brokers' series as flat 0 series, given what they are about", async () => {
    for (const query of [
      'data_type=connection_num',
      'data_type=topic_in_num&topic_name=sensors/a',
      'data_type=subscribe_send_success_num&client_id=c1&path=sensors/%2B',
      'data_type=subscribe_topic_send_failure_num&client_id=c1&path=sensors/%2B&topic_name=sensors/a',
      'data_type=session_out_num&client_id=c1',
      'data_type=connector_send_success_total&connector_name=archive',
      'data_type=connector_send_failure&connector_name=archive',
    ]) {
      const response = await monitor(query);
      expect(response.status).toBe(200);
      expectHourByMinute(response.body.data);
      expect(response.body.data.every((point: { value: number }) => point.value === 0)).toBe(true);
    }
  });

  it('refuses an unknown or missing data_type, and a series without what it is about (400)', async () => {
    const unknown = await monitor('data_type=cpu_usage');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/^data_type: must be one of topic_num, connector_num, connection_num, .*connector_send_failure$/);
    expectFailure(await app.get('/api/mqtt/monitor/data'), 400, 'data_type: is required');
    expectFailure(await monitor('data_type=topic_num&data_type=connection_num'), 400, 'data_type: must be given once');
    expectFailure(await monitor('data_type=topic_in_num'), 400, 'topic_name: is required for data_type topic_in_num');
    expectFailure(
      await monitor('data_type=subscribe_send_failure_num&client_id=c1'),
      400,
      'path: is required for data_type subscribe_send_failure_num',
    );
    expectFailure(await monitor('data_type=constructor'), 400, unknown.body.error.replace('cpu_usage', 'constructor'));
  });
});
