// The tenant endpoints over HTTP, against the whole service and a real Postgres (API-CONTRACT §1-§3, §5).
import { randomBytes } from 'node:crypto';
import { type HttpResult, startTestApp, type TestApp } from '../support/app.js';

const CLUSTER = '/api/cluster/tenant';
const PREFIXES = [CLUSTER, '/api/tenant', '/api/mqtt/tenant'] as const;

const DEFAULT_CONFIG = {
  max_connections_per_node: 10_000_000,
  max_create_connection_rate_per_second: 10_000,
  max_topics: 5_000_000,
  max_sessions: 50_000_000,
  max_publish_rate: 10_000,
};
const U32_MAX = 4_294_967_295;
const U64_MAX = Number.MAX_SAFE_INTEGER; // the largest integer a JSON number carries exactly
const U32_RULE = `must be an integer 0-${U32_MAX}`;
const U64_RULE = `must be an integer 0-${U64_MAX}`;
const TEXT_RULE = 'must not contain NUL characters or unpaired surrogates';
const SUCCESS = { code: 0, data: 'success', error: null };

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

/** A tenant name no other test uses, so tests never depend on each other. */
const uniqueName = (label = 'tenant') => `${label}-${randomBytes(5).toString('hex')}`;

const create = (body: unknown, prefix: string = CLUSTER) => app.post(`${prefix}/create`, body);
const update = (body: unknown, prefix: string = CLUSTER) => app.post(`${prefix}/update`, body);
const remove = (body: unknown, prefix: string = CLUSTER) => app.post(`${prefix}/delete`, body);
const list = (params: Record<string, string | number> = {}, prefix: string = CLUSTER) =>
  app.get(`${prefix}/list?${new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]))}`);

/** The list page whose filter is exactly this tenant's name, and the row for that name if there is one. */
async function findTenant(name: string, prefix: string = CLUSTER) {
  const response = await list({ tenant_name: name }, prefix);
  expectListPage(response);
  return response.body.data.data.find((row: { tenant_name: string }) => row.tenant_name === name);
}

const names = (response: HttpResult): string[] => response.body.data.data.map((row: { tenant_name: string }) => row.tenant_name);

