// Cluster configuration over HTTP (API-CONTRACT §4, §8): get/set of the eight dynamic sections, bad
// input, secrets, history, as-of reads, rollback, and the admin rate limit that follows the
// configuration live, on one instance and on two against one database.
import { CONFIG_TYPES, type ConfigType, SECTIONS } from '#libs/domain/cluster-config';
import { type HttpResult, startTestApp, type TestApp } from '../support/app.js';
import { waitUntil } from '../support/consumers.js';
import { createTestDatabase } from '../support/database.js';

const GET = '/api/cluster/config/get';
const SET = '/api/cluster/config/set';
const HISTORY = '/api/cluster/config/history';
const ROLLBACK = '/api/cluster/config/rollback';
const SUCCESS = { code: 0, data: 'success', error: null };
const DEFAULT_PASSWORD = 'robustmq';

/** A value of each section that differs from its default in every field it can. */
const CHANGED: Record<ConfigType, Record<string, unknown>> = {
  MqttSlowSubscribeConfig: { enable: true, record_time: 500, delay_type: 'Internal' },
  MqttFlappingDetect: { enable: true, window_time: 2, max_client_connections: 20, ban_time: 10 },
  MqttProtocol: {
    max_session_expiry_interval: 2592000,
    default_session_expiry_interval: 3600,
    topic_alias_max: 10,
    max_packet_size: 1048576,
    receive_max: 100,
    max_message_expiry_interval: 86400,
    client_pkid_persistent: true,
  },
  MqttOfflineMessage: { enable: false, expire_ms: 86400000, max_messages_num: 1000 },
  MqttSystemMonitor: { enable: true, os_cpu_high_watermark: 85.5, os_memory_high_watermark: 90, system_topic_interval_ms: 30000 },
  MqttSchema: { enable: false, strategy: 'Any', failed_operation: 'Ignore', echo_log: false, log_level: 'warn' },
  MqttLimit: {
    cluster: { max_connections_per_node: 1, max_connection_rate: 2, max_topics: 3, max_sessions: 4, max_publish_rate: 5 },
    tenant: { max_connections_per_node: 6, max_connection_rate: 7, max_topics: 8, max_sessions: 9, max_publish_rate: 10 },
  },
  ClusterLimit: { max_network_connection: 1000, max_network_connection_rate: 100, max_admin_http_uri_rate: 5000 },
};

const keyOf = (type: ConfigType) => SECTIONS[type].key;

function expectFailure(response: HttpResult, status: number, error: string | RegExp): void {
  expect({ status: response.status, code: response.body.code, data: response.body.data }).toEqual({ status, code: 100, data: '' });
  if (typeof error === 'string') expect(response.body.error).toBe(error);
  else expect(response.body.error).toMatch(error);
}

