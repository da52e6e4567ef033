// The ACL endpoints over HTTP, against the whole service and a real Postgres (API-CONTRACT §1-§3, §5;
// research §3.9): the suite every tenant resource passes, then the rules of an ACL rule's own fields.
import { startTestApp, type TestApp } from '../support/app.js';
import {
  describeTenantResourceEndpoints,
  expectFailure,
  expectSuccess,
  resourceClient,
  TEXT_RULE,
  type TenantResourceApi,
} from '../support/tenant-resource-api.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const RESOURCE_TYPES = ['ClientId', 'User', 'Ip'];
const ACTIONS = ['Publish', 'Subscribe', 'All'];
const PERMISSIONS = ['Allow', 'Deny'];
const IPS = ['', '10.0.0.0/8', '192.168.1.10', '2001:db8::/32', '::1'];
const TOPICS = ['sensor/+', '#', 'a/+/b/#', '$SYS/brokers/+', 'factory/line-1/temperature'];

const acl: TenantResourceApi = {
  noun: 'acl rule',
  prefixes: ['/api/cluster/acl', '/api/mqtt/acl'],
  body: (tenant, name, variant = 0) => ({
    tenant,
    name,
    desc: `rule ${variant}`,
    resource_type: RESOURCE_TYPES[variant % 3],
    resource_name: `${['client', 'user', 'host'][variant % 3]}-${name}-${variant}`,
    topic: TOPICS[variant % TOPICS.length],
    ip: IPS[variant % IPS.length],
    action: ACTIONS[variant % 3],
    permission: PERMISSIONS[variant % 2],
  }),
  row: (body) => ({
    tenant: body.tenant,
    name: body.name,
    desc: body.desc ?? '',
    resource_type: body.resource_type,
    resource_name: body.resource_name,
    topic: body.topic,
    ip: body.ip ?? '',
    action: body.action,
    permission: body.permission,
  }),
  sortable: ['tenant', 'name', 'resource_type', 'resource_name', 'topic', 'ip'],
  texts: {
    tenant: { max: 64, required: true },
    name: { max: 128, required: true },
    desc: { max: 256, required: false },
    resource_name: { max: 256, required: true },
    topic: { max: 256, required: true },
    ip: { max: 128, required: false },
  },
};

describeTenantResourceEndpoints(() => app, acl);

