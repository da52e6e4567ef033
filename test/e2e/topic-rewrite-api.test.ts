// The topic rewrite rule endpoints over HTTP, against the whole service and a real Postgres
// (API-CONTRACT §1-§3, §5; research §3.7).
import { randomBytes } from 'node:crypto';
import { type HttpResult, startTestApp, type TestApp } from '../support/app.js';

const CLUSTER = '/api/cluster/topic-rewrite';
const PREFIXES = [CLUSTER, '/api/mqtt/topic-rewrite'] as const;
const SUCCESS = { code: 0, data: 'success', error: null };
const TEXT_RULE = 'must not contain NUL characters or unpaired surrogates';
const ROW_KEYS = ['name', 'desc', 'tenant', 'action', 'source_topic', 'dest_topic', 'regex', 'create_time'];

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
const list = (params: Record<string, string | number> = {}, prefix: string = CLUSTER) => app.get(`${prefix}/list?${query(params)}`);

/** A valid rule (EMQX-style: the regex's groups fill the destination's $N); fields can be overridden. */
const rule = (tenant: string, name: string, overrides: Record<string, unknown> = {}) => ({
  tenant,
  name,
  action: 'All',
  source_topic: 'x/#',
  dest_topic: 'z/y/$1',
  regex: '^x/y/(.+)$',
  ...overrides,
});

async function newTenant(label = 't'): Promise<string> {
  const tenant_name = uniqueName(label);
  expectSuccess(await app.post('/api/cluster/tenant/create', { tenant_name }));
  return tenant_name;
}

const ruleNames = (response: HttpResult): string[] => response.body.data.data.map((row: { name: string }) => row.name);

function expectSuccess(response: HttpResult) {
  expect({ status: response.status, body: response.body }).toEqual({ status: 200, body: SUCCESS });
  expect(response.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
}

function expectFailure(response: HttpResult, status: number, error: string) {
  expect({ status: response.status, body: response.body }).toEqual({ status, body: { code: 100, data: '', error, message: error } });
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe.each(PREFIXES)('the topic rewrite endpoints under %s', (prefix) => {
  it('create, list and delete a rule, each change visible in the very next list', async () => {
    const tenant = await newTenant();
    const before = nowSeconds();

    expectSuccess(await create(rule(tenant, 'r1', { desc: 'move x to z', action: 'Publish' }), prefix));

    const listed = await list({ tenant }, prefix);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      code: 0,
      data: {
        data: [
          {
            name: 'r1',
            desc: 'move x to z',
            tenant,
            action: 'Publish',
            source_topic: 'x/#',
            dest_topic: 'z/y/$1',
            regex: '^x/y/(.+)$',
            create_time: expect.any(Number),
          },
        ],
        total_count: 1,
      },
      error: null,
    });
    const [row] = listed.body.data.data;
    expect(Object.keys(row)).toEqual(ROW_KEYS);
    expect(row.create_time).toBeGreaterThanOrEqual(before);
    expect(row.create_time).toBeLessThanOrEqual(nowSeconds());

    expectSuccess(await remove({ tenant, name: 'r1' }, prefix));
    expect((await list({ tenant }, prefix)).body.data).toEqual({ data: [], total_count: 0 });
  });

  it('a rule created here is the same rule under the other path; a second create is refused (409)', async () => {
    const tenant = await newTenant();
    expectSuccess(await create(rule(tenant, 'shared'), prefix));

    for (const other of PREFIXES) {
      expect(ruleNames(await list({ tenant }, other))).toEqual(['shared']);
      expectFailure(await create(rule(tenant, 'shared'), other), 409, `topic rewrite rule shared already exists in tenant ${tenant}`);
    }
  });

  it('refuses a delete of a missing rule, and a create in a tenant that does not exist (404)', async () => {
    const tenant = await newTenant();
    const ghost = uniqueName('ghost');

    expectFailure(await remove({ tenant, name: 'nope' }, prefix), 404, `topic rewrite rule nope not found in tenant ${tenant}`);
    expectFailure(await create(rule(ghost, 'r'), prefix), 404, `tenant ${ghost} not found`);
  });

  it('validates the body before anything else (400)', async () => {
    expectFailure(await create({ ...rule('default', 'r'), action: 'all' }, prefix), 400, 'action: must be one of All, Publish, Subscribe');
    expectFailure(await remove({ tenant: 'default' }, prefix), 400, 'name: is required');
  });
});

