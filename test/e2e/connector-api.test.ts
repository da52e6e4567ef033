// The connector endpoints over HTTP, against the whole service and a real Postgres (API-CONTRACT §1-§3,
// §5; research §3.11): every endpoint under both paths, identity and tenant rules, lists, the rules of
// each field, and secrets that never come back.
import { EventStore } from '#libs/event-store';
import { REQUIRED_CONFIG_FIELDS } from '#libs/domain/connector';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectFailure, expectListPage, expectSuccess, resourceClient, uniqueName } from '../support/tenant-resource-api.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const PREFIXES = ['/api/cluster/connector', '/api/mqtt/connector'] as const;
const TYPES = Object.keys(REQUIRED_CONFIG_FIELDS);
const STRATEGIES = ['discard', 'discard_after_retry', 'dead_message_queue'];
const client = resourceClient(() => app, PREFIXES[0]);
type Body = Record<string, unknown>;

/** A valid create body; `variant` varies the type, topic and strategy, so sorting by them is checked. */
function body(tenant: string, connector_name: string, variant = 0): Body {
  const connector_type = ['kafka', 'webhook', 'file', 'redis', 'mqtt'][variant % 5]!;
  const config = Object.fromEntries(REQUIRED_CONFIG_FIELDS[connector_type as 'kafka'].map((field) => [field, `${field}-${variant}`]));
  return {
    tenant,
    connector_name,
    connector_type,
    topic_name: `sensor/${['b', 'd', 'a', 'e', 'c'][variant % 5]}`,
    config: JSON.stringify(config),
    failure_strategy: { strategy: STRATEGIES[variant % 2] },
  };
}

/**
 * The list row a create with this body shows, fields in the API's order, its config parsed: the config
 * text is the JSON of the config object, whose key order the log's jsonb does not keep.
 */
const row = (created: Body) => ({
  tenant: created.tenant,
  connector_name: created.connector_name,
  connector_type: created.connector_type,
  config: JSON.parse(created.config as string),
  topic_name: created.topic_name,
  failure_strategy: created.failure_strategy,
  status: 'Idle',
  broker_id: '-',
  create_time: expect.any(Number),
  update_time: expect.any(Number),
});

const detail = (tenant: string, connector_name: string, prefix: string = PREFIXES[0]) =>
  app.get(`${prefix}/detail?${new URLSearchParams({ tenant, connector_name })}`);
const remove = (tenant: string, connector_name: string, prefix: string = PREFIXES[0]) => client.remove({ tenant, connector_name }, prefix);
const names = (rows: Body[]) => rows.map((listed) => listed.connector_name);
const withParsedConfig = (listed: Body): Body => ({ ...listed, config: JSON.parse(listed.config as string) });
/** The rows of the list filtered by this exact tenant, configs parsed. */
const rowsOf = async (tenant: string, params: Record<string, string | number> = {}) =>
  (await client.rowsOf(tenant, params)).map(withParsedConfig);

describe.each(PREFIXES)('the connector endpoints under %s', (prefix) => {
  it('create, list, detail and delete, each change visible at once, rows and detail exactly as the API shows them', async () => {
    const tenant = await client.createTenant();
    const created = body(tenant, 'kafka-sink');
    const before = Math.floor(Date.now() / 1000);

    const response = await client.create(created, prefix);
    expectSuccess(response);
    expect(response.headers.get('x-read-your-writes')).toBe('applied');

    const listed = await client.list({ tenant }, prefix);
    expectListPage(listed);
    expect({ ...listed.body.data, data: listed.body.data.data.map(withParsedConfig) }).toEqual({ data: [row(created)], total_count: 1 });
    const [first] = listed.body.data.data;
    expect(Object.keys(first)).toEqual(Object.keys(row(created)));
    expect(first.create_time).toBeGreaterThanOrEqual(before);
    expect(first.update_time).toBe(first.create_time);

    const shown = await detail(tenant, 'kafka-sink', prefix);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      code: 0,
      data: { ...first, last_send_time: 0, send_success_total: 0, send_fail_total: 0, last_msg: null },
      error: null,
    });

    expectSuccess(await remove(tenant, 'kafka-sink', prefix));
    expect((await client.list({ tenant }, prefix)).body.data).toEqual({ data: [], total_count: 0 });
    expectFailure(await detail(tenant, 'kafka-sink', prefix), 404, `connector kafka-sink not found in tenant ${tenant}`);
  });

  it('refuses a list query it cannot answer (400), naming the fields it sorts by', async () => {
    expectFailure(
      await client.list({ sort_field: 'config' }, prefix),
      400,
      'sort_field: must be one of tenant, connector_name, connector_type, topic_name, status, broker_id',
    );
  });
});