describe('cluster configuration API', () => {
  let app: TestApp;
  const set = (config_type: string, config: unknown, headers?: Record<string, string>) => app.post(SET, { config_type, config }, headers);
  const config = async () => (await app.get(GET)).body.data;

  beforeAll(async () => {
    app = await startTestApp({}, undefined, { keepDefaultRateLimit: true });
  }, 120_000);
  afterAll(() => app?.close());

  it("a fresh cluster shows the whole BrokerConfig: the API document's fields, broker_network equal to network, the real defaults", async () => {
    const response = await app.get(GET);
    expect(response.status).toBe(200);
    const data = response.body.data;
    for (const key of [
      'cluster_name',
      'broker_id',
      'broker_ip',
      'roles',
      'grpc_port',
      'http_port',
      'meta_addrs',
      'prometheus',
      'log',
      'runtime',
    ]) {
      expect(data).toHaveProperty(key);
    }
    for (const key of [
      'network',
      'pprof',
      'rocksdb',
      'llm_client',
      'meta_runtime',
      'storage_runtime',
      'mqtt_server',
      'mqtt_keep_alive',
      'mqtt_runtime',
    ]) {
      expect(data).toHaveProperty(key);
    }
    expect(data.broker_network).toEqual(data.network);
    for (const type of CONFIG_TYPES) expect({ type, value: data[keyOf(type)] }).toEqual({ type, value: SECTIONS[type].structDefault });
    expect(data.mqtt_flapping_detect).toEqual({ enable: false, window_time: 1, max_client_connections: 15, ban_time: 5 });
    expect(data.mqtt_system_monitor).toMatchObject({ os_cpu_high_watermark: 70, os_memory_high_watermark: 80 });
  });

  it('the default password reads ****** and appears nowhere in the answer', async () => {
    const response = await app.get(GET);
    expect(response.body.data.mqtt_runtime).toMatchObject({ default_user: 'admin', default_password: '******' });
    expect(JSON.stringify(response.body)).not.toContain(DEFAULT_PASSWORD);
    expect(response.body.data.llm_client).toBeNull();
  });

  it('the answer from memory (no parameters) is the one the controller gives (any parameter), with the same headers', async () => {
    await set('MqttSchema', { log_level: 'debug' });
    const fromMemory = await app.get(GET);
    const fromController = await app.get(`${GET}?broker_id=1`);
    expect(fromMemory.body).toEqual(fromController.body);
    expect(fromMemory.body.data.mqtt_schema.log_level).toBe('debug');
    for (const response of [fromMemory, fromController]) {
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('x-request-id')).toBeTruthy();
    }
  });

  it.each(CONFIG_TYPES)('%s: a set (config as a JSON string) is answered "success" and the next get shows it', async (type) => {
    const response = await set(type, JSON.stringify(CHANGED[type]));
    expect({ status: response.status, body: response.body }).toEqual({ status: 200, body: SUCCESS });
    expect((await config())[keyOf(type)]).toEqual(CHANGED[type]);
  });

  it('config may be sent as an object; omitted fields take their field defaults (a replacement, not a merge)', async () => {
    expect((await set('MqttFlappingDetect', { ban_time: 30 })).body).toEqual(SUCCESS);
    expect((await config()).mqtt_flapping_detect).toEqual({ enable: false, window_time: 1, max_client_connections: 15, ban_time: 30 });
    expect((await set('MqttOfflineMessage', '{}')).body).toEqual(SUCCESS);
    expect((await config()).mqtt_offline_message).toEqual({ enable: true, expire_ms: 3600000, max_messages_num: 100000 });
  });

  it('a set that changes nothing appends nothing', async () => {
    await set('MqttSchema', CHANGED.MqttSchema);
    const before = (await app.get(HISTORY)).body.data.total_count;
    const response = await set('MqttSchema', JSON.stringify(CHANGED.MqttSchema));
    expect(response.body).toEqual(SUCCESS);
    expect(response.headers.get('x-event-position')).toBeNull();
    expect((await app.get(HISTORY)).body.data.total_count).toBe(before);
  });

  describe('invalid input is refused with 400 naming every problem, and the configuration is unchanged', () => {
    const cases: [string, unknown, string | RegExp][] = [
      [
        'an unknown config_type',
        { config_type: 'mqttprotocol', config: '{}' },
        /^config_type: unknown config type "mqttprotocol"; must be one of MqttSlowSubscribeConfig, /,
      ],
      [
        'an unknown field',
        { config_type: 'MqttProtocol', config: '{"receive_maximum":10}' },
        'config.receive_maximum: is not a field of MqttProtocol',
      ],
      [
        'an unknown config_type and invalid JSON',
        { config_type: 'Broker', config: '{oops' },
        /^config_type: unknown config type "Broker"; must be one of .*; config: is not valid JSON$/,
      ],
      [
        'a negative integer',
        { config_type: 'MqttProtocol', config: { receive_max: -1 } },
        'config.receive_max: must be an integer 0-65535 (u16)',
      ],
      [
        'a fraction',
        { config_type: 'MqttFlappingDetect', config: { ban_time: 1.5 } },
        'config.ban_time: must be an integer 0-4294967295 (u32)',
      ],
      [
        'a u16 overflow',
        { config_type: 'MqttProtocol', config: { topic_alias_max: 65536 } },
        'config.topic_alias_max: must be an integer 0-65535 (u16)',
      ],
      [
        'a u32 overflow',
        { config_type: 'ClusterLimit', config: { max_network_connection_rate: 4294967296 } },
        /^config.max_network_connection_rate: must be an integer 0-4294967295/,
      ],
      [
        'a u64 beyond 2^53-1',
        { config_type: 'MqttSlowSubscribeConfig', config: '{"record_time":18446744073709551615}' },
        /^config.record_time: must be an integer 0-9007199254740991/,
      ],
      ['a wrong type', { config_type: 'MqttSchema', config: { enable: 'yes' } }, 'config.enable: must be true or false'],
      [
        'an enum value in another case',
        { config_type: 'MqttSchema', config: { strategy: 'all' } },
        'config.strategy: must be one of ALL, Any',
      ],
      [
        'a percentage above 100',
        { config_type: 'MqttSystemMonitor', config: { os_cpu_high_watermark: 101 } },
        'config.os_cpu_high_watermark: must be a percentage, a number 0-100',
      ],
      [
        'several problems at once',
        { config_type: 'MqttLimit', config: { cluster: { max_topics: -1, max_topic: 1 }, extra: true } },
        'config.extra: is not a field of MqttLimit; config.cluster.max_topic: is not a field of LimitQuota; config.cluster.max_topics: must be an integer 0-9007199254740991 (u64)',
      ],
      ['config as an array', { config_type: 'MqttProtocol', config: [] }, 'config: must be a JSON string or an object'],
      ['a config string holding an array', { config_type: 'MqttProtocol', config: '[1]' }, 'config: must be a JSON object'],
      ['no config', { config_type: 'MqttProtocol' }, 'config: is required'],
      ['no config_type', { config: '{}' }, 'config_type: is required'],
      [
        'a zero admin rate',
        { config_type: 'ClusterLimit', config: { max_admin_http_uri_rate: 0 } },
        /^config.max_admin_http_uri_rate: must be an integer 1-4294967295/,
      ],
    ];

    it.each(cases)('%s', async (_case, body, error) => {
      const before = await app.get(GET);
      const historyBefore = (await app.get(HISTORY)).body.data.total_count;
      expectFailure(await app.post(SET, body), 400, error);
      expect((await app.get(GET)).body).toEqual(before.body);
      expect((await app.get(HISTORY)).body.data.total_count).toBe(historyBefore);
    });
  });
});