describe('an ACL rule’s own fields', () => {
  const client = resourceClient(() => app, '/api/cluster/acl');
  let tenant: string;
  beforeAll(async () => {
    tenant = await client.createTenant('acl-fields');
  });
  const body = (fields: Record<string, unknown>) => ({ ...acl.body(tenant, 'checked'), ...fields });

  it('the API document’s example body is accepted as it is, and listed as the API shows a rule', async () => {
    const example = {
      tenant,
      name: 'rule-name',
      resource_type: 'ClientId',
      resource_name: 'client001',
      action: 'Publish',
      permission: 'Allow',
      topic: 'sensor/+',
      ip: '',
      desc: '',
    };
    expectSuccess(await client.create(example));
    expect(await client.rowsOf(tenant, { name: 'rule-name' })).toEqual([
      {
        tenant,
        name: 'rule-name',
        desc: '',
        resource_type: 'ClientId',
        resource_name: 'client001',
        topic: 'sensor/+',
        ip: '',
        action: 'Publish',
        permission: 'Allow',
      },
    ]);
  });

  it.each(RESOURCE_TYPES.flatMap((type) => ACTIONS.flatMap((action) => PERMISSIONS.map((permission) => [type, action, permission]))))(
    'resource_type %s with action %s and permission %s is stored as given (Ip works, unlike the real server)',
    async (resource_type, action, permission) => {
      const name = `${resource_type}-${action}-${permission}`;
      const resource_name = resource_type === 'Ip' ? '192.168.1.7' : 'someone';
      expectSuccess(await client.create(body({ name, resource_type, resource_name, action, permission })));

      expect(await client.rowsOf(tenant, { name })).toEqual([
        expect.objectContaining({ resource_type, resource_name, action, permission }),
      ]);
    },
  );

  it.each([
    ['resource_type', ['client', 'CLIENTID', 'IP', 'Username', '', 42, ['User'], 'constructor'], 'must be one of ClientId, User, Ip'],
    ['action', ['publish', 'Pub', 'Retain', 'all', '', 3, true], 'must be one of Publish, Subscribe, All'],
    ['permission', ['allow', 'DENY', 'Permit', '', 0, {}], 'must be one of Allow, Deny'],
  ])('%s outside its values, in the wrong case or of a wrong type is refused (400), naming the values', async (field, values, rule) => {
    for (const value of values as unknown[]) {
      expectFailure(await client.create(body({ [field]: value })), 400, `${field}: ${rule}`);
    }
    expectFailure(await client.create(body({ [field]: null })), 400, `${field}: is required`);
  });

  it.each([
    ...['sensor/+', '#', '+', 'a/+/b/#', '+/+/#', '$SYS/#', 'a//b', '/', '传感器/温度/+', 'emoji/😀/#'].map((topic) => [topic, topic]),
    ['256 characters', 'x'.repeat(256)],
    ['256 characters, 766 bytes of UTF-8', `${'€'.repeat(255)}/`],
  ])('topic %s, a valid MQTT topic filter, is accepted and stored verbatim', async (_label, topic) => {
    const name = `topic-${Buffer.from(topic).toString('hex').slice(0, 40)}-${topic.length}`;
    expectSuccess(await client.create(body({ name, topic })));

    expect(await client.rowsOf(tenant, { name })).toEqual([expect.objectContaining({ topic })]);
  });

  it.each([
    ['sensor/temp+', 'sensor/temp+', "'+' must be a whole level"],
    ['sensor/+temp', 'sensor/+temp', "'+' must be a whole level"],
    ['a+/b', 'a+/b', "'+' must be a whole level"],
    ['sensor/#/more', 'sensor/#/more', "'#' must be the last level"],
    ['#/a', '#/a', "'#' must be the last level"],
    ['sensor#', 'sensor#', "'#' must be a whole level"],
    ['a/b#/c', 'a/b#/c', "'#' must be a whole level"],
    ['with a NUL character', 'a\u0000b', TEXT_RULE],
    ['with an unpaired surrogate', 'a/\ud800', TEXT_RULE],
    ['empty', '', 'length must be 1-256'],
    ['of 257 characters', 'x'.repeat(257), 'length must be 1-256'],
    ['of 65,536 bytes of UTF-8', '😀'.repeat(16_384), 'length must be 1-256'],
  ])('topic %s is refused (400)', async (_label, topic, rule) => {
    expectFailure(await client.create(body({ topic })), 400, `topic: ${rule}`);
  });

  it.each([
    '',
    '192.168.1.10',
    '0.0.0.0',
    '10.0.0.0/8',
    '0.0.0.0/0',
    '2001:db8::1',
    '::1',
    '2001:db8::/32',
    '::/0',
    '::ffff:10.1.2.3',
    '10.0.0.1/8',
  ])('ip %j (empty for any address, an IPv4 or IPv6 address, or a CIDR block) is accepted and stored verbatim', async (ip) => {
    const name = `ip-${ip.replace(/[^0-9a-f]/g, '_')}-${ip.length}`;
    expectSuccess(await client.create(body({ name, ip })));

    expect(await client.rowsOf(tenant, { name })).toEqual([expect.objectContaining({ ip })]);
  });

  it('ip omitted is stored as the empty string (any address)', async () => {
    expectSuccess(await client.create(body({ name: 'no-ip', ip: undefined }))); // JSON.stringify leaves it out

    expect(await client.rowsOf(tenant, { name: 'no-ip' })).toEqual([expect.objectContaining({ ip: '' })]);
  });

  it.each([
    ['256.1.1.1', 'must be an IPv4 or IPv6 address'],
    ['10.0.0', 'must be an IPv4 or IPv6 address'],
    ['010.0.0.1', 'must be an IPv4 or IPv6 address'],
    [' 10.0.0.1', 'must be an IPv4 or IPv6 address'],
    ['*', 'must be an IPv4 or IPv6 address'],
    ['localhost', 'must be an IPv4 or IPv6 address'],
    ['2001:db8:::1', 'must be an IPv4 or IPv6 address'],
    ['fe80::1%eth0', 'must not carry a zone (%...)'],
    ['10.0.0.0/33', 'prefix must be an integer 0-32'],
    ['10.0.0.0/08', 'prefix must be an integer 0-32'],
    ['2001:db8::/129', 'prefix must be an integer 0-128'],
    ['10.0.0.0/', 'prefix must be an integer 0-32'],
    ['10.0.0.0/8/8', 'must be a CIDR block like 10.0.0.0/8 or 2001:db8::/32'],
    ['300.0.0.0/8', 'address must be an IPv4 or IPv6 address'],
  ])('ip %j is refused (400): %s', async (ip, rule) => {
    expectFailure(await client.create(body({ ip })), 400, `ip: ${rule}`);
  });

  it('reports every broken field at once, in the body’s field order, and stores nothing', async () => {
    const response = await client.create({
      tenant,
      name: 'many-problems',
      resource_type: 'Host',
      topic: 'a/#/b',
      ip: 'nowhere',
      action: 'Pub',
    });

    expectFailure(
      response,
      400,
      "resource_type: must be one of ClientId, User, Ip; resource_name: is required; topic: '#' must be the last level; ip: must be an IPv4 or IPv6 address; action: must be one of Publish, Subscribe, All; permission: is required",
    );
    expect(await client.rowsOf('', { name: 'many-problems' })).toEqual([]);
  });
});
