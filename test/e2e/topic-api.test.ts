// The topic endpoints over HTTP, against the whole service and a real Postgres (API-CONTRACT §1-§3, §5;
// research §3.6), with the tenant's max_topics quota.
import { randomBytes } from 'node:crypto';
import { type HttpResult, startTestApp, type TestApp } from '../support/app.js';

const CLUSTER = '/api/cluster/topic';
const PREFIXES = [CLUSTER, '/api/mqtt/topic'] as const;
const SUCCESS = { code: 0, data: 'success', error: null };
const TEXT_RULE = 'must not contain NUL characters or unpaired surrogates';
const ROW_KEYS = [
  'topic_id',
  'tenant',
  'topic_name',
  'storage_type',
  'source',
  'partition',
  'replication',
  'storage_name_list',
  'config',
  'mark_delete',
  'create_time',
];
const DEFAULT_TOPIC_CONFIG = { max_segment_size: 1_073_741_824, max_record_num: null, retention_sec: 86_400 };

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const uniqueName = (label: string) => `${label}-${randomBytes(5).toString('hex')}`;
const query = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, String(value)])).toString();

const create = (body: unknown, prefix: string = CLUSTER) => app.post(`${prefix}/create`, body);
const remove = (body: unknown, prefix: string = CLUSTER) => app.post(`${prefix}/delete`, body);
const detail = (params: Record<string, string | number>, prefix: string = CLUSTER) => app.get(`${prefix}/detail?${query(params)}`);
const list = (params: Record<string, string | number> = {}, prefix: string = CLUSTER) => app.get(`${prefix}/list?${query(params)}`);

/** A tenant of its own for each test, so that lists filtered by tenant see only that test's topics. */
async function newTenant(config: Record<string, number> = {}): Promise<string> {
  const tenant_name = uniqueName('t');
  expectSuccess(await app.post('/api/cluster/tenant/create', { tenant_name, config }));
  return tenant_name;
}

async function createTopics(tenant: string, names: string[]) {
  for (const topic_name of names) expectSuccess(await create({ tenant, topic_name }));
}

const topicNames = (response: HttpResult): string[] => response.body.data.data.map((row: { topic_name: string }) => row.topic_name);

