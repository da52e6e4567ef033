// The blacklist endpoints over HTTP, against the whole service and a real Postgres (API-CONTRACT §1-§3,
// §5; research §3.10): the suite every tenant resource passes, then the rules of an entry's own fields.
import { startTestApp, type TestApp } from '../support/app.js';
import {
  describeTenantResourceEndpoints,
  expectFailure,
  expectSuccess,
  resourceClient,
  type TenantResourceApi,
} from '../support/tenant-resource-api.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const TYPES = ['ClientId', 'User', 'Ip', 'ClientIdMatch', 'UserMatch', 'IPCIDR'] as const;
const END_TIME_RULE = 'must be unix seconds, an integer 1-9007199254740991';

/** A resource_name that fits each type, different for each variant. */
const resourceNameOf: Record<(typeof TYPES)[number], (name: string, variant: number) => string> = {
  ClientId: (name, variant) => `client-${name}-${variant}`,
  User: (name, variant) => `user-${name}-${variant}`,
  Ip: (_name, variant) => `192.168.${variant}.7`,
  ClientIdMatch: (_name, variant) => `^sensor-${variant}-[0-9]+$`,
  UserMatch: (_name, variant) => `guest-${variant}.*`,
  IPCIDR: (_name, variant) => `10.${variant}.0.0/16`,
};

const blacklist: TenantResourceApi = {
  noun: 'blacklist entry',
  prefixes: ['/api/cluster/blacklist', '/api/mqtt/blacklist'],
  body: (tenant, name, variant = 0) => {
    const blacklist_type = TYPES[variant % TYPES.length]!;
    return {
      name,
      tenant,
      blacklist_type,
      resource_name: resourceNameOf[blacklist_type](name, variant),
      end_time: 1_735_689_599 + variant,
      desc: `entry ${variant}`,
    };
  },
  row: (body) => ({
    name: body.name,
    tenant: body.tenant,
    blacklist_type: body.blacklist_type,
    resource_name: body.resource_name,
    end_time: body.end_time,
    desc: body.desc ?? '',
  }),
  sortable: ['name', 'tenant', 'blacklist_type', 'resource_name'],
  texts: {
    tenant: { max: 64, required: true },
    name: { max: 128, required: true },
    resource_name: { max: 256, required: true },
    desc: { max: 500, required: false },
  },
};

describeTenantResourceEndpoints(() => app, blacklist);