describe('cluster configuration history, as-of reads and rollback', () => {
  let app: TestApp;
  const set = (config_type: string, config: unknown, headers?: Record<string, string>) => app.post(SET, { config_type, config }, headers);

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_TOKENS: 'ops:ops-token-0123456789abcdef' }, undefined, { keepDefaultRateLimit: true });
  }, 120_000);
  afterAll(() => app?.close());

  const auth = { authorization: 'Bearer ops-token-0123456789abcdef' };
  const get = (path: string) => app.send('GET', path, undefined, auth);

  it('config/get, set, history and rollback need the bearer token like every other API path', async () => {
    for (const response of [
      await app.get(GET),
      await app.get(`${GET}?version=0`),
      await app.get(HISTORY),
      await app.post(SET, { config_type: 'MqttProtocol', config: '{}' }),
      await app.post(ROLLBACK, { version: 0 }),
    ]) {
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code: 100 });
    }
  });

  it('history lists each change newest first: version, config_type, fields before → after, actor, request id, time; secrets never appear', async () => {
    const start = Math.floor(Date.now() / 1000);
    expect((await set('MqttFlappingDetect', { enable: true, ban_time: 10 }, { ...auth, 'x-request-id': 'req-h-1' })).body).toEqual(SUCCESS);
    expect((await set('ClusterLimit', { max_admin_http_uri_rate: 500 }, { ...auth, 'x-request-id': 'req-h-2' })).body).toEqual(SUCCESS);

    const history = await get(HISTORY);
    expect(history.status).toBe(200);
    expect(history.body.data.total_count).toBe(2);
    const [newest, oldest] = history.body.data.data;
    expect(newest).toMatchObject({
      version: 2,
      config_type: 'ClusterLimit',
      event_type: 'ClusterConfigSet',
      changes: [{ field: 'max_admin_http_uri_rate', before: 50, after: 500 }],
      restored_version: null,
      actor: 'ops',
      request_id: 'req-h-2',
    });
    expect(oldest).toMatchObject({
      version: 1,
      config_type: 'MqttFlappingDetect',
      changes: [
        { field: 'enable', before: false, after: true },
        { field: 'ban_time', before: 5, after: 10 },
      ],
      actor: 'ops',
      request_id: 'req-h-1',
    });
    expect(oldest.time).toBeGreaterThanOrEqual(start - 1);
    expect(JSON.stringify(history.body)).not.toContain(DEFAULT_PASSWORD);
  });

  it('history filters by config_type and pages; a bad config_type or limit is 400', async () => {
    const filtered = await get(`${HISTORY}?config_type=MqttFlappingDetect`);
    expect(filtered.body.data.data.map((row: { version: number }) => row.version)).toEqual([1]);
    expect(filtered.body.data.total_count).toBe(1);
    const paged = await get(`${HISTORY}?limit=1&page=2`);
    expect({ versions: paged.body.data.data.map((row: { version: number }) => row.version), total: paged.body.data.total_count }).toEqual({
      versions: [1],
      total: 2,
    });
    expect((await get(`${HISTORY}?sort_by=asc`)).body.data.data.map((row: { version: number }) => row.version)).toEqual([1, 2]);
    expectFailure(await get(`${HISTORY}?config_type=mqttprotocol`), 400, /^config_type: must be one of MqttSlowSubscribeConfig/);
    expectFailure(await get(`${HISTORY}?limit=0`), 400, 'limit: must be an integer 1-1000');
  });

  it('get?version=N shows the configuration as it was after version N; version 0 is the defaults', async () => {
    const v1 = (await get(`${GET}?version=1`)).body.data;
    expect(v1.mqtt_flapping_detect).toEqual({ enable: true, window_time: 1, max_client_connections: 15, ban_time: 10 });
    expect(v1.cluster_limit.max_admin_http_uri_rate).toBe(50);
    expect(v1.mqtt_runtime.default_password).toBe('******');
    const v0 = (await get(`${GET}?version=0`)).body.data;
    expect(v0.mqtt_flapping_detect).toEqual(SECTIONS.MqttFlappingDetect.structDefault);
    expect((await get(`${GET}?version=2`)).body).toEqual((await get(GET)).body);
  });

  it('get?version past the newest is 404; a version or time that is not a whole number is 400; both at once is 400', async () => {
    expectFailure(await get(`${GET}?version=3`), 404, 'configuration version 3 does not exist; the newest is 2');
    expectFailure(await get(`${GET}?version=-1`), 400, 'version: must be a configuration version, a whole number from 0');
    expectFailure(await get(`${GET}?version=1.5`), 400, 'version: must be a configuration version, a whole number from 0');
    expectFailure(await get(`${GET}?at=yesterday`), 400, 'at: must be unix seconds, a whole number 0-253402300799');
    expectFailure(await get(`${GET}?at=999999999999999`), 400, 'at: must be unix seconds, a whole number 0-253402300799');
    expect((await get(`${GET}?at=253402300799`)).status).toBe(200);
    expectFailure(await get(`${GET}?version=1&at=1`), 400, 'version, at: give one of them, not both');
  });

  it('get?at=<unix seconds> shows the configuration at that time: the defaults before the first change, the present after the last', async () => {
    const { rows } = await app.database.pool.query<{ at: string }>(
      "SELECT extract(epoch FROM recorded_at)::bigint AS at FROM events WHERE stream_type = 'cluster_config' ORDER BY stream_version LIMIT 1",
    );
    const firstChange = Number(rows[0]!.at);
    const before = (await get(`${GET}?at=${firstChange - 1}`)).body.data;
    expect(before.mqtt_flapping_detect).toEqual(SECTIONS.MqttFlappingDetect.structDefault);
    const now = (await get(`${GET}?at=${Math.floor(Date.now() / 1000) + 60}`)).body;
    expect(now).toEqual((await get(GET)).body);
  });

  it('rollback to version N appends new events that make its configuration current; history names the restored version', async () => {
    const response = await app.post(ROLLBACK, { version: 1 }, auth);
    expect(response.body).toEqual(SUCCESS);
    const current = (await get(GET)).body.data;
    expect(current.cluster_limit.max_admin_http_uri_rate).toBe(50);
    expect(current.mqtt_flapping_detect.ban_time).toBe(10);
    const [row] = (await get(HISTORY)).body.data.data;
    expect(row).toMatchObject({
      version: 3,
      config_type: 'ClusterLimit',
      event_type: 'ClusterConfigRolledBack',
      restored_version: 1,
      changes: [{ field: 'max_admin_http_uri_rate', before: 500, after: 50 }],
      actor: 'ops',
    });
    // History is never rewritten: versions 1 and 2 are still there as they were.
    expect((await get(`${GET}?version=2`)).body.data.cluster_limit.max_admin_http_uri_rate).toBe(500);
  });

  it('rollback of one config_type restores only that section', async () => {
    expect((await app.post(ROLLBACK, { version: 0, config_type: 'MqttFlappingDetect' }, auth)).body).toEqual(SUCCESS);
    const current = (await get(GET)).body.data;
    expect(current.mqtt_flapping_detect).toEqual(SECTIONS.MqttFlappingDetect.structDefault);
    const [row] = (await get(HISTORY)).body.data.data;
    expect(row).toMatchObject({ version: 4, config_type: 'MqttFlappingDetect', restored_version: 0 });
  });

  it('rollback to a version that does not exist is 404, a bad version or config_type 400, and nothing is appended', async () => {
    const total = (await get(HISTORY)).body.data.total_count;
    expectFailure(await app.post(ROLLBACK, { version: 99 }, auth), 404, /^configuration version 99 does not exist/);
    expectFailure(await app.post(ROLLBACK, { version: -1 }, auth), 400, 'version: must be a configuration version, a whole number from 0');
    expectFailure(await app.post(ROLLBACK, { version: '1' }, auth), 400, 'version: must be a configuration version, a whole number from 0');
    expectFailure(await app.post(ROLLBACK, { version: 1, config_type: 'Broker' }, auth), 400, /^config_type: must be one of /);
    expect((await get(HISTORY)).body.data.total_count).toBe(total);
  });
});