function expectJsonContentType(response: HttpResult) {
  expect(response.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
}

function expectSuccess(response: HttpResult) {
  expect({ status: response.status, body: response.body }).toEqual({ status: 200, body: SUCCESS });
  expect(Object.keys(response.body)).toEqual(['code', 'data', 'error']);
  expectJsonContentType(response);
}

/** An error repeats its text as `message`, which the RobustMQ dashboard shows in its error toast (API-CONTRACT §1). */
function expectFailure(response: HttpResult, status: number, error: string) {
  expect({ status: response.status, body: response.body }).toEqual({ status, body: { code: 100, data: '', error, message: error } });
  expect(Object.keys(response.body)).toEqual(['code', 'data', 'error', 'message']);
  expectJsonContentType(response);
}

function expectListPage(response: HttpResult) {
  expect(response.status).toBe(200);
  expectJsonContentType(response);
  expect(response.body).toEqual({ code: 0, data: { data: expect.any(Array), total_count: expect.any(Number) }, error: null });
  expect(Object.keys(response.body)).toEqual(['code', 'data', 'error']);
}

function eventPosition(response: HttpResult): number {
  const header = response.headers.get('x-event-position');
  expect(header).toMatch(/^[1-9]\d*$/);
  return Number(header);
}

async function createAll(tenantNames: string[]) {
  for (let start = 0; start < tenantNames.length; start += 20) {
    const responses = await Promise.all(tenantNames.slice(start, start + 20).map((tenant_name) => create({ tenant_name })));
    for (const response of responses) expectSuccess(response);
  }
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('the default tenant', () => {
  it('exists from the first start, with the description "Default tenant" and the default quotas', async () => {
    const response = await list({ tenant_name: 'default' });

    expectListPage(response);
    const row = response.body.data.data.find((tenant: { tenant_name: string }) => tenant.tenant_name === 'default');
    expect(row).toEqual({ tenant_name: 'default', desc: 'Default tenant', config: DEFAULT_CONFIG, create_time: expect.any(Number) });
    expect(row.create_time).toBeGreaterThan(1_700_000_000);
    expect(row.create_time).toBeLessThanOrEqual(nowSeconds());
  });

  it.each(PREFIXES)('cannot be deleted through %s/delete', async (prefix) => {
    expectFailure(await remove({ tenant_name: 'default' }, prefix), 400, 'tenant default cannot be deleted');

    expect(await findTenant('default')).toMatchObject({ tenant_name: 'default', desc: 'Default tenant' });
  });
});

describe.each(PREFIXES)('the tenant endpoints under %s', (prefix) => {
  it('create, list, update and delete a tenant, each change visible in the very next list', async () => {
    const tenant_name = uniqueName('lifecycle');
    const before = nowSeconds();

    expectSuccess(
      await create({ tenant_name, desc: 'Business A tenant', config: { max_topics: 100_000, max_publish_rate: 5_000 } }, prefix),
    );
    const created = await list({ tenant_name }, prefix);
    expectListPage(created);
    expect(created.body.data).toEqual({
      data: [
        {
          tenant_name,
          desc: 'Business A tenant',
          config: { ...DEFAULT_CONFIG, max_topics: 100_000, max_publish_rate: 5_000 },
          create_time: expect.any(Number),
        },
      ],
      total_count: 1,
    });
    const row = created.body.data.data[0];
    expect(Object.keys(row)).toEqual(['tenant_name', 'desc', 'config', 'create_time']);
    expect(Object.keys(row.config)).toEqual(Object.keys(DEFAULT_CONFIG)); // in the API document's order
    expect(row.create_time).toBeGreaterThanOrEqual(before);
    expect(row.create_time).toBeLessThanOrEqual(nowSeconds());

    expectSuccess(
      await update({ tenant_name, desc: 'Business A tenant (updated)', config: { max_connections_per_node: 100_000 } }, prefix),
    );
    expect(await findTenant(tenant_name, prefix)).toEqual({
      tenant_name,
      desc: 'Business A tenant (updated)',
      config: { ...DEFAULT_CONFIG, max_topics: 100_000, max_publish_rate: 5_000, max_connections_per_node: 100_000 },
      create_time: row.create_time,
    });

    expectSuccess(await remove({ tenant_name }, prefix));
    const after = await list({ tenant_name }, prefix);
    expectListPage(after);
    expect(after.body.data).toEqual({ data: [], total_count: 0 });
  });

  it('a tenant created here is the same tenant under the other two paths', async () => {
    const tenant_name = uniqueName('alias');
    expectSuccess(await create({ tenant_name, desc: 'seen everywhere' }, prefix));

    for (const other of PREFIXES) {
      expect(await findTenant(tenant_name, other)).toMatchObject({ tenant_name, desc: 'seen everywhere' });
      expectFailure(await create({ tenant_name }, other), 409, `tenant ${tenant_name} already exists`);
    }
  });

  it('refuses to update or delete a tenant that does not exist (404)', async () => {
    const tenant_name = uniqueName('ghost');

    expectFailure(await update({ tenant_name, desc: 'x' }, prefix), 404, `tenant ${tenant_name} not found`);
    expectFailure(await remove({ tenant_name }, prefix), 404, `tenant ${tenant_name} not found`);
  });

  it('validates the request body before anything else', async () => {
    expectFailure(await create({ desc: 'no name' }, prefix), 400, 'tenant_name: is required');
    expectFailure(await update({ tenant_name: '' }, prefix), 400, 'tenant_name: length must be 1-128');
    expectFailure(await remove({ tenant_name: 7 }, prefix), 400, 'tenant_name: must be a string');
  });

  it('rejects a list query it cannot answer (400)', async () => {
    expectFailure(await list({ sort_field: 'desc' }, prefix), 400, 'sort_field: must be one of tenant_name');
  });
});

describe('creating a tenant', () => {
  it('without desc or config gives an empty description and the default quotas', async () => {
    const tenant_name = uniqueName('bare');

    expectSuccess(await create({ tenant_name }));

    expect(await findTenant(tenant_name)).toEqual({ tenant_name, desc: '', config: DEFAULT_CONFIG, create_time: expect.any(Number) });
  });

  it('with every quota given stores exactly those quotas', async () => {
    const tenant_name = uniqueName('full');
    const config = {
      max_connections_per_node: 10_000,
      max_create_connection_rate_per_second: 100,
      max_topics: 10_000,
      max_sessions: 10_000,
      max_publish_rate: 10_000,
    };

    expectSuccess(await create({ tenant_name, desc: '', config }));

    expect(await findTenant(tenant_name)).toEqual({ tenant_name, desc: '', config, create_time: expect.any(Number) });
  });

  it('treats null desc, null config and null quota fields as absent', async () => {
    const first = uniqueName('nulls');
    const second = uniqueName('null-fields');

    expectSuccess(await create({ tenant_name: first, desc: null, config: null }));
    expectSuccess(await create({ tenant_name: second, config: { max_topics: null, max_sessions: 7 } }));

    expect(await findTenant(first)).toEqual({ tenant_name: first, desc: '', config: DEFAULT_CONFIG, create_time: expect.any(Number) });
    expect(await findTenant(second)).toMatchObject({ config: { ...DEFAULT_CONFIG, max_sessions: 7 } });
  });

  it('ignores fields it does not know, in the body and in config', async () => {
    const tenant_name = uniqueName('extra');

    expectSuccess(await create({ tenant_name, desc: 'd', owner: 'someone', config: { max_topics: 3, max_queues: 9 } }));

    expect(await findTenant(tenant_name)).toEqual({
      tenant_name,
      desc: 'd',
      config: { ...DEFAULT_CONFIG, max_topics: 3 },
      create_time: expect.any(Number),
    });
  });

  it('accepts the boundary values: 128-character names, 500-character descriptions, 0 and the largest quotas', async () => {
    const tenant_name = `${uniqueName('long')}-`.padEnd(128, 'n');
    const config = {
      max_connections_per_node: U64_MAX,
      max_create_connection_rate_per_second: U32_MAX,
      max_topics: 0,
      max_sessions: U64_MAX,
      max_publish_rate: U32_MAX,
    };

    expectSuccess(await create({ tenant_name, desc: 'd'.repeat(500), config }));

    expect(await findTenant(tenant_name)).toEqual({ tenant_name, desc: 'd'.repeat(500), config, create_time: expect.any(Number) });
  });

  it('counts the length of a name and a description in characters, not bytes', async () => {
    // 128 emoji are 256 UTF-16 units and 512 UTF-8 bytes, but 128 characters.
    const tenant_name = `${randomBytes(4).toString('hex')}-${'😀'.repeat(119)}`;
    expect([...tenant_name]).toHaveLength(128);
    const desc = 'é'.repeat(250) + '中'.repeat(250);

    expectSuccess(await create({ tenant_name, desc }));
    expect(await findTenant(tenant_name)).toMatchObject({ tenant_name, desc });

    expectFailure(await create({ tenant_name: `${tenant_name}😀` }), 400, 'tenant_name: length must be 1-128');
    expectFailure(await create({ tenant_name: uniqueName(), desc: `${desc}中` }), 400, 'desc: length must be at most 500');
  });

  it('counts a character and its variation selector as two characters, as RobustMQ and the event schemas do', async () => {
    const exactly128 = `${randomBytes(4).toString('hex')}${'a\uFE0F'.repeat(60)}`;
    expect([...exactly128]).toHaveLength(128);
    expectSuccess(await create({ tenant_name: exactly128 }));
    expectFailure(await create({ tenant_name: `${exactly128}\uFE0F` }), 400, 'tenant_name: length must be 1-128');
    expectFailure(await create({ tenant_name: uniqueName(), desc: '\u2764\uFE0F'.repeat(251) }), 400, 'desc: length must be at most 500');
  });

  it('refuses a name that is already taken (409) and leaves the existing tenant untouched', async () => {
    const tenant_name = uniqueName('taken');
    expectSuccess(await create({ tenant_name, desc: 'first' }));

    expectFailure(await create({ tenant_name, desc: 'second', config: { max_topics: 1 } }), 409, `tenant ${tenant_name} already exists`);

    expect(await findTenant(tenant_name)).toMatchObject({ desc: 'first', config: DEFAULT_CONFIG });
  });

  it('works again after the tenant was deleted, with the new values only', async () => {
    const tenant_name = uniqueName('reborn');
    expectSuccess(await create({ tenant_name, desc: 'old', config: { max_topics: 1, max_sessions: 2 } }));
    expectSuccess(await remove({ tenant_name }));

    expectSuccess(await create({ tenant_name, desc: 'new', config: { max_publish_rate: 3 } }));

    expect(await findTenant(tenant_name)).toEqual({
      tenant_name,
      desc: 'new',
      config: { ...DEFAULT_CONFIG, max_publish_rate: 3 },
      create_time: expect.any(Number),
    });
  });

  it('by 10 clients at once with the same new name succeeds exactly once; the other nine get 409', async () => {
    const tenant_name = uniqueName('race');

    const responses = await Promise.all(Array.from({ length: 10 }, (_, client) => create({ tenant_name, desc: `client ${client}` })));

    expect(responses.map((response) => response.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    for (const response of responses) {
      if (response.status === 200) expectSuccess(response);
      else expectFailure(response, 409, `tenant ${tenant_name} already exists`);
    }
    const winner = responses.findIndex((response) => response.status === 200);
    const page = await list({ tenant_name });
    expect(page.body.data).toEqual({
      data: [{ tenant_name, desc: `client ${winner}`, config: DEFAULT_CONFIG, create_time: expect.any(Number) }],
      total_count: 1,
    });
  });
});

describe('validation of create and update bodies', () => {
  const invalidBodies: [string, Record<string, unknown>, string][] = [
    ['tenant_name is missing', { desc: 'x' }, 'tenant_name: is required'],
    ['tenant_name is null', { tenant_name: null }, 'tenant_name: is required'],
    ['tenant_name is a number', { tenant_name: 42 }, 'tenant_name: must be a string'],
    ['tenant_name is an array', { tenant_name: ['a'] }, 'tenant_name: must be a string'],
    ['tenant_name is empty', { tenant_name: '' }, 'tenant_name: length must be 1-128'],
    ['tenant_name has 129 characters', { tenant_name: 'n'.repeat(129) }, 'tenant_name: length must be 1-128'],
    ['tenant_name contains a NUL character', { tenant_name: 'a\u0000b' }, `tenant_name: ${TEXT_RULE}`],
    ['tenant_name contains an unpaired surrogate', { tenant_name: 'a\ud800b' }, `tenant_name: ${TEXT_RULE}`],
    ['desc has 501 characters', { tenant_name: 'valid-name', desc: 'd'.repeat(501) }, 'desc: length must be at most 500'],
    ['desc is a number', { tenant_name: 'valid-name', desc: 5 }, 'desc: must be a string'],
    ['desc contains a NUL character', { tenant_name: 'valid-name', desc: 'line\u0000' }, `desc: ${TEXT_RULE}`],
    ['desc contains an unpaired surrogate', { tenant_name: 'valid-name', desc: '\udc00 alone' }, `desc: ${TEXT_RULE}`],
    ['config is a string', { tenant_name: 'valid-name', config: 'big' }, 'config: must be an object'],
    ['config is a number', { tenant_name: 'valid-name', config: 10 }, 'config: must be an object'],
    ['config is an array', { tenant_name: 'valid-name', config: [{ max_topics: 1 }] }, 'config: must be an object'],
    ['a u64 quota is negative', { tenant_name: 'valid-name', config: { max_topics: -1 } }, `config.max_topics: ${U64_RULE}`],
    ['a u64 quota is a fraction', { tenant_name: 'valid-name', config: { max_sessions: 1.5 } }, `config.max_sessions: ${U64_RULE}`],
    [
      'a u64 quota is a string',
      { tenant_name: 'valid-name', config: { max_connections_per_node: '100' } },
      `config.max_connections_per_node: ${U64_RULE}`,
    ],
    ['a u64 quota is a boolean', { tenant_name: 'valid-name', config: { max_topics: true } }, `config.max_topics: ${U64_RULE}`],
    [
      'a u64 quota is above 2^53-1',
      { tenant_name: 'valid-name', config: { max_sessions: U64_MAX + 1 } },
      `config.max_sessions: ${U64_RULE}`,
    ],
    ['a u64 quota is 1e300', { tenant_name: 'valid-name', config: { max_topics: 1e300 } }, `config.max_topics: ${U64_RULE}`],
    ['a u32 quota is negative', { tenant_name: 'valid-name', config: { max_publish_rate: -5 } }, `config.max_publish_rate: ${U32_RULE}`],
    ['a u32 quota is a fraction', { tenant_name: 'valid-name', config: { max_publish_rate: 0.5 } }, `config.max_publish_rate: ${U32_RULE}`],
    [
      'a u32 quota is a string',
      { tenant_name: 'valid-name', config: { max_create_connection_rate_per_second: '10' } },
      `config.max_create_connection_rate_per_second: ${U32_RULE}`,
    ],
    [
      'a u32 quota is 2^32',
      { tenant_name: 'valid-name', config: { max_create_connection_rate_per_second: U32_MAX + 1 } },
      `config.max_create_connection_rate_per_second: ${U32_RULE}`,
    ],
    [
      'tenant_name is empty and desc too long',
      { tenant_name: '', desc: 'd'.repeat(501) },
      'tenant_name: length must be 1-128; desc: length must be at most 500',
    ],
    [
      'three fields break a rule',
      { tenant_name: 3, desc: [], config: 'x' },
      'tenant_name: must be a string; desc: must be a string; config: must be an object',
    ],
    [
      'two quotas break a rule',
      { tenant_name: 'valid-name', config: { max_topics: -1, max_publish_rate: 'fast' } },
      `config.max_topics: ${U64_RULE}; config.max_publish_rate: ${U32_RULE}`,
    ],
  ];

  it.each(invalidBodies)('create answers 400 when %s', async (_case, body, error) => {
    expectFailure(await create(body), 400, error);
  });

  it.each(invalidBodies)('update answers 400 when %s', async (_case, body, error) => {
    expectFailure(await update(body), 400, error);
  });

  it('nothing is stored when a create is refused', async () => {
    const tenant_name = uniqueName('refused');

    expectFailure(await create({ tenant_name, config: { max_topics: -1 } }), 400, `config.max_topics: ${U64_RULE}`);

    expect(await findTenant(tenant_name)).toBeUndefined();
  });

  it('nothing changes when an update is refused', async () => {
    const tenant_name = uniqueName('kept');
    expectSuccess(await create({ tenant_name, desc: 'kept' }));

    expectFailure(
      await update({ tenant_name, desc: 'changed', config: { max_publish_rate: U32_MAX + 1 } }),
      400,
      `config.max_publish_rate: ${U32_RULE}`,
    );

    expect(await findTenant(tenant_name)).toMatchObject({ desc: 'kept', config: DEFAULT_CONFIG });
  });

  it.each([
    ['tenant_name is missing', {}, 'tenant_name: is required'],
    ['tenant_name is null', { tenant_name: null }, 'tenant_name: is required'],
    ['tenant_name is a number', { tenant_name: 1 }, 'tenant_name: must be a string'],
    ['tenant_name is empty', { tenant_name: '' }, 'tenant_name: length must be 1-128'],
    ['tenant_name has 129 characters', { tenant_name: 'n'.repeat(129) }, 'tenant_name: length must be 1-128'],
    ['tenant_name contains a NUL character', { tenant_name: 'a\u0000b' }, `tenant_name: ${TEXT_RULE}`],
  ])('delete answers 400 when %s', async (_case, body, error) => {
    expectFailure(await remove(body), 400, error);
  });

  it('delete ignores fields it does not know', async () => {
    const tenant_name = uniqueName('delete-extra');
    expectSuccess(await create({ tenant_name }));

    expectSuccess(await remove({ tenant_name, cascade: true, desc: 7 }));

    expect(await findTenant(tenant_name)).toBeUndefined();
  });
});

describe('updating a tenant', () => {
  const original = {
    max_connections_per_node: 1_000,
    max_create_connection_rate_per_second: 20,
    max_topics: 300,
    max_sessions: 4_000,
    max_publish_rate: 50,
  };

  async function createOriginal() {
    const tenant_name = uniqueName('merge');
    expectSuccess(await create({ tenant_name, desc: 'original', config: original }));
    return tenant_name;
  }

  it('keeps the description when desc is omitted', async () => {
    const tenant_name = await createOriginal();

    expectSuccess(await update({ tenant_name, config: { max_topics: 301 } }));

    expect(await findTenant(tenant_name)).toMatchObject({ desc: 'original', config: { ...original, max_topics: 301 } });
  });

  it('keeps the description when desc is null', async () => {
    const tenant_name = await createOriginal();

    expectSuccess(await update({ tenant_name, desc: null, config: { max_sessions: 4_001 } }));

    expect(await findTenant(tenant_name)).toMatchObject({ desc: 'original', config: { ...original, max_sessions: 4_001 } });
  });

  it('clears the description when desc is an empty string', async () => {
    const tenant_name = await createOriginal();

    expectSuccess(await update({ tenant_name, desc: '' }));

    expect(await findTenant(tenant_name)).toMatchObject({ desc: '', config: original });
  });

  it('keeps every quota when config is omitted or null', async () => {
    const tenant_name = await createOriginal();

    expectSuccess(await update({ tenant_name, desc: 'renamed' }));
    expect(await findTenant(tenant_name)).toMatchObject({ desc: 'renamed', config: original });

    expectSuccess(await update({ tenant_name, desc: 'renamed again', config: null }));
    expect(await findTenant(tenant_name)).toMatchObject({ desc: 'renamed again', config: original });
  });

  it('changes only the quotas it is given; omitted and null quotas keep their current values', async () => {
    const tenant_name = await createOriginal();

    expectSuccess(await update({ tenant_name, config: { max_connections_per_node: 100_000, max_publish_rate: 20_000, max_topics: null } }));

    expect(await findTenant(tenant_name)).toEqual({
      tenant_name,
      desc: 'original',
      config: { ...original, max_connections_per_node: 100_000, max_publish_rate: 20_000 },
      create_time: expect.any(Number),
    });
  });

  it('keeps the creation time', async () => {
    const tenant_name = await createOriginal();
    const { create_time } = await findTenant(tenant_name);

    expectSuccess(await update({ tenant_name, desc: 'later' }));

    expect(await findTenant(tenant_name)).toMatchObject({ desc: 'later', create_time });
  });

  it('that changes nothing still answers success', async () => {
    const tenant_name = await createOriginal();

    expectSuccess(await update({ tenant_name }));
    expectSuccess(await update({ tenant_name, desc: 'original', config: { max_topics: 300 } }));

    expect(await findTenant(tenant_name)).toMatchObject({ desc: 'original', config: original });
  });

  it('by three clients at once, each changing a different quota, keeps all three changes', async () => {
    const tenant_name = await createOriginal();

    const responses = await Promise.all([
      update({ tenant_name, config: { max_topics: 1 } }),
      update({ tenant_name, config: { max_sessions: 2 } }),
      update({ tenant_name, config: { max_publish_rate: 3 } }),
    ]);

    for (const response of responses) expectSuccess(response);
    expect(await findTenant(tenant_name)).toMatchObject({ config: { ...original, max_topics: 1, max_sessions: 2, max_publish_rate: 3 } });
  });
});

describe('deleting a tenant', () => {
  it('removes it from the list at once, and a second delete answers 404', async () => {
    const tenant_name = uniqueName('delete');
    expectSuccess(await create({ tenant_name }));

    expectSuccess(await remove({ tenant_name }));
    expect(await findTenant(tenant_name)).toBeUndefined();

    expectFailure(await remove({ tenant_name }), 404, `tenant ${tenant_name} not found`);
    expectFailure(await update({ tenant_name, desc: 'too late' }), 404, `tenant ${tenant_name} not found`);
  });
});

describe('read-your-writes', () => {
  it('a tenant created is in the very next list, with no waiting in between', async () => {
    for (let round = 0; round < 5; round++) {
      const tenant_name = uniqueName('ryw');
      const created = await create({ tenant_name, desc: `round ${round}` });
      expectSuccess(created);
      expect(created.headers.get('x-read-your-writes')).toBe('applied');

      const page = await list({ tenant_name });

      expect(page.body.data).toEqual({
        data: [{ tenant_name, desc: `round ${round}`, config: DEFAULT_CONFIG, create_time: expect.any(Number) }],
        total_count: 1,
      });
    }
  });

  it('every write answers with its position in the event log, and the position grows with each write', async () => {
    const tenant_name = uniqueName('position');
    const other = uniqueName('position');

    const positions = [
      eventPosition(await create({ tenant_name })),
      eventPosition(await update({ tenant_name, desc: 'changed' })),
      eventPosition(await create({ tenant_name: other }, '/api/tenant')),
      eventPosition(await update({ tenant_name: other, config: { max_topics: 9 } }, '/api/mqtt/tenant')),
      eventPosition(await remove({ tenant_name })),
      eventPosition(await remove({ tenant_name: other }, '/api/tenant')),
      eventPosition(await create({ tenant_name })),
    ];

    for (let index = 1; index < positions.length; index++) expect(positions[index]).toBeGreaterThan(positions[index - 1]!);
  });
});

describe('listing tenants', () => {
  it('filters by a case-insensitive substring of the name', async () => {
    const key = uniqueName('Fuzzy');
    const matching = [`${key}-MiXeD`, `pre-${key}-mixed-post`, `${key.toUpperCase()}-mixed`];
    await createAll([...matching, `${key}-other`]);

    const response = await list({ tenant_name: `${key.toLowerCase()}-MIXED` });

    expectListPage(response);
    expect(response.body.data.total_count).toBe(3);
    expect(names(response).sort()).toEqual([...matching].sort());
  });

  it('folds the case of accented and non-Latin letters too', async () => {
    const key = uniqueName('unicode');
    await createAll([`${key}-Éclair`, `${key}-ΣΟΦΙΑ`, `${key}-eclair`]);

    expect(names(await list({ tenant_name: `${key}-éCLAIR` }))).toEqual([`${key}-Éclair`]);
    expect(names(await list({ tenant_name: 'σοφ' }))).toEqual([`${key}-ΣΟΦΙΑ`]);
  });

  it('reads % and _ in the filter as plain characters, not as wildcards', async () => {
    const key = uniqueName('literal');
    await createAll([`${key}-50%off`, `${key}-50xxoff`, `${key}-a_b`, `${key}-axb`]);

    const percent = await list({ tenant_name: `${key}-50%off` });
    const underscore = await list({ tenant_name: `${key}-a_b` });
    const lonePercent = await list({ tenant_name: `%off` });

    expect(percent.body.data).toMatchObject({ data: [{ tenant_name: `${key}-50%off` }], total_count: 1 });
    expect(underscore.body.data).toMatchObject({ data: [{ tenant_name: `${key}-a_b` }], total_count: 1 });
    expect(names(lonePercent)).toContain(`${key}-50%off`);
    expect(names(lonePercent)).not.toContain(`${key}-50xxoff`);
  });

  it('refuses a filter with a NUL character (400)', async () => {
    expectFailure(await list({ tenant_name: 'a\u0000b' }), 400, 'tenant_name: must not contain NUL characters');
  });

  it('refuses a filter given twice (400)', async () => {
    expectFailure(await app.get(`${CLUSTER}/list?tenant_name=a&tenant_name=b`), 400, 'tenant_name: must be given once');
  });

  it('answers an empty page when nothing matches the filter', async () => {
    const response = await list({ tenant_name: uniqueName('nothing-has-this-name') });

    expectListPage(response);
    expect(response.body.data).toEqual({ data: [], total_count: 0 });
  });

  it('without sort_field comes in name order; sort_field=tenant_name sorts ascending by default, or as sort_by says', async () => {
    const key = uniqueName('sort');
    const sorted = [`${key}-a`, `${key}-b`, `${key}-c`, `${key}-d`];
    await createAll([sorted[2]!, sorted[0]!, sorted[3]!, sorted[1]!]);

    expect(names(await list({ tenant_name: key }))).toEqual(sorted);
    expect(names(await list({ tenant_name: key, sort_field: 'tenant_name' }))).toEqual(sorted);
    expect(names(await list({ tenant_name: key, sort_field: 'tenant_name', sort_by: 'asc' }))).toEqual(sorted);
    expect(names(await list({ tenant_name: key, sort_field: 'tenant_name', sort_by: 'desc' }))).toEqual([...sorted].reverse());
  });

  it('pages from page 1; page 0 is page 1; a page past the end is empty but still counts every match', async () => {
    const key = uniqueName('page');
    const all = [1, 2, 3, 4, 5].map((index) => `${key}-${index}`);
    await createAll(all);
    const page = async (params: Record<string, string | number>) => {
      const response = await list({ tenant_name: key, limit: 2, ...params });
      expectListPage(response);
      return { names: names(response), total_count: response.body.data.total_count };
    };

    expect(await page({ page: 1 })).toEqual({ names: all.slice(0, 2), total_count: 5 });
    expect(await page({ page: 2 })).toEqual({ names: all.slice(2, 4), total_count: 5 });
    expect(await page({ page: 3 })).toEqual({ names: all.slice(4), total_count: 5 });
    expect(await page({ page: 4 })).toEqual({ names: [], total_count: 5 });
    expect(await page({ page: 1000 })).toEqual({ names: [], total_count: 5 });
    expect(await page({ page: 0 })).toEqual({ names: all.slice(0, 2), total_count: 5 });
    expect(await page({})).toEqual({ names: all.slice(0, 2), total_count: 5 });
    expect(await page({ page: 2, sort_field: 'tenant_name', sort_by: 'desc' })).toEqual({ names: [all[2], all[1]], total_count: 5 });
  });

  it('returns 100 rows when no limit is given, and up to 1000 when asked', async () => {
    const key = uniqueName('limit');
    const all = Array.from({ length: 101 }, (_, index) => `${key}-${String(index).padStart(3, '0')}`);
    await createAll(all);

    const byDefault = await list({ tenant_name: key });
    const largest = await list({ tenant_name: key, limit: 1000 });
    const second = await list({ tenant_name: key, page: 2 });

    expect({ names: names(byDefault), total_count: byDefault.body.data.total_count }).toEqual({
      names: all.slice(0, 100),
      total_count: 101,
    });
    expect({ names: names(largest), total_count: largest.body.data.total_count }).toEqual({ names: all, total_count: 101 });
    expect({ names: names(second), total_count: second.body.data.total_count }).toEqual({ names: all.slice(100), total_count: 101 });
  });

  it.each([['0'], ['1001'], ['-1'], ['ten'], ['1.5'], ['99999999999']])('refuses limit=%s (400)', async (limit) => {
    expectFailure(await list({ limit }), 400, 'limit: must be an integer 1-1000');
  });

  it.each([['-1'], ['first'], ['2.5']])('refuses page=%s (400)', async (page) => {
    const response = await list({ page });

    expectFailure(response, 400, 'page: must be a whole number; pages start at 1 (0 reads as 1)');
  });

  it.each([['desc'], ['create_time'], ['TENANT_NAME']])(
    'refuses sort_field=%s, naming the field it can sort by (400)',
    async (sort_field) => {
      expectFailure(await list({ sort_field }), 400, 'sort_field: must be one of tenant_name');
    },
  );

  it.each([['up'], ['descending'], ['1']])('refuses sort_by=%s (400)', async (sort_by) => {
    expectFailure(await list({ sort_field: 'tenant_name', sort_by }), 400, 'sort_by: must be asc or desc');
  });

  it('reports every problem of the query at once', async () => {
    expectFailure(
      await list({ limit: 0, sort_field: 'x', sort_by: 'y' }),
      400,
      'sort_field: must be one of tenant_name; limit: must be an integer 1-1000; sort_by: must be asc or desc',
    );
  });

  it('ignores query parameters it does not know, such as the dashboard’s filter_field and exact_match', async () => {
    const tenant_name = uniqueName('unknown-params');
    expectSuccess(await create({ tenant_name }));

    const response = await app.get(
      `${CLUSTER}/list?tenant_name=${tenant_name}&pagination%5Boffset%5D=0&pagination%5Blimit%5D=200&filter_field=x&exact_match=true&foo=bar`,
    );

    expectListPage(response);
    expect(response.body.data).toMatchObject({ data: [{ tenant_name }], total_count: 1 });
  });

  it('treats empty parameters as absent', async () => {
    const tenant_name = uniqueName('empty-params');
    expectSuccess(await create({ tenant_name }));

    const response = await app.get(`${CLUSTER}/list?tenant_name=${tenant_name}&page=&limit=&sort_field=&sort_by=`);

    expectListPage(response);
    expect(response.body.data).toMatchObject({ data: [{ tenant_name }], total_count: 1 });
  });
});

describe('paging as the RobustMQ dashboard does, with pagination[limit] and pagination[offset]', () => {
  const key = uniqueName('dashboard');
  const all = Array.from({ length: 28 }, (_, index) => `${key}-${String(index).padStart(2, '0')}`);
  const page = async (params: Record<string, string | number>) => {
    const response = await list({ tenant_name: key, ...params });
    expectListPage(response);
    return { names: names(response), total_count: response.body.data.total_count };
  };

  beforeAll(async () => {
    await createAll(all);
  }, 60_000);

  it('of 28 tenants, 20 a page: offset 0 shows the first 20, offset 20 the last 8', async () => {
    expect(await page({ 'pagination[limit]': 20, 'pagination[offset]': 0 })).toEqual({ names: all.slice(0, 20), total_count: 28 });
    expect(await page({ 'pagination[limit]': 20, 'pagination[offset]': 20 })).toEqual({ names: all.slice(20), total_count: 28 });
  });

  it('counts the offset in rows, not pages', async () => {
    expect(await page({ 'pagination[limit]': 5, 'pagination[offset]': 3 })).toEqual({ names: all.slice(3, 8), total_count: 28 });
  });

  it('pagination[offset] alone starts at that row, with the default limit', async () => {
    expect(await page({ 'pagination[offset]': 25 })).toEqual({ names: all.slice(25), total_count: 28 });
  });

  it('limit and page, when given, win over pagination[limit] and pagination[offset]', async () => {
    const response = await page({ limit: 10, page: 2, 'pagination[limit]': 20, 'pagination[offset]': 20 });

    expect(response).toEqual({ names: all.slice(10, 20), total_count: 28 });
  });

  it.each([['0'], ['1001'], ['-1'], ['ten'], ['1.5']])('refuses pagination[limit]=%s (400)', async (value) => {
    expectFailure(await list({ 'pagination[limit]': value }), 400, 'pagination[limit]: must be an integer 1-1000');
  });

  it.each([['-1'], ['first'], ['2.5'], ['1234567890123']])('refuses pagination[offset]=%s (400)', async (value) => {
    expectFailure(await list({ 'pagination[offset]': value }), 400, 'pagination[offset]: must be a whole number of rows, from 0');
  });
});

describe('the dashboard’s error toast', () => {
  it('reads the reason from message: a duplicate tenant answers 409 with "tenant <name> already exists" in message', async () => {
    const tenant_name = uniqueName('toast');
    expectSuccess(await create({ tenant_name }));

    const response = await create({ tenant_name });

    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(new RegExp(`${tenant_name}.*already exists`));
    expect(response.body.message).toBe(response.body.error);
  });
});

describe('names that objects inherit (constructor, toString, __proto__, hasOwnProperty)', () => {
  const INHERITED = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

  it.each(INHERITED)('sort_field=%s is refused with 400, naming the fields it can sort by', async (name) => {
    expectFailure(await list({ sort_field: name }), 400, 'sort_field: must be one of tenant_name');
  });

  it.each(INHERITED)('sort_by, page, limit and pagination[...] = %s are refused with 400', async (name) => {
    expectFailure(await list({ sort_by: name }), 400, 'sort_by: must be asc or desc');
    expectFailure(await list({ page: name }), 400, 'page: must be a whole number; pages start at 1 (0 reads as 1)');
    expectFailure(await list({ limit: name }), 400, 'limit: must be an integer 1-1000');
    expectFailure(await list({ 'pagination[limit]': name }), 400, 'pagination[limit]: must be an integer 1-1000');
    expectFailure(await list({ 'pagination[offset]': name }), 400, 'pagination[offset]: must be a whole number of rows, from 0');
  });

  it('as query parameter names, are ignored like any unknown parameter', async () => {
    const query = INHERITED.map((name) => `${name}=1`).join('&');

    const response = await app.get(`${CLUSTER}/list?${query}&__proto__%5Bpage%5D=x&constructor%5Bprototype%5D=y`);

    expectListPage(response);
  });

  it.each(INHERITED)('a tenant named %s is created, found by the filter, updated and deleted like any other', async (name) => {
    expectSuccess(await create({ tenant_name: name, desc: name }));
    expect((await list({ tenant_name: name })).body.data.data).toContainEqual(expect.objectContaining({ tenant_name: name, desc: name }));

    expectSuccess(await update({ tenant_name: name, desc: 'toString' }));
    expect(await findTenant(name)).toMatchObject({ tenant_name: name, desc: 'toString', config: DEFAULT_CONFIG });

    expectSuccess(await remove({ tenant_name: name }));
    expect(await findTenant(name)).toBeUndefined();
  });

  it('as body fields, in the body and in config, are ignored like any unknown field', async () => {
    const tenant_name = uniqueName('inherited-fields');
    const fields = { constructor: 'x', toString: 'y', hasOwnProperty: 'z', valueOf: 1 };

    expectSuccess(await create({ tenant_name, ...fields, config: { ...fields, max_topics: 7 } }));

    expect(await findTenant(tenant_name)).toEqual({
      tenant_name,
      desc: '',
      config: { ...DEFAULT_CONFIG, max_topics: 7 },
      create_time: expect.any(Number),
    });
  });

  it.each([
    ['__proto__ in the body', '{"tenant_name": "proto-body", "__proto__": {"desc": "injected"}}'],
    ['__proto__ in config', '{"tenant_name": "proto-config", "config": {"__proto__": {"max_topics": 1}}}'],
    ['constructor.prototype in config', '{"tenant_name": "ctor-config", "config": {"constructor": {"prototype": {"max_topics": 1}}}}'],
  ])('%s is refused with 400, and nothing is stored', async (_case, body) => {
    const response = await app.send('POST', `${CLUSTER}/create`, body, { 'content-type': 'application/json' });

    expectFailure(response, 400, 'body: is not valid JSON');
    expect(await findTenant(JSON.parse(body.replace(/"__proto__"|"constructor"/g, '"x"')).tenant_name)).toBeUndefined();
  });
});