describe('creating a rule', () => {
  it('accepts each action, an omitted or null desc as empty, and ignores fields it does not know', async () => {
    const tenant = await newTenant();

    expectSuccess(await create(rule(tenant, 'all', { action: 'All' })));
    expectSuccess(await create(rule(tenant, 'pub', { action: 'Publish', desc: null })));
    expectSuccess(await create(rule(tenant, 'sub', { action: 'Subscribe', owner: 'x' })));

    const rows = (await list({ tenant })).body.data.data;
    expect(rows.map((row: { name: string; action: string; desc: string }) => [row.name, row.action, row.desc])).toEqual([
      ['all', 'All', ''],
      ['pub', 'Publish', ''],
      ['sub', 'Subscribe', ''],
    ]);
  });

  it('is identified by (tenant, name): the same name in two tenants is two rules', async () => {
    const first = await newTenant();
    const second = await newTenant();

    expectSuccess(await create(rule(first, 'same')));
    expectSuccess(await create(rule(second, 'same', { action: 'Subscribe' })));
    expectSuccess(await remove({ tenant: first, name: 'same' }));

    expect((await list({ tenant: second })).body.data.data).toMatchObject([{ tenant: second, name: 'same', action: 'Subscribe' }]);
    expect((await list({ tenant: first })).body.data.total_count).toBe(0);
  });

  it('works again after the rule was deleted, with the new values', async () => {
    const tenant = await newTenant();
    expectSuccess(await create(rule(tenant, 'again', { desc: 'old' })));
    expectSuccess(await remove({ tenant, name: 'again' }));
    expectFailure(await remove({ tenant, name: 'again' }), 404, `topic rewrite rule again not found in tenant ${tenant}`);

    expectSuccess(await create(rule(tenant, 'again', { desc: 'new', regex: '^(.*)$' })));

    expect((await list({ tenant })).body.data.data).toMatchObject([{ name: 'again', desc: 'new', regex: '^(.*)$' }]);
  });

  it('accepts the boundary values: 256-character names and topics, a 500-character regex', async () => {
    const tenant = await newTenant();
    const name = 'n'.repeat(256);
    const regex = `^${'a'.repeat(498)}$`;
    expect(regex).toHaveLength(500);

    expectSuccess(await create(rule(tenant, name, { source_topic: 's'.repeat(256), dest_topic: 'd'.repeat(256), regex })));

    expect((await list({ tenant })).body.data.data).toMatchObject([{ name, regex }]);
  });

  it('by 10 clients at once with the same new name succeeds exactly once; the other nine get 409', async () => {
    const tenant = await newTenant();

    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) => create(rule(tenant, 'race', { desc: `client ${index}` }))),
    );

    expect(responses.map((response) => response.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    expect((await list({ tenant })).body.data.total_count).toBe(1);
  });
});