describe('admin rate limit (ClusterLimit.max_admin_http_uri_rate)', () => {
  const LIST = '/api/cluster/tenant/list';
  const setRate = (app: TestApp, rate: number) => app.post(SET, { config_type: 'ClusterLimit', config: { max_admin_http_uri_rate: rate } });
  /** A burst of concurrent requests to one path: their statuses. */
  const burst = async (app: TestApp, path: string, count = 10) =>
    (await Promise.all(Array.from({ length: count }, () => app.get(path)))).map((response) => response);

  it('with a low limit, requests to a path beyond it get 429 with the envelope and Retry-After; other paths have their own budget', async () => {
    const app = await startTestApp({}, undefined, { keepDefaultRateLimit: true });
    try {
      expect((await setRate(app, 2)).body).toEqual(SUCCESS);
      const responses = await burst(app, LIST);
      const refused = responses.filter((response) => response.status === 429);
      // Ten at once with two per second: at most four pass, even across a second's boundary.
      expect(refused.length).toBeGreaterThanOrEqual(6);
      expect(refused[0]!.body).toEqual({
        code: 100,
        data: '',
        error: expect.stringMatching(/^\/api\/cluster\/tenant\/list: more than 2 requests per second/),
        message: expect.any(String),
      });
      expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(responses.filter((response) => response.status === 200).length).toBeGreaterThanOrEqual(1);
      // config/set has a budget of its own, so the limit can always be raised again.
      expect((await setRate(app, 1000)).status).toBe(200);
      expect((await burst(app, LIST)).map((response) => response.status)).toEqual(Array(10).fill(200));
    } finally {
      await app.close();
    }
  }, 120_000);

  it('two instances on one database: a change set on either applies on both, within a second, without restart', async () => {
    const database = await createTestDatabase();
    const first = await startTestApp({}, database, { keepDefaultRateLimit: true });
    const second = await startTestApp({}, database, { keepDefaultRateLimit: true });
    try {
      const statuses = async (app: TestApp) => (await burst(app, LIST)).map((response) => response.status);
      expect(await statuses(second)).toEqual(Array(10).fill(200));

      expect((await setRate(first, 2)).body).toEqual(SUCCESS);
      expect((await statuses(first)).filter((status) => status === 429).length).toBeGreaterThanOrEqual(6);
      await waitUntil(
        'the second instance refuses a burst beyond the lowered limit',
        async () => (await statuses(second)).includes(429),
        1_000,
      );

      expect((await setRate(second, 1000)).body).toEqual(SUCCESS);
      expect(await statuses(second)).toEqual(Array(10).fill(200));
      await waitUntil(
        'the first instance serves a whole burst under the raised limit',
        async () => !(await statuses(first)).includes(429),
        1_000,
      );
    } finally {
      await second.close();
      await first.close();
      await database.drop();
    }
  }, 120_000);
});