function expectSuccess(response: HttpResult) {
  expect({ status: response.status, body: response.body }).toEqual({ status: 200, body: SUCCESS });
  expect(response.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
}

function expectFailure(response: HttpResult, status: number, error: string) {
  expect({ status: response.status, body: response.body }).toEqual({ status, body: { code: 100, data: '', error, message: error } });
}

function expectListPage(response: HttpResult) {
  expect(response.status).toBe(200);
  expect(response.body).toEqual({ code: 0, data: { data: expect.any(Array), total_count: expect.any(Number) }, error: null });
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe.each(PREFIXES)('the topic endpoints under %s', (prefix) => {
  it('create, list, detail and delete a topic, each change visible in the very next request', async () => {
    const tenant = await newTenant();
    const before = nowSeconds();

    expectSuccess(await create({ tenant, topic_name: 'sensor/temperature' }, prefix));

    const listed = await list({ tenant }, prefix);
    expectListPage(listed);
    expect(listed.body.data.total_count).toBe(1);
    const [row] = listed.body.data.data;
    expect(Object.keys(row)).toEqual(ROW_KEYS);
    expect(row).toEqual({
      topic_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      tenant,
      topic_name: 'sensor/temperature',
      storage_type: 'EngineMemory',
      source: 'MQTT',
      partition: 1,
      replication: 1,
      storage_name_list: { '0': `${row.topic_id}-0` },
      config: DEFAULT_TOPIC_CONFIG,
      mark_delete: false,
      create_time: expect.any(Number),
    });
    expect(row.create_time).toBeGreaterThanOrEqual(before);
    expect(row.create_time).toBeLessThanOrEqual(nowSeconds());

    const shown = await detail({ tenant, topic_name: 'sensor/temperature' }, prefix);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({ code: 0, data: { topic_info: row, retain_message: null, sub_list: [], storage_list: {} }, error: null });
    expect(Object.keys(shown.body.data)).toEqual(['topic_info', 'retain_message', 'sub_list', 'storage_list']);

    expectSuccess(await remove({ tenant, topic_name: 'sensor/temperature' }, prefix));
    expect((await list({ tenant }, prefix)).body.data).toEqual({ data: [], total_count: 0 });
    expectFailure(
      await detail({ tenant, topic_name: 'sensor/temperature' }, prefix),
      404,
      `topic sensor/temperature not found in tenant ${tenant}`,
    );
  });

  it('a topic created here is the same topic under the other path', async () => {
    const tenant = await newTenant();
    expectSuccess(await create({ tenant, topic_name: 'shared/one' }, prefix));

    for (const other of PREFIXES) {
      expect(topicNames(await list({ tenant }, other))).toEqual(['shared/one']);
      expect((await detail({ tenant, topic_name: 'shared/one' }, other)).status).toBe(200);
      expectFailure(await create({ tenant, topic_name: 'shared/one' }, other), 409, `topic shared/one already exists in tenant ${tenant}`);
    }
  });

  it('refuses a detail or delete of a topic that does not exist, and a create in a tenant that does not exist (404)', async () => {
    const tenant = await newTenant();
    const ghost = uniqueName('ghost');

    expectFailure(await detail({ tenant, topic_name: 'no/such' }, prefix), 404, `topic no/such not found in tenant ${tenant}`);
    expectFailure(await remove({ tenant, topic_name: 'no/such' }, prefix), 404, `topic no/such not found in tenant ${tenant}`);
    expectFailure(await create({ tenant: ghost, topic_name: 'a/b' }, prefix), 404, `tenant ${ghost} not found`);
  });

  it('validates bodies and queries before anything else (400)', async () => {
    expectFailure(await create({ topic_name: 'a' }, prefix), 400, 'tenant: is required');
    expectFailure(
      await remove({ tenant: 'default', topic_name: 'a/#' }, prefix),
      400,
      "topic_name: must not contain wildcards ('+' or '#')",
    );
    expectFailure(await detail({ tenant: 'default' }, prefix), 400, 'topic_name: is required');
    expectFailure(await list({ topic_type: 'other' }, prefix), 400, 'topic_type: must be one of all, normal, system');
  });
});

describe('creating a topic', () => {
  it('with storage_type, source, partition and replication given stores them, with one shard name per partition', async () => {
    const tenant = await newTenant();

    expectSuccess(
      await create({ tenant, topic_name: 'orders/eu', storage_type: 'EngineRocksDB', source: 'Kafka', partition: 3, replication: 2 }),
    );

    const row = (await detail({ tenant, topic_name: 'orders/eu' })).body.data.topic_info;
    expect(row).toMatchObject({ storage_type: 'EngineRocksDB', source: 'Kafka', partition: 3, replication: 2 });
    expect(row.storage_name_list).toEqual({ '0': `${row.topic_id}-0`, '1': `${row.topic_id}-1`, '2': `${row.topic_id}-2` });
  });

  it('treats null optional fields as absent and ignores fields it does not know', async () => {
    const tenant = await newTenant();

    expectSuccess(await create({ tenant, topic_name: 'nulls', storage_type: null, source: null, partition: null, owner: 'x' }));

    expect((await detail({ tenant, topic_name: 'nulls' })).body.data.topic_info).toMatchObject({
      storage_type: 'EngineMemory',
      source: 'MQTT',
      partition: 1,
      replication: 1,
    });
  });

  it('accepts any MQTT topic name: empty levels, spaces, $ and multi-byte characters', async () => {
    const tenant = await newTenant();
    const names = ['/', 'a//b', 'with space/x', '$SYS/brokers', 'capteur/température/😀', 'ends/with/'];

    await createTopics(tenant, names);

    expect(topicNames(await list({ tenant, limit: 1000 })).sort()).toEqual([...names].sort());
    for (const topic_name of names) expect((await detail({ tenant, topic_name })).body.data.topic_info.topic_name).toBe(topic_name);
  });

  it('accepts a name of 65,535 bytes of UTF-8 and refuses 65,536; two long names with the same first 300 bytes are two topics', async () => {
    const tenant = await newTenant();
    const longest = 'é'.repeat(32_767) + 'a'; // 65,535 bytes
    const twin = 'é'.repeat(32_766) + 'abc'; // 65,535 bytes, the same first 65,532
    expect([Buffer.byteLength(longest), Buffer.byteLength(twin)]).toEqual([65_535, 65_535]);

    expectSuccess(await create({ tenant, topic_name: longest }));
    expectSuccess(await create({ tenant, topic_name: twin }));
    expectFailure(await create({ tenant, topic_name: longest + 'a' }), 400, 'topic_name: must be at most 65535 bytes of UTF-8');

    expect(topicNames(await list({ tenant })).sort()).toEqual([longest, twin].sort());
    expect((await detail({ tenant, topic_name: longest })).body.data.topic_info.topic_name).toBe(longest);
    expectFailure(await create({ tenant, topic_name: twin }), 409, `topic ${twin} already exists in tenant ${tenant}`);
    expectSuccess(await remove({ tenant, topic_name: longest }));
    expect(topicNames(await list({ tenant }))).toEqual([twin]);
  });

  it('stores and finds the longest keys: a 128-character tenant of 4-byte characters and a 256-byte name of 3-byte characters', async () => {
    const tenant = `${randomBytes(2).toString('hex')}${'😀'.repeat(124)}`;
    expectSuccess(await app.post('/api/cluster/tenant/create', { tenant_name: tenant }));
    const topic_name = `${'€'.repeat(85)}a`; // 256 bytes: the longest name that is its own key
    expect(Buffer.byteLength(topic_name)).toBe(256);

    expectSuccess(await create({ tenant, topic_name }));

    expect((await detail({ tenant, topic_name })).body.data.topic_info).toMatchObject({ tenant, topic_name });
    expectSuccess(await remove({ tenant, topic_name }));
  });

  it('after a delete, creates a new topic with the same name: a new topic_id, the new settings, gone and back in list and detail', async () => {
    const tenant = await newTenant();
    expectSuccess(await create({ tenant, topic_name: 'reborn', partition: 2 }));
    const first = (await detail({ tenant, topic_name: 'reborn' })).body.data.topic_info;
    expectSuccess(await remove({ tenant, topic_name: 'reborn' }));
    expectFailure(await remove({ tenant, topic_name: 'reborn' }), 404, `topic reborn not found in tenant ${tenant}`);

    expectSuccess(await create({ tenant, topic_name: 'reborn', partition: 1 }));

    const second = (await detail({ tenant, topic_name: 'reborn' })).body.data.topic_info;
    expect(second.topic_id).not.toBe(first.topic_id);
    expect(second).toMatchObject({ partition: 1, storage_name_list: { '0': `${second.topic_id}-0` } });
    expect((await list({ tenant })).body.data.total_count).toBe(1);
  });

  it('by 10 clients at once with the same name succeeds exactly once; the other nine get 409', async () => {
    const tenant = await newTenant();

    const responses = await Promise.all(Array.from({ length: 10 }, () => create({ tenant, topic_name: 'race' })));

    expect(responses.map((response) => response.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    for (const response of responses.filter((response) => response.status === 409)) {
      expectFailure(response, 409, `topic race already exists in tenant ${tenant}`);
    }
    expect((await list({ tenant })).body.data.total_count).toBe(1);
  });

  it('of a topic of a deleted tenant is refused (404), while its existing topics can still be deleted', async () => {
    const tenant = await newTenant();
    await createTopics(tenant, ['kept']);
    expectSuccess(await app.post('/api/cluster/tenant/delete', { tenant_name: tenant }));

    expectFailure(await create({ tenant, topic_name: 'new' }), 404, `tenant ${tenant} not found`);
    expectSuccess(await remove({ tenant, topic_name: 'kept' }));
  });
});

describe('the tenant topic quota (config.max_topics)', () => {
  it('refuses the topic beyond the quota with 409 naming the quota and the count; a delete frees a place', async () => {
    const tenant = await newTenant({ max_topics: 2 });
    await createTopics(tenant, ['one', 'two']);

    expectFailure(await create({ tenant, topic_name: 'three' }), 409, `tenant ${tenant} has 2 topics and its quota max_topics is 2`);
    expect((await list({ tenant })).body.data.total_count).toBe(2);

    expectSuccess(await remove({ tenant, topic_name: 'one' }));
    expectSuccess(await create({ tenant, topic_name: 'three' }));
    expect(topicNames(await list({ tenant })).sort()).toEqual(['three', 'two']);
  });

  it('can be lowered below the current count, which blocks creates until deletes bring the count under it', async () => {
    const tenant = await newTenant({ max_topics: 5 });
    await createTopics(tenant, ['a', 'b', 'c']);

    expectSuccess(await app.post('/api/cluster/tenant/update', { tenant_name: tenant, config: { max_topics: 1 } }));

    expectFailure(await create({ tenant, topic_name: 'd' }), 409, `tenant ${tenant} has 3 topics and its quota max_topics is 1`);
    expectSuccess(await remove({ tenant, topic_name: 'a' }));
    expectSuccess(await remove({ tenant, topic_name: 'b' }));
    expectFailure(await create({ tenant, topic_name: 'd' }), 409, `tenant ${tenant} has 1 topics and its quota max_topics is 1`);
    expectSuccess(await remove({ tenant, topic_name: 'c' }));
    expectSuccess(await create({ tenant, topic_name: 'd' }));
  });

  it('counts each tenant on its own', async () => {
    const small = await newTenant({ max_topics: 1 });
    const other = await newTenant({ max_topics: 1 });
    await createTopics(small, ['x']);
    await createTopics(other, ['x']);
    expectFailure(await create({ tenant: small, topic_name: 'y' }), 409, `tenant ${small} has 1 topics and its quota max_topics is 1`);
  });

  it('of 10, with 50 creates of distinct topics at once: exactly 10 succeed, 40 are refused by the quota, 10 topics listed', async () => {
    const tenant = await newTenant({ max_topics: 10 });

    const responses = await Promise.all(Array.from({ length: 50 }, (_, index) => create({ tenant, topic_name: `burst/${index}` })));

    const succeeded = responses.filter((response) => response.status === 200);
    const refused = responses.filter((response) => response.status !== 200);
    expect(succeeded).toHaveLength(10);
    for (const response of refused) expectFailure(response, 409, `tenant ${tenant} has 10 topics and its quota max_topics is 10`);
    expect((await list({ tenant })).body.data.total_count).toBe(10);
    const counted = await app.database.pool.query(
      "SELECT count(*)::int AS topics FROM events WHERE event_type = 'TopicCreated' AND data->>'tenant' = $1",
      [tenant],
    );
    expect(counted.rows[0].topics).toBe(10);
  }, 60_000);
});

describe('validation', () => {
  const invalidCreates: [string, Record<string, unknown>, string][] = [
    ['tenant is missing', { topic_name: 'a' }, 'tenant: is required'],
    ['tenant is empty', { tenant: '', topic_name: 'a' }, 'tenant: length must be 1-128'],
    ['tenant has 129 characters', { tenant: 't'.repeat(129), topic_name: 'a' }, 'tenant: length must be 1-128'],
    ['tenant is a number', { tenant: 1, topic_name: 'a' }, 'tenant: must be a string'],
    ['tenant contains a NUL character', { tenant: 'a\u0000', topic_name: 'a' }, `tenant: ${TEXT_RULE}`],
    ['topic_name is missing', { tenant: 'default' }, 'topic_name: is required'],
    ['topic_name is null', { tenant: 'default', topic_name: null }, 'topic_name: is required'],
    ['topic_name is a number', { tenant: 'default', topic_name: 5 }, 'topic_name: must be a string'],
    ['topic_name is empty', { tenant: 'default', topic_name: '' }, 'topic_name: must not be empty'],
    ['topic_name has a + wildcard', { tenant: 'default', topic_name: 'a/+/b' }, "topic_name: must not contain wildcards ('+' or '#')"],
    ['topic_name has a # wildcard', { tenant: 'default', topic_name: 'a/#' }, "topic_name: must not contain wildcards ('+' or '#')"],
    ['topic_name has a + inside a level', { tenant: 'default', topic_name: 'a+b' }, "topic_name: must not contain wildcards ('+' or '#')"],
    ['topic_name contains a NUL character', { tenant: 'default', topic_name: 'a\u0000b' }, 'topic_name: must not contain NUL characters'],
    [
      'topic_name has an unpaired surrogate',
      { tenant: 'default', topic_name: 'a\ud800' },
      'topic_name: must not contain unpaired surrogates',
    ],
    [
      'storage_type is not one of RobustMQ’s',
      { tenant: 'default', topic_name: 'a', storage_type: 'memory' },
      'storage_type: must be one of EngineMemory, EngineSegment, EngineRocksDB, Mysql, MinIO, S3',
    ],
    [
      'source is not one of RobustMQ’s',
      { tenant: 'default', topic_name: 'a', source: 'mqtt' },
      'source: must be one of SystemInner, MQTT, NATS, MQ9, Kafka, AMQP',
    ],
    ['partition is 0', { tenant: 'default', topic_name: 'a', partition: 0 }, 'partition: must be an integer 1-1000'],
    ['partition is 1001', { tenant: 'default', topic_name: 'a', partition: 1001 }, 'partition: must be an integer 1-1000'],
    ['partition is a fraction', { tenant: 'default', topic_name: 'a', partition: 1.5 }, 'partition: must be an integer 1-1000'],
    ['partition is a string', { tenant: 'default', topic_name: 'a', partition: '2' }, 'partition: must be an integer 1-1000'],
    ['replication is 0', { tenant: 'default', topic_name: 'a', replication: 0 }, 'replication: must be an integer 1-1000'],
    [
      'several fields break a rule',
      { tenant: '', topic_name: '#', partition: -1 },
      "tenant: length must be 1-128; topic_name: must not contain wildcards ('+' or '#'); partition: must be an integer 1-1000",
    ],
  ];

  it.each(invalidCreates)('create answers 400 when %s, and stores nothing', async (_case, body, error) => {
    const before = (await list({ tenant: 'default' })).body.data.total_count;
    expectFailure(await create(body), 400, error);
    expect((await list({ tenant: 'default' })).body.data.total_count).toBe(before);
  });

  it.each([
    ['the body is empty', {}, 'tenant: is required; topic_name: is required'],
    ['topic_name is empty', { tenant: 'default', topic_name: '' }, 'topic_name: must not be empty'],
    ['tenant is an array', { tenant: ['default'], topic_name: 'a' }, 'tenant: must be a string'],
  ])('delete answers 400 when %s', async (_case, body, error) => {
    expectFailure(await remove(body), 400, error);
  });

  it.each([
    ['tenant is missing', { topic_name: 'a' }, 'tenant: is required'],
    ['topic_name is missing', { tenant: 'default' }, 'topic_name: is required'],
    ['topic_name is empty', { tenant: 'default', topic_name: '' }, 'topic_name: must not be empty'],
    ['topic_name has a wildcard', { tenant: 'default', topic_name: 'a/+' }, "topic_name: must not contain wildcards ('+' or '#')"],
  ])('detail answers 400 when %s', async (_case, params, error) => {
    expectFailure(await detail(params), 400, error);
  });

  it('detail answers 400 when a parameter is given twice', async () => {
    expectFailure(await app.get(`${CLUSTER}/detail?tenant=default&tenant=other&topic_name=a`), 400, 'tenant: must be a string');
  });

  it('malformed bodies and odd inputs never cause a 500', async () => {
    const responses = [
      await app.send('POST', `${CLUSTER}/create`, '{"tenant":', { 'content-type': 'application/json' }),
      await app.send('POST', `${CLUSTER}/create`, '[]', { 'content-type': 'application/json' }),
      await app.send('POST', `${CLUSTER}/delete`, 'null', { 'content-type': 'application/json' }),
      await create({ tenant: { $ne: 1 }, topic_name: { toString: 'x' } }),
      await create({ tenant: 'constructor', topic_name: '__proto__' }),
      await detail({ tenant: 'default', topic_name: '__proto__' }),
      await list({ tenant: '__proto__', topic_name: '%_\\', sort_field: 'constructor' }),
      await app.get(`${CLUSTER}/detail?tenant[a]=1&topic_name=x`),
    ];
    for (const response of responses) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.body).toMatchObject({ code: 100, data: '' });
    }
  });
});

describe('listing topics', () => {
  it('filters by exact tenant: another tenant whose name contains this one is not listed', async () => {
    const tenant = await newTenant();
    const longer = `${tenant}-more`;
    expectSuccess(await app.post('/api/cluster/tenant/create', { tenant_name: longer }));
    await createTopics(tenant, ['mine']);
    expectSuccess(await create({ tenant: longer, topic_name: 'theirs' }));

    expect((await list({ tenant })).body.data).toMatchObject({ data: [{ topic_name: 'mine' }], total_count: 1 });
    expect((await list({ tenant: tenant.toUpperCase() })).body.data.total_count).toBe(0);
  });

  it('filters by a case-insensitive substring of the topic name, with % and _ read as plain characters', async () => {
    const tenant = await newTenant();
    await createTopics(tenant, ['Sensor/Temp', 'sensor/hum', 'motor/temp', '100%_done', '100xxdone']);

    expect(topicNames(await list({ tenant, topic_name: 'SENSOR' })).sort()).toEqual(['Sensor/Temp', 'sensor/hum']);
    expect(topicNames(await list({ tenant, topic_name: 'temp' })).sort()).toEqual(['Sensor/Temp', 'motor/temp']);
    expect(topicNames(await list({ tenant, topic_name: '%_' }))).toEqual(['100%_done']);
    expect((await list({ tenant, topic_name: 'nothing' })).body.data).toEqual({ data: [], total_count: 0 });
  });

  it('filters by topic_type: system topics start with $, normal ones do not, all (or none) lists both', async () => {
    const tenant = await newTenant();
    await createTopics(tenant, ['$SYS/uptime', '$share/x', 'a/$b', 'plain']);

    expect(topicNames(await list({ tenant, topic_type: 'system' }))).toEqual(['$SYS/uptime', '$share/x']);
    expect(topicNames(await list({ tenant, topic_type: 'normal' }))).toEqual(['a/$b', 'plain']);
    expect((await list({ tenant, topic_type: 'all' })).body.data.total_count).toBe(4);
    expect((await list({ tenant })).body.data.total_count).toBe(4);
    expect((await list({ tenant, topic_type: 'system', topic_name: 'SYS' })).body.data.total_count).toBe(1);
  });

  it('without sort_field comes in (tenant, name) order; sort_field topic_name or tenant sorts as sort_by says', async () => {
    const tenant = await newTenant();
    await createTopics(tenant, ['b', 'c', 'a']);

    expect(topicNames(await list({ tenant }))).toEqual(['a', 'b', 'c']);
    expect(topicNames(await list({ tenant, sort_field: 'topic_name' }))).toEqual(['a', 'b', 'c']);
    expect(topicNames(await list({ tenant, sort_field: 'topic_name', sort_by: 'desc' }))).toEqual(['c', 'b', 'a']);
    expect(topicNames(await list({ tenant, sort_field: 'tenant', sort_by: 'asc' }))).toEqual(['a', 'b', 'c']);
  });

  it('sorts across tenants by tenant, then by name', async () => {
    const first = `${uniqueName('sort')}-a`;
    const second = `${first}-b`;
    for (const tenant_name of [second, first]) expectSuccess(await app.post('/api/cluster/tenant/create', { tenant_name }));
    expectSuccess(await create({ tenant: second, topic_name: `${first}/x` }));
    expectSuccess(await create({ tenant: first, topic_name: `${first}/y` }));

    const rows = (await list({ topic_name: first, sort_field: 'tenant' })).body.data.data;
    expect(rows.map((row: { tenant: string }) => row.tenant)).toEqual([first, second]);
    const byName = (await list({ topic_name: first, sort_field: 'topic_name', sort_by: 'desc' })).body.data.data;
    expect(byName.map((row: { topic_name: string }) => row.topic_name)).toEqual([`${first}/y`, `${first}/x`]);
  });

  it('pages from page 1; page 0 is page 1; a page past the end is empty but still counts every match; the dashboard’s pagination works', async () => {
    const tenant = await newTenant();
    await createTopics(
      tenant,
      Array.from({ length: 5 }, (_, index) => `p/${index}`),
    );

    expect((await list({ tenant, limit: 2, page: 1 })).body.data).toMatchObject({ total_count: 5 });
    expect(topicNames(await list({ tenant, limit: 2, page: 1 }))).toEqual(['p/0', 'p/1']);
    expect(topicNames(await list({ tenant, limit: 2, page: 0 }))).toEqual(['p/0', 'p/1']);
    expect(topicNames(await list({ tenant, limit: 2, page: 3 }))).toEqual(['p/4']);
    expect((await list({ tenant, limit: 2, page: 4 })).body.data).toEqual({ data: [], total_count: 5 });
    expect(topicNames(await list({ tenant, 'pagination[limit]': 2, 'pagination[offset]': 3 }))).toEqual(['p/3', 'p/4']);
    expect(topicNames(await list({ tenant, topic_type: 'normal', limit: 2, page: 2 }))).toEqual(['p/2', 'p/3']);
  });

  it('refuses an unknown sort_field or sort_by, and a bad limit (400)', async () => {
    expectFailure(await list({ sort_field: 'create_time' }), 400, 'sort_field: must be one of topic_name, tenant');
    expectFailure(await list({ sort_by: 'up' }), 400, 'sort_by: must be asc or desc');
    expectFailure(await list({ limit: 1001 }), 400, 'limit: must be an integer 1-1000');
    expectFailure(await list({ topic_type: 'SYSTEM' }), 400, 'topic_type: must be one of all, normal, system');
  });
});

describe('read-your-writes', () => {
  it('every create and delete answers with its position in the log, applied, and is in the very next list and detail', async () => {
    const tenant = await newTenant();
    const positions: number[] = [];
    for (let index = 0; index < 5; index++) {
      const response = await create({ tenant, topic_name: `ryw/${index}` });
      expectSuccess(response);
      expect(response.headers.get('x-read-your-writes')).toBe('applied');
      positions.push(Number(response.headers.get('x-event-position')));
      expect((await detail({ tenant, topic_name: `ryw/${index}` })).status).toBe(200);
      expect((await list({ tenant })).body.data.total_count).toBe(index + 1);
    }
    const removed = await remove({ tenant, topic_name: 'ryw/0' });
    positions.push(Number(removed.headers.get('x-event-position')));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(positions.length);
    expect((await detail({ tenant, topic_name: 'ryw/0' })).status).toBe(404);
  });
});