describe('validation', () => {
  const base = rule('default', 'valid');
  const invalidCreates: [string, Record<string, unknown>, string][] = [
    ['tenant is missing', { ...base, tenant: undefined }, 'tenant: is required'],
    ['tenant is empty', { ...base, tenant: '' }, 'tenant: length must be 1-128'],
    ['tenant has 129 characters', { ...base, tenant: 't'.repeat(129) }, 'tenant: length must be 1-128'],
    ['name is missing', { ...base, name: undefined }, 'name: is required'],
    ['name is null', { ...base, name: null }, 'name: is required'],
    ['name has 257 characters', { ...base, name: 'n'.repeat(257) }, 'name: length must be 1-256'],
    ['name contains a NUL character', { ...base, name: 'a\u0000' }, `name: ${TEXT_RULE}`],
    ['desc has 501 characters', { ...base, desc: 'd'.repeat(501) }, 'desc: length must be at most 500'],
    ['desc is a number', { ...base, desc: 1 }, 'desc: must be a string'],
    ['action is missing', { ...base, action: undefined }, 'action: is required'],
    ['action is in the wrong case', { ...base, action: 'publish' }, 'action: must be one of All, Publish, Subscribe'],
    ['action is a number', { ...base, action: 1 }, 'action: must be one of All, Publish, Subscribe'],
    ['source_topic is missing', { ...base, source_topic: undefined }, 'source_topic: is required'],
    ['source_topic is empty', { ...base, source_topic: '' }, 'source_topic: length must be 1-256'],
    ['source_topic has 257 characters', { ...base, source_topic: 's'.repeat(257) }, 'source_topic: length must be 1-256'],
    ['source_topic has # inside a level', { ...base, source_topic: 'a/b#' }, "source_topic: '#' must be a whole level"],
    ['source_topic has # before the last level', { ...base, source_topic: 'a/#/b' }, "source_topic: '#' must be the last level"],
    ['source_topic has + inside a level', { ...base, source_topic: 'a+/b' }, "source_topic: '+' must be a whole level"],
    ['dest_topic is missing', { ...base, dest_topic: undefined }, 'dest_topic: is required'],
    ['dest_topic has a wildcard', { ...base, dest_topic: 'z/+' }, "dest_topic: must not contain wildcards ('+' or '#')"],
    ['dest_topic contains a NUL character', { ...base, dest_topic: 'z\u0000' }, `dest_topic: ${TEXT_RULE}`],
    ['regex is missing', { ...base, regex: undefined }, 'regex: is required'],
    ['regex is a number', { ...base, regex: 7 }, 'regex: must be a string'],
    ['regex is empty', { ...base, regex: '' }, 'regex: must not be empty'],
    ['regex has 501 characters', { ...base, regex: 'a'.repeat(501) }, 'regex: must be at most 500 characters'],
    [
      'regex does not compile',
      { ...base, regex: '(unclosed' },
      'regex: must be a valid regular expression (Invalid regular expression: /(unclosed/u: Unterminated group)',
    ],
    [
      'regex nests quantifiers',
      { ...base, regex: '^(a+)+$' },
      'regex: must not nest quantifiers (like (a+)+): it could take exponential time',
    ],
    [
      'regex repeats an alternation',
      { ...base, regex: '^(a|ab)*$' },
      'regex: must not repeat an alternation without bound (like (a|b)*): it could take exponential time; use a character class',
    ],
    ['regex uses a backreference', { ...base, regex: '^(a)\\1$' }, 'regex: must not use backreferences (the broker cannot run them)'],
    ['regex uses a lookahead', { ...base, regex: '^(?=a)a$' }, 'regex: must not use lookahead or lookbehind (the broker cannot run them)'],
    [
      'several fields break a rule',
      { ...base, tenant: '', action: 'None', source_topic: '#/a', regex: '(' },
      "tenant: length must be 1-128; action: must be one of All, Publish, Subscribe; source_topic: '#' must be the last level; regex: must be a valid regular expression (Invalid regular expression: /(/u: Unterminated group)",
    ],
  ];

  it.each(invalidCreates)('create answers 400 when %s, and stores nothing', async (_case, body, error) => {
    expectFailure(await create(body), 400, error);
    expect(ruleNames(await list({ tenant: 'default', name: 'valid' }))).toEqual([]);
  });

  it.each([
    ['the body is empty', {}, 'tenant: is required; name: is required'],
    ['name is empty', { tenant: 'default', name: '' }, 'name: length must be 1-256'],
    ['tenant is a number', { tenant: 1, name: 'r' }, 'tenant: must be a string'],
  ])('delete answers 400 when %s', async (_case, body, error) => {
    expectFailure(await remove(body), 400, error);
  });

  it('malformed bodies and odd inputs never cause a 500', async () => {
    const responses = [
      await app.send('POST', `${CLUSTER}/create`, '{"name":', { 'content-type': 'application/json' }),
      await app.send('POST', `${CLUSTER}/create`, '"text"', { 'content-type': 'application/json' }),
      await create({ ...base, regex: { source: 'a' } }),
      await create({ ...base, tenant: '__proto__', name: 'constructor' }),
      await remove({ tenant: 'constructor', name: '__proto__' }),
      await list({ tenant: '__proto__', name: '%\\_', sort_field: 'hasOwnProperty' }),
    ];
    for (const response of responses) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.body).toMatchObject({ code: 100, data: '' });
    }
  });
});