describe('identity (tenant, connector_name)', () => {
  it('a name that exists in the tenant is refused (409) and changes nothing; the same name in another tenant is another connector', async () => {
    const [one, two] = [await client.createTenant('one'), await client.createTenant('two')];
    expectSuccess(await client.create(body(one, 'same', 0)));

    expectFailure(await client.create(body(one, 'same', 1)), 409, `connector same already exists in tenant ${one}`);
    expectFailure(await client.create(body(one, 'same', 1), PREFIXES[1]), 409, `connector same already exists in tenant ${one}`);
    expectSuccess(await client.create(body(two, 'same', 1)));

    expect(await rowsOf(one)).toEqual([row(body(one, 'same', 0))]);
    expect(await rowsOf(two)).toEqual([row(body(two, 'same', 1))]);
  });

  it('deleting or showing a connector that does not exist answers 404, and so does a second delete', async () => {
    const tenant = await client.createTenant();
    expectFailure(await remove(tenant, 'ghost'), 404, `connector ghost not found in tenant ${tenant}`);
    expectFailure(await detail(tenant, 'ghost'), 404, `connector ghost not found in tenant ${tenant}`);

    expectSuccess(await client.create(body(tenant, 'once')));
    expectSuccess(await remove(tenant, 'once'));
    expectFailure(await remove(tenant, 'once'), 404, `connector once not found in tenant ${tenant}`);
  });

  it('a deleted connector can be created again, with the new values only', async () => {
    const tenant = await client.createTenant();
    expectSuccess(await client.create(body(tenant, 'again', 0)));
    expectSuccess(await remove(tenant, 'again'));
    expectSuccess(await client.create(body(tenant, 'again', 2)));
    expect(await rowsOf(tenant)).toEqual([row(body(tenant, 'again', 2))]);
  });

  it('10 clients creating the same name at once: exactly one succeeds, the other nine get 409', async () => {
    const tenant = await client.createTenant();
    const responses = await Promise.all(Array.from({ length: 10 }, (_, variant) => client.create(body(tenant, 'race', variant))));
    expect(responses.map((response) => response.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    const winner = responses.findIndex((response) => response.status === 200);
    expect(await rowsOf(tenant)).toEqual([row(body(tenant, 'race', winner))]);
  });
});

describe('the tenant', () => {
  it('must exist, and must still exist: a create in a tenant never created or deleted answers 404 and stores nothing', async () => {
    const missing = uniqueName('missing');
    expectFailure(await client.create(body(missing, 'orphan')), 404, `tenant ${missing} not found`);
    expect(await rowsOf(missing)).toEqual([]);

    const deleted = await client.createTenant();
    await client.deleteTenant(deleted);
    expectFailure(await client.create(body(deleted, 'late')), 404, `tenant ${deleted} not found`);
  });

  it('deleting a tenant does not cascade: its connectors stay listed and can still be deleted', async () => {
    const tenant = await client.createTenant();
    expectSuccess(await client.create(body(tenant, 'stays')));
    await client.deleteTenant(tenant);

    expect(await rowsOf(tenant)).toEqual([row(body(tenant, 'stays'))]);
    expectSuccess(await remove(tenant, 'stays'));
    expect(await rowsOf(tenant)).toEqual([]);
  });
});

describe('listing', () => {
  async function fiveConnectors() {
    const tenant = await client.createTenant('sorted');
    const bodies = [3, 0, 4, 1, 2].map((variant) => body(tenant, `item-${variant}`, variant));
    for (const created of bodies) expectSuccess(await client.create(created));
    return { tenant, rows: bodies.map(row) };
  }

  it('without sort_field comes in (tenant, connector_name) order', async () => {
    const { tenant } = await fiveConnectors();
    expect(names(await rowsOf(tenant))).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4']);
  });

  it.each(['tenant', 'connector_name', 'connector_type', 'topic_name', 'status', 'broker_id'])(
    'sort_field=%s sorts ascending by default, descending with sort_by=desc, ties by (tenant, connector_name)',
    async (field) => {
      const { tenant } = await fiveConnectors();
      const listed = await rowsOf(tenant);
      const byField = (direction: 1 | -1) => (a: Body, b: Body) => {
        const [x, y, xn, yn] = [String(a[field]), String(b[field]), String(a.connector_name), String(b.connector_name)];
        return direction * (x < y ? -1 : x > y ? 1 : xn < yn ? -1 : xn > yn ? 1 : 0);
      };
      expect(await rowsOf(tenant, { sort_field: field })).toEqual([...listed].sort(byField(1)));
      expect(await rowsOf(tenant, { sort_field: field, sort_by: 'desc' })).toEqual([...listed].sort(byField(-1)));
    },
  );

  it('pages from page 1, counts every match, and pages with pagination[limit] and pagination[offset]', async () => {
    const { tenant } = await fiveConnectors();
    const page = async (params: Record<string, string | number>) => {
      const response = await client.list({ tenant, ...params });
      expectListPage(response);
      return { names: names(response.body.data.data), total: response.body.data.total_count };
    };
    expect(await page({ limit: 2, page: 1 })).toEqual({ names: ['item-0', 'item-1'], total: 5 });
    expect(await page({ limit: 2, page: 3 })).toEqual({ names: ['item-4'], total: 5 });
    expect(await page({ limit: 2, page: 4 })).toEqual({ names: [], total: 5 });
    expect(await page({ 'pagination[limit]': 3, 'pagination[offset]': 1 })).toEqual({ names: ['item-1', 'item-2', 'item-3'], total: 5 });
    expectFailure(await client.list({ tenant, limit: 0 }), 400, 'limit: must be an integer 1-1000');
  });

  it('filters the tenant exactly and the connector name by a case-insensitive substring', async () => {
    const tenant = await client.createTenant('Exact-Tenant');
    for (const name of ['Kafka-Sink', 'kafka-backup', 'webhook']) expectSuccess(await client.create(body(tenant, name)));

    expect(names(await rowsOf(tenant, { connector_name: 'KAFKA' }))).toEqual(['Kafka-Sink', 'kafka-backup']);
    expect(names(await rowsOf(tenant.slice(0, -2)))).toEqual([]);
    expect(names(await rowsOf(tenant.toUpperCase()))).toEqual([]);
    expect(names(await rowsOf(tenant, { connector_name: '%' }))).toEqual([]);
    const filtered = await client.list({ tenant, connector_name: 'kafka', limit: 1 });
    expect(filtered.body.data.total_count).toBe(2);
  });
});

describe('the connector’s own fields: a clear 400, never a 500, nothing stored', () => {
  let tenant: string;
  beforeAll(async () => {
    tenant = await client.createTenant('fields');
  });
  const withFields = (fields: Body) => ({ ...body(tenant, 'checked'), ...fields });
  const refused = async (fields: Body, error: string) => {
    expectFailure(await client.create(withFields(fields)), 400, error);
    expect(await rowsOf(tenant, { connector_name: 'checked' })).toEqual([]);
  };

  it('the API document’s example body, with a kafka config, is accepted as it is', async () => {
    const example = {
      connector_name: 'kafka-sink',
      connector_type: 'kafka',
      tenant,
      topic_name: 'sensor/temperature',
      config: '{"bootstrap_servers":"kafka:9092","topic":"sensor-data"}',
      failure_strategy: { strategy: 'discard' },
    };
    expectSuccess(await client.create(example));
    expect(await rowsOf(tenant, { connector_name: 'kafka-sink' })).toEqual([row(example)]);
  });

  it.each(TYPES)('a %s connector needs its own config fields, named when missing, and is accepted with them', async (type) => {
    const required = REQUIRED_CONFIG_FIELDS[type as 'kafka'];
    await refused(
      { connector_type: type, config: '{"unrelated":"x"}' },
      required.map((field) => `config.${field}: is required for a ${type} connector (a non-empty string)`).join('; '),
    );
    const config = JSON.stringify(Object.fromEntries(required.map((field) => [field, 'value'])));
    expectSuccess(await client.create(withFields({ connector_name: `type-${type}`, connector_type: type, config })));
  });

  it('connector_type outside the list, in the wrong case or of a wrong type is refused, naming the list', async () => {
    const rule = `connector_type: must be one of ${TYPES.join(', ')}`;
    for (const connector_type of ['kafka2', 'Kafka', 'greptimedb', '', 7, ['kafka'], 'constructor'])
      await refused({ connector_type }, rule);
    await refused({ connector_type: undefined }, 'connector_type: is required');
  });

  it('config must be a string of 1-4096 characters holding a JSON object', async () => {
    await refused({ config: '{"bootstrap_servers": kafka}' }, 'config: must be a JSON text (a string holding a JSON object)');
    for (const config of ['[]', '"text"', '42', 'null']) await refused({ config }, 'config: must be a JSON object');
    await refused({ config: { bootstrap_servers: 'kafka:9092', topic: 't' } }, 'config: must be a string');
    await refused({ config: '' }, 'config: length must be 1-4096');
    const padded = JSON.stringify({ bootstrap_servers: 'kafka:9092', topic: 't', pad: 'x'.repeat(4096) });
    await refused({ config: padded }, 'config: length must be 1-4096');
    await refused({ config: null }, 'config: is required');
  });

  it('failure_strategy is a required object whose strategy is one of three', async () => {
    await refused({ failure_strategy: undefined }, 'failure_strategy: is required');
    await refused({ failure_strategy: 'discard' }, 'failure_strategy: must be an object');
    await refused({ failure_strategy: {} }, 'failure_strategy.strategy: is required');
    for (const strategy of ['Discard', 'retry', 3]) {
      await refused({ failure_strategy: { strategy } }, `failure_strategy.strategy: must be one of ${STRATEGIES.join(', ')}`);
    }
  });

  it('retry_total_times and wait_time_ms are positive integers where given; dead_message_queue needs a topic without wildcards', async () => {
    const strategy = 'discard_after_retry';
    for (const retry_total_times of [0, -1, 1.5, '3', 4_294_967_296]) {
      await refused(
        { failure_strategy: { strategy, retry_total_times } },
        'failure_strategy.retry_total_times: must be an integer 1-4294967295',
      );
    }
    for (const wait_time_ms of [0, -5, 2.5, 'soon']) {
      await refused(
        { failure_strategy: { strategy, wait_time_ms } },
        `failure_strategy.wait_time_ms: must be an integer 1-${Number.MAX_SAFE_INTEGER}`,
      );
    }
    await refused(
      { failure_strategy: { strategy: 'dead_message_queue' } },
      'failure_strategy.topic_name: is required for dead_message_queue (the dead-letter topic)',
    );
    await refused(
      { failure_strategy: { strategy: 'dead_message_queue', topic_name: 'dlq/#' } },
      "failure_strategy.topic_name: must not contain wildcards ('+' or '#')",
    );

    const complete = { strategy: 'dead_message_queue', retry_total_times: 5, wait_time_ms: 2000, topic_name: 'dlq/sensor' };
    expectSuccess(await client.create(withFields({ connector_name: 'with-dlq', failure_strategy: complete })));
    const [listed] = await rowsOf(tenant, { connector_name: 'with-dlq' });
    expect(listed!.failure_strategy).toEqual(complete);
  });

  it('topic_name is a required MQTT topic name of 1-256 characters; names are 1-128, tenants 1-256', async () => {
    await refused({ topic_name: 'sensor/+' }, "topic_name: must not contain wildcards ('+' or '#')");
    await refused({ topic_name: undefined }, 'topic_name: is required');
    await refused({ topic_name: 't'.repeat(257) }, 'topic_name: length must be 1-256');
    await refused({ connector_name: 'n'.repeat(129) }, 'connector_name: length must be 1-128');
    await refused({ connector_name: 'a\u0000b' }, 'connector_name: must not contain NUL characters or unpaired surrogates');
    expectFailure(await client.create({ ...body(tenant, 'x'), tenant: 't'.repeat(257) }), 400, 'tenant: length must be 1-256');
  });

  it('a body that is not a JSON object is refused; detail and delete validate their parameters', async () => {
    for (const raw of ['[]', '42', 'null']) {
      expectFailure(
        await app.send('POST', `${PREFIXES[0]}/create`, raw, { 'content-type': 'application/json' }),
        400,
        'body: must be a JSON object',
      );
    }
    expectFailure(await app.get(`${PREFIXES[0]}/detail?tenant=${tenant}`), 400, 'connector_name: is required');
    expectFailure(await app.get(`${PREFIXES[0]}/detail?tenant=a&tenant=b&connector_name=x`), 400, 'tenant: must be a string');
    expectFailure(await client.remove({ tenant }), 400, 'connector_name: is required');
  });
});

describe('secrets inside a connector config', () => {
  it('passwords and tokens are redacted in the list and the detail, and kept in the event log for the brokers', async () => {
    const tenant = await client.createTenant('secrets');
    const config = { server: 'rabbit:5672', username: 'svc', password: 'hunter2', exchange: 'x', nested: { api_key: 'k-123' } };
    expectSuccess(await client.create({ ...body(tenant, 'rabbit'), connector_type: 'rabbitmq', config: JSON.stringify(config) }));

    const redacted = { ...config, password: '******', nested: { api_key: '******' } };
    const [listed] = await rowsOf(tenant);
    expect(listed!.config).toEqual(redacted);
    expect(JSON.parse((await detail(tenant, 'rabbit')).body.data.config)).toEqual(redacted);

    const [stored] = await new EventStore(app.database.pool).readStream(`connector-${encodeURIComponent(tenant)}/rabbit`);
    expect((stored!.data as { config: unknown }).config).toEqual(config);
  });
});