describe('a blacklist entry’s own fields', () => {
  const client = resourceClient(() => app, '/api/cluster/blacklist');
  let tenant: string;
  beforeAll(async () => {
    tenant = await client.createTenant('blacklist-fields');
  });
  const body = (fields: Record<string, unknown>) => ({ ...blacklist.body(tenant, 'checked'), ...fields });

  it('the API document’s example body is accepted as it is; end_time is listed as the same number, not a date string', async () => {
    const example = {
      name: 'bl-bad-client',
      tenant,
      blacklist_type: 'ClientId',
      resource_name: 'bad_client',
      end_time: 1735689599,
      desc: '',
    };
    expectSuccess(await client.create(example));

    const rows = await client.rowsOf(tenant, { name: 'bl-bad-client' });
    expect(rows).toEqual([example]);
    expect(Object.keys(rows[0]!)).toEqual(['name', 'tenant', 'blacklist_type', 'resource_name', 'end_time', 'desc']);
  });

  it.each([
    ['ClientId', 'any client id (a.b+c', 'plain text, not a pattern'],
    ['User', 'mallory@example', 'plain text'],
    ['Ip', '203.0.113.9', 'an IPv4 address'],
    ['Ip', '2001:db8::9', 'an IPv6 address'],
    ['IPCIDR', '203.0.113.0/24', 'an IPv4 CIDR block'],
    ['IPCIDR', '2001:db8::/48', 'an IPv6 CIDR block'],
    ['ClientIdMatch', '^sensor-[0-9]{1,6}$', 'a regular expression'],
    ['UserMatch', '(guest|anonymous)-[a-z]+', 'a regular expression with a bounded alternation'],
  ])('%s accepts %j (%s) and stores it verbatim', async (blacklist_type, resource_name) => {
    const name = `accepts-${blacklist_type}-${Buffer.from(resource_name).toString('hex')}`;
    expectSuccess(await client.create(body({ name, blacklist_type, resource_name })));

    expect(await client.rowsOf(tenant, { name })).toEqual([expect.objectContaining({ blacklist_type, resource_name })]);
  });

  it.each([
    ['Ip', '10.0.0.0/8', 'must be an IPv4 or IPv6 address (blacklist_type Ip)'],
    ['Ip', 'bad_client', 'must be an IPv4 or IPv6 address (blacklist_type Ip)'],
    ['Ip', '999.1.1.1', 'must be an IPv4 or IPv6 address (blacklist_type Ip)'],
    ['Ip', 'fe80::1%eth0', 'must not carry a zone (%...) (blacklist_type Ip)'],
    ['IPCIDR', '203.0.113.9', 'must be a CIDR block like 10.0.0.0/8 or 2001:db8::/32 (blacklist_type IPCIDR)'],
    ['IPCIDR', '10.0.0.0/40', 'prefix must be an integer 0-32 (blacklist_type IPCIDR)'],
    ['IPCIDR', 'x.0.0.0/8', 'address must be an IPv4 or IPv6 address (blacklist_type IPCIDR)'],
    ['ClientIdMatch', '(a+)+$', 'must not nest quantifiers (like (a+)+): it could take exponential time (blacklist_type ClientIdMatch)'],
    [
      'UserMatch',
      '(a|aa)*b',
      'must not repeat an alternation without bound (like (a|b)*): it could take exponential time; use a character class (blacklist_type UserMatch)',
    ],
    ['UserMatch', '(x)\\1', 'must not use backreferences (the broker cannot run them) (blacklist_type UserMatch)'],
    ['ClientIdMatch', 'admin(?=1)', 'must not use lookahead or lookbehind (the broker cannot run them) (blacklist_type ClientIdMatch)'],
  ])('%s refuses %j (400): %s', async (blacklist_type, resource_name, rule) => {
    expectFailure(await client.create(body({ blacklist_type, resource_name })), 400, `resource_name: ${rule}`);
  });

  it.each([['ClientIdMatch'], ['UserMatch']])(
    '%s refuses a pattern that does not compile (400), with the reason',
    async (blacklist_type) => {
      const response = await client.create(body({ blacklist_type, resource_name: 'sensor-[0-9' }));

      expectFailure(
        response,
        400,
        new RegExp(`^resource_name: must be a valid regular expression \\(.+\\) \\(blacklist_type ${blacklist_type}\\)$`),
      );
    },
  );

  it.each([['clientid'], ['CLIENTID'], ['IpCidr'], ['Regex'], [''], [42], [['Ip']], ['constructor']])(
    'blacklist_type %j is refused (400), naming the six values; resource_name is then not checked against it',
    async (blacklist_type) => {
      expectFailure(
        await client.create(body({ blacklist_type, resource_name: '(' })),
        400,
        'blacklist_type: must be one of ClientId, User, Ip, ClientIdMatch, UserMatch, IPCIDR',
      );
    },
  );

  it('blacklist_type missing or null is required', async () => {
    expectFailure(await client.create(body({ blacklist_type: undefined })), 400, 'blacklist_type: is required');
    expectFailure(await client.create(body({ blacklist_type: null })), 400, 'blacklist_type: is required');
  });

  it.each([
    ['1, the smallest', 1],
    ['in the past', 946_684_800],
    ['2^53-1, the largest', Number.MAX_SAFE_INTEGER],
  ])('end_time %s is accepted and listed as the same number', async (_case, end_time) => {
    const name = `end-${end_time}`;
    expectSuccess(await client.create(body({ name, end_time })));

    expect(await client.rowsOf(tenant, { name })).toEqual([expect.objectContaining({ end_time })]);
  });

  it.each([
    ['0', 0],
    ['negative', -1],
    ['a fraction', 1_735_689_599.5],
    ['a numeric string', '1735689599'],
    ['a date string', '2024-12-31 23:59:59'],
    ['a boolean', true],
    ['an array', [1_735_689_599]],
    ['2^53, beyond exact JSON integers', 9_007_199_254_740_992],
    ['1e300', 1e300],
  ])('end_time %s is refused (400)', async (_case, end_time) => {
    expectFailure(await client.create(body({ end_time })), 400, `end_time: ${END_TIME_RULE}`);
  });

  it('end_time missing or null is required', async () => {
    expectFailure(await client.create(body({ end_time: undefined })), 400, 'end_time: is required');
    expectFailure(await client.create(body({ end_time: null })), 400, 'end_time: is required');
  });

  it('desc omitted is stored as the empty string', async () => {
    expectSuccess(await client.create(body({ name: 'no-desc', desc: undefined }))); // JSON.stringify leaves it out

    expect(await client.rowsOf(tenant, { name: 'no-desc' })).toEqual([expect.objectContaining({ desc: '' })]);
  });

  it('reports every broken field at once, in the body’s field order, and stores nothing', async () => {
    const response = await client.create({
      name: 'many-problems',
      tenant: tenant,
      blacklist_type: 'Ip',
      resource_name: 'nowhere',
      end_time: 0,
    });

    expectFailure(response, 400, `resource_name: must be an IPv4 or IPv6 address (blacklist_type Ip); end_time: ${END_TIME_RULE}`);
    expect(await client.rowsOf(tenant, { name: 'many-problems' })).toEqual([]);
  });
});