describe('listing rules', () => {
  it('filters by a case-insensitive substring of the tenant and of the name', async () => {
    const marker = uniqueName('Filter');
    const first = `${marker}-one`;
    const second = `${marker}-two`;
    for (const tenant_name of [first, second]) expectSuccess(await app.post('/api/cluster/tenant/create', { tenant_name }));
    expectSuccess(await create(rule(first, 'Alpha')));
    expectSuccess(await create(rule(first, 'beta')));
    expectSuccess(await create(rule(second, 'alphabet')));

    expect((await list({ tenant: marker.toUpperCase() })).body.data.total_count).toBe(3);
    expect(ruleNames(await list({ tenant: marker, name: 'ALPHA' }))).toEqual(['Alpha', 'alphabet']);
    expect(ruleNames(await list({ tenant: `${marker}-TWO` }))).toEqual(['alphabet']);
    expect((await list({ tenant: marker, name: '%' })).body.data).toEqual({ data: [], total_count: 0 });
  });

  it('sorts by each whitelisted field, ascending by default or as sort_by says; without sort_field in (tenant, name) order', async () => {
    const tenant = await newTenant();
    expectSuccess(await create(rule(tenant, 'b', { action: 'Subscribe', source_topic: 'a/#', dest_topic: 'c' })));
    expectSuccess(await create(rule(tenant, 'c', { action: 'All', source_topic: 'b/#', dest_topic: 'a' })));
    expectSuccess(await create(rule(tenant, 'a', { action: 'Publish', source_topic: 'c/#', dest_topic: 'b' })));

    expect(ruleNames(await list({ tenant }))).toEqual(['a', 'b', 'c']);
    expect(ruleNames(await list({ tenant, sort_field: 'name', sort_by: 'desc' }))).toEqual(['c', 'b', 'a']);
    expect(ruleNames(await list({ tenant, sort_field: 'tenant' }))).toEqual(['a', 'b', 'c']);
    expect(ruleNames(await list({ tenant, sort_field: 'source_topic' }))).toEqual(['b', 'c', 'a']);
    expect(ruleNames(await list({ tenant, sort_field: 'dest_topic' }))).toEqual(['c', 'a', 'b']);
    expect(ruleNames(await list({ tenant, sort_field: 'action', sort_by: 'asc' }))).toEqual(['c', 'a', 'b']);
    expect(ruleNames(await list({ tenant, sort_field: 'action', sort_by: 'desc' }))).toEqual(['b', 'a', 'c']);
  });

  it('pages from page 1; a page past the end is empty but still counts every match; the dashboard’s pagination works', async () => {
    const tenant = await newTenant();
    for (const name of ['r0', 'r1', 'r2', 'r3', 'r4']) expectSuccess(await create(rule(tenant, name)));

    expect((await list({ tenant, limit: 2, page: 2 })).body.data).toMatchObject({ total_count: 5 });
    expect(ruleNames(await list({ tenant, limit: 2, page: 2 }))).toEqual(['r2', 'r3']);
    expect((await list({ tenant, limit: 2, page: 9 })).body.data).toEqual({ data: [], total_count: 5 });
    expect(ruleNames(await list({ tenant, 'pagination[limit]': 3, 'pagination[offset]': 3 }))).toEqual(['r3', 'r4']);
  });

  it('refuses an unknown sort_field, sort_by or limit (400)', async () => {
    expectFailure(await list({ sort_field: 'regex' }), 400, 'sort_field: must be one of name, tenant, source_topic, dest_topic, action');
    expectFailure(await list({ sort_by: 'ASC' }), 400, 'sort_by: must be asc or desc');
    expectFailure(await list({ limit: 0 }), 400, 'limit: must be an integer 1-1000');
  });
});

describe('read-your-writes', () => {
  it('every create and delete answers applied with its log position, and is in the very next list', async () => {
    const tenant = await newTenant();
    for (let index = 0; index < 3; index++) {
      const response = await create(rule(tenant, `ryw-${index}`));
      expectSuccess(response);
      expect(response.headers.get('x-read-your-writes')).toBe('applied');
      expect(response.headers.get('x-event-position')).toMatch(/^[1-9]\d*$/);
      expect((await list({ tenant })).body.data.total_count).toBe(index + 1);
    }
    expectSuccess(await remove({ tenant, name: 'ryw-0' }));
    expect(ruleNames(await list({ tenant }))).toEqual(['ryw-1', 'ryw-2']);
  });
});
