// What every resource named within a tenant (ACL rules, blacklist entries) promises over HTTP
// (API-CONTRACT §1-§3, §5), as one suite each resource's e2e test runs with its own bodies and rows;
// the resource's own field rules are tested beside it.
import { randomBytes } from 'node:crypto';
import type { HttpResult, TestApp } from './app.js';

type Body = Record<string, unknown>;
type Row = Record<string, unknown>;

export interface TenantResourceApi {
  /** How error messages name the resource, e.g. `acl rule`. */
  noun: string;
  /** The API document's path, then its aliases, e.g. ['/api/cluster/acl', '/api/mqtt/acl']. */
  prefixes: readonly string[];
  /** A valid create body; `variant` (0, 1, 2...) varies every other field, so sorting by it is checked. */
  body(tenant: string, name: string, variant?: number): Body;
  /** The list row that a create with this body shows, fields in the API's order. */
  row(body: Body): Row;
  /** The sortable fields, as the real server's whitelist (research §3). */
  sortable: readonly string[];
  /** Fields of the body that are text, required or optional, with their longest length. */
  texts: Readonly<Record<string, { max: number; required: boolean }>>;
}

export const SUCCESS = { code: 0, data: 'success', error: null };
export const TEXT_RULE = 'must not contain NUL characters or unpaired surrogates';

/** A name no other test uses, so tests never depend on each other (and a tenant filter finds only its own rows). */
export const uniqueName = (label: string) => `${label}-${randomBytes(5).toString('hex')}`;

export function expectSuccess(response: HttpResult) {
  expect({ status: response.status, body: response.body }).toEqual({ status: 200, body: SUCCESS });
  expect(Object.keys(response.body)).toEqual(['code', 'data', 'error']);
  expect(response.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
}

/** An error repeats its text as `message`, which the RobustMQ dashboard shows (API-CONTRACT §1). */
export function expectFailure(response: HttpResult, status: number, error: string | RegExp) {
  expect({ status: response.status, code: response.body?.code, data: response.body?.data }).toEqual({ status, code: 100, data: '' });
  if (typeof error === 'string') expect(response.body.error).toBe(error);
  else expect(response.body.error).toMatch(error);
  expect(response.body.message).toBe(response.body.error);
  expect(Object.keys(response.body)).toEqual(['code', 'data', 'error', 'message']);
  expect(response.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
}

export function expectListPage(response: HttpResult) {
  expect(response.status).toBe(200);
  expect(response.body).toEqual({ code: 0, data: { data: expect.any(Array), total_count: expect.any(Number) }, error: null });
}

/** Calls of one resource's endpoints under one of its prefixes, and of the tenant endpoints it depends on. */
export function resourceClient(app: () => TestApp, prefix: string) {
  const query = (params: Record<string, string | number>) =>
    new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, String(value)])).toString();
  return {
    create: (body: unknown, at = prefix) => app().post(`${at}/create`, body),
    remove: (body: unknown, at = prefix) => app().post(`${at}/delete`, body),
    list: (params: Record<string, string | number> = {}, at = prefix) => app().get(`${at}/list?${query(params)}`),
    /** The rows of the list filtered by this exact tenant name (a unique name: no other tenant contains it). */
    async rowsOf(tenant: string, params: Record<string, string | number> = {}, at = prefix): Promise<Row[]> {
      const response = await app().get(`${at}/list?${query({ tenant, ...params })}`);
      expectListPage(response);
      return response.body.data.data;
    },
    async createTenant(label = 'tenant'): Promise<string> {
      const tenant_name = uniqueName(label);
      expectSuccess(await app().post('/api/cluster/tenant/create', { tenant_name }));
      return tenant_name;
    },
    deleteTenant: async (tenant_name: string) => expectSuccess(await app().post('/api/cluster/tenant/delete', { tenant_name })),
  };
}

/** The suite every tenant resource passes: endpoints and aliases, identity, tenant, lists, bad input. */
export function describeTenantResourceEndpoints(app: () => TestApp, api: TenantResourceApi) {
  const [documented] = api.prefixes as [string];
  const client = resourceClient(app, documented);
  const { create, remove, list, rowsOf, createTenant } = client;
  const names = (rows: Row[]) => rows.map((row) => row.name);

  describe.each(api.prefixes)('the endpoints under %s', (prefix) => {
    it('create, list and delete, each change visible in the very next list, rows exactly as the API shows them', async () => {
      const tenant = await createTenant();
      const body = api.body(tenant, 'first');

      expectSuccess(await create(body, prefix));
      const listed = await list({ tenant }, prefix);
      expectListPage(listed);
      expect(listed.body.data).toEqual({ data: [api.row(body)], total_count: 1 });
      expect(Object.keys(listed.body.data.data[0])).toEqual(Object.keys(api.row(body)));

      expectSuccess(await remove({ tenant, name: 'first' }, prefix));
      expect((await list({ tenant }, prefix)).body.data).toEqual({ data: [], total_count: 0 });
    });

    it('what is created here is the same resource under every other path', async () => {
      const tenant = await createTenant();
      expectSuccess(await create(api.body(tenant, 'shared'), prefix));

      for (const other of api.prefixes) {
        expect(await rowsOf(tenant, {}, other)).toEqual([api.row(api.body(tenant, 'shared'))]);
        expectFailure(await create(api.body(tenant, 'shared'), other), 409, `${api.noun} shared already exists in tenant ${tenant}`);
      }
      const [, alias] = api.prefixes.filter((path) => path !== prefix).concat(prefix);
      expectSuccess(await remove({ tenant, name: 'shared' }, alias));
      expect(await rowsOf(tenant, {}, prefix)).toEqual([]);
    });

    it('refuses a list query it cannot answer (400), naming the fields it sorts by', async () => {
      expectFailure(await list({ sort_field: 'desc' }, prefix), 400, `sort_field: must be one of ${api.sortable.join(', ')}`);
    });
  });

  describe('identity (tenant, name)', () => {
    it('creating a name that exists in the tenant is refused (409) and changes nothing: no upsert', async () => {
      const tenant = await createTenant();
      const first = api.body(tenant, 'taken', 0);
      expectSuccess(await create(first));

      expectFailure(await create(api.body(tenant, 'taken', 1)), 409, `${api.noun} taken already exists in tenant ${tenant}`);

      expect(await rowsOf(tenant)).toEqual([api.row(first)]);
    });

    it('the same name in two tenants is two resources; deleting one leaves the other', async () => {
      const [one, two] = [await createTenant('one'), await createTenant('two')];
      expectSuccess(await create(api.body(one, 'same', 0)));
      expectSuccess(await create(api.body(two, 'same', 1)));

      expectSuccess(await remove({ tenant: one, name: 'same' }));

      expect(await rowsOf(one)).toEqual([]);
      expect(await rowsOf(two)).toEqual([api.row(api.body(two, 'same', 1))]);
    });

    it('deleting a name that does not exist is refused (404), and so is a second delete', async () => {
      const tenant = await createTenant();
      expectFailure(await remove({ tenant, name: 'ghost' }), 404, `${api.noun} ghost not found in tenant ${tenant}`);

      expectSuccess(await create(api.body(tenant, 'once')));
      expectSuccess(await remove({ tenant, name: 'once' }));
      expectFailure(await remove({ tenant, name: 'once' }), 404, `${api.noun} once not found in tenant ${tenant}`);
    });

    it('a deleted name can be created again, with the new values only', async () => {
      const tenant = await createTenant();
      expectSuccess(await create(api.body(tenant, 'again', 0)));
      expectSuccess(await remove({ tenant, name: 'again' }));

      expectSuccess(await create(api.body(tenant, 'again', 2)));

      expect(await rowsOf(tenant)).toEqual([api.row(api.body(tenant, 'again', 2))]);
    });

    it('10 clients creating the same name at once: exactly one succeeds, the other nine get 409', async () => {
      const tenant = await createTenant();
      const responses = await Promise.all(Array.from({ length: 10 }, (_, variant) => create(api.body(tenant, 'race', variant))));

      expect(responses.map((response) => response.status).sort()).toEqual([200, ...Array(9).fill(409)]);
      const winner = responses.findIndex((response) => response.status === 200);
      expect(await rowsOf(tenant)).toEqual([api.row(api.body(tenant, 'race', winner))]);
    });
  });

  describe('the tenant', () => {
    it('must exist: a create in a tenant never created answers 404 and stores nothing', async () => {
      const tenant = uniqueName('missing');

      expectFailure(await create(api.body(tenant, 'orphan')), 404, `tenant ${tenant} not found`);

      expect(await rowsOf(tenant)).toEqual([]);
    });

    it('must still exist: a create in a deleted tenant answers 404', async () => {
      const tenant = await createTenant();
      await client.deleteTenant(tenant);

      expectFailure(await create(api.body(tenant, 'late')), 404, `tenant ${tenant} not found`);
    });

    it('deleting a tenant does not cascade: its resources stay listed and can still be deleted', async () => {
      const tenant = await createTenant();
      expectSuccess(await create(api.body(tenant, 'stays')));

      await client.deleteTenant(tenant);

      expect(await rowsOf(tenant)).toEqual([api.row(api.body(tenant, 'stays'))]);
      expectSuccess(await remove({ tenant, name: 'stays' }));
      expect(await rowsOf(tenant)).toEqual([]);
    });

    it('is the default tenant like any other', async () => {
      const name = uniqueName('in-default');
      expectSuccess(await create(api.body('default', name)));

      expect(await rowsOf('default', { name })).toEqual([api.row(api.body('default', name))]);
      expectSuccess(await remove({ tenant: 'default', name }));
    });
  });

  describe('read-your-writes', () => {
    it('a create and a delete are each in the very next list, with no waiting, and answer their growing log positions', async () => {
      const tenant = await createTenant();
      const positions: number[] = [];
      for (let round = 0; round < 3; round++) {
        const created = await create(api.body(tenant, `ryw-${round}`, round));
        expectSuccess(created);
        expect(created.headers.get('x-read-your-writes')).toBe('applied');
        positions.push(Number(created.headers.get('x-event-position')));
        expect(await rowsOf(tenant, { name: `ryw-${round}` })).toEqual([api.row(api.body(tenant, `ryw-${round}`, round))]);

        const deleted = await remove({ tenant, name: `ryw-${round}` });
        expectSuccess(deleted);
        positions.push(Number(deleted.headers.get('x-event-position')));
        expect(await rowsOf(tenant, { name: `ryw-${round}` })).toEqual([]);
      }
      for (let index = 1; index < positions.length; index++) expect(positions[index]).toBeGreaterThan(positions[index - 1]!);
    });
  });

  describe('listing', () => {
    /** Five resources in a tenant of their own, each field varied, created in an order unlike any sort. */
    async function fiveResources() {
      const tenant = await createTenant('sorted');
      const bodies = [3, 0, 4, 1, 2].map((variant) => api.body(tenant, `item-${variant}`, variant));
      for (const body of bodies) expectSuccess(await create(body));
      return { tenant, rows: bodies.map((body) => api.row(body)) };
    }

    it('without sort_field comes in (tenant, name) order', async () => {
      const { tenant } = await fiveResources();
      expect(names(await rowsOf(tenant))).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4']);
    });

    it.each(api.sortable)(
      'sort_field=%s sorts ascending by default, descending with sort_by=desc, ties by (tenant, name)',
      async (field) => {
        const { tenant, rows } = await fiveResources();
        const byField = (direction: 1 | -1) => (a: Row, b: Row) => {
          const [x, y] = [String(a[field]), String(b[field])];
          const [xn, yn] = [String(a.name), String(b.name)];
          return direction * (x < y ? -1 : x > y ? 1 : xn < yn ? -1 : xn > yn ? 1 : 0);
        };

        expect(await rowsOf(tenant, { sort_field: field })).toEqual([...rows].sort(byField(1)));
        expect(await rowsOf(tenant, { sort_field: field, sort_by: 'asc' })).toEqual([...rows].sort(byField(1)));
        expect(await rowsOf(tenant, { sort_field: field, sort_by: 'desc' })).toEqual([...rows].sort(byField(-1)));
      },
    );

    it('pages from page 1 (page 0 is page 1), counts every match, and pages with pagination[limit] and pagination[offset]', async () => {
      const { tenant } = await fiveResources();
      const page = async (params: Record<string, string | number>) => {
        const response = await list({ tenant, ...params });
        expectListPage(response);
        return { names: names(response.body.data.data), total: response.body.data.total_count };
      };

      expect(await page({ limit: 2, page: 1 })).toEqual({ names: ['item-0', 'item-1'], total: 5 });
      expect(await page({ limit: 2, page: 0 })).toEqual({ names: ['item-0', 'item-1'], total: 5 });
      expect(await page({ limit: 2, page: 3 })).toEqual({ names: ['item-4'], total: 5 });
      expect(await page({ limit: 2, page: 4 })).toEqual({ names: [], total: 5 });
      expect(await page({ 'pagination[limit]': 3, 'pagination[offset]': 1 })).toEqual({ names: ['item-1', 'item-2', 'item-3'], total: 5 });
      expect(await page({ limit: 2, page: 2, sort_field: 'name', sort_by: 'desc' })).toEqual({ names: ['item-2', 'item-1'], total: 5 });
      expectFailure(await list({ tenant, limit: 1001 }), 400, 'limit: must be an integer 1-1000');
      expectFailure(await list({ tenant, page: -1 }), 400, 'page: must be a whole number; pages start at 1 (0 reads as 1)');
      expectFailure(await list({ tenant, sort_by: 'up' }), 400, 'sort_by: must be asc or desc');
    });

    it('filters tenant, name and resource_name by case-insensitive substrings, together', async () => {
      const tenant = await createTenant('Filter-Tenant');
      const [a, b, c] = [api.body(tenant, 'Alpha-Rule', 0), api.body(tenant, 'beta-rule', 1), api.body(tenant, 'GAMMA', 2)];
      for (const body of [a, b, c]) expectSuccess(await create(body));
      const rows = (params: Record<string, string>) => rowsOf(tenant, params).then(names);
      const middle = tenant.slice(3, -2).toUpperCase();

      expect(await rows({ name: 'RULE' })).toEqual(['Alpha-Rule', 'beta-rule']);
      expect(names(await rowsOf(middle))).toEqual(['Alpha-Rule', 'GAMMA', 'beta-rule'].sort());
      expect(await rows({ resource_name: String(b.resource_name).toUpperCase() })).toEqual(['beta-rule']);
      expect(await rows({ name: 'rule', resource_name: String(a.resource_name) })).toEqual(['Alpha-Rule']);
      expect(await rows({ name: 'nothing-like-it' })).toEqual([]);
      const filtered = await list({ tenant, name: 'rule', limit: 1 });
      expect(filtered.body.data.total_count).toBe(2);
    });

    it('reads % and _ in a filter as plain characters, not as wildcards', async () => {
      const tenant = await createTenant();
      for (const name of ['50%_off', '50 off', '5000ff']) expectSuccess(await create(api.body(tenant, name)));

      expect(names(await rowsOf(tenant, { name: '%' }))).toEqual(['50%_off']);
      expect(names(await rowsOf(tenant, { name: '0_' }))).toEqual([]);
      expect(names(await rowsOf(tenant, { name: '%_' }))).toEqual(['50%_off']);
    });

    it('refuses a filter with a NUL character or given twice (400)', async () => {
      expectFailure(await list({ name: 'a\u0000b' }), 400, 'name: must not contain NUL characters');
      expectFailure(await app().get(`${documented}/list?resource_name=a&resource_name=b`), 400, 'resource_name: must be given once');
    });
  });

  describe('bad input: a clear 400, never a 500', () => {
    const required = Object.entries(api.texts).filter(([, text]) => text.required);
    const optional = Object.entries(api.texts).filter(([, text]) => !text.required);

    it.each(required)('%s missing or null is required', async (field) => {
      const tenant = await createTenant();
      const body = api.body(tenant, 'x');
      expectFailure(await create({ ...body, [field]: undefined }), 400, `${field}: is required`);
      expectFailure(await create({ ...body, [field]: null }), 400, `${field}: is required`);
    });

    it.each(Object.keys(api.texts))('%s of a wrong JSON type (number, boolean, array, object) must be a string', async (field) => {
      const tenant = await createTenant();
      for (const wrong of [42, true, ['a'], { text: 'a' }]) {
        expectFailure(await create({ ...api.body(tenant, 'x'), [field]: wrong }), 400, `${field}: must be a string`);
      }
    });

    it.each(Object.entries(api.texts))(
      '%s longer than its limit is refused with the limit',
      async (field, { max, required: isRequired }) => {
        const tenant = await createTenant();
        const rule = isRequired ? `length must be 1-${max}` : `length must be at most ${max}`;
        for (const length of [max + 1, 100_000]) {
          expectFailure(await create({ ...api.body(tenant, 'x'), [field]: 'a'.repeat(length) }), 400, `${field}: ${rule}`);
        }
        expect(await rowsOf(tenant)).toEqual([]);
      },
    );

    it.each(optional)('%s null counts as absent: stored as the empty string', async (field) => {
      const tenant = await createTenant();
      const body = { ...api.body(tenant, 'nulls'), [field]: null };
      expectSuccess(await create(body));
      expect((await rowsOf(tenant))[0]).toEqual(api.row({ ...body, [field]: '' }));
    });

    it('tenant and name at their longest, in characters not bytes (multi-byte and astral), are stored verbatim', async () => {
      const tenant = `${uniqueName('t')}-${'é'.repeat(20)}-${'😀'.repeat(30)}`;
      expect([...tenant].length).toBe(64);
      expectSuccess(await app().post('/api/cluster/tenant/create', { tenant_name: tenant }));
      const name = `名前-${'😀'.repeat(125)}`;
      expect([...name].length).toBe(128);

      expectSuccess(await create(api.body(tenant, name)));

      expect(await rowsOf(tenant)).toEqual([api.row(api.body(tenant, name))]);
      expectFailure(await create(api.body(tenant, `${name}x`)), 400, 'name: length must be 1-128');
      expectFailure(await create(api.body(`${tenant}${'x'.repeat(65)}`, 'n')), 400, 'tenant: length must be 1-64');
    });

    it('SQL-looking and quote-laden texts are stored and listed verbatim, and find themselves by filter', async () => {
      const tenant = await createTenant();
      const sqlish = ["'; DROP TABLE rm_acl; --", 'x" OR "1"="1', 'a\\b', '$1 ; SELECT pg_sleep(10)'];
      for (const name of sqlish) expectSuccess(await create(api.body(tenant, name)));

      expect(names(await rowsOf(tenant))).toEqual([...sqlish].sort());
      for (const name of sqlish) expect(names(await rowsOf(tenant, { name }))).toEqual([name]);
    });

    it('texts with a NUL character or an unpaired surrogate are refused', async () => {
      const tenant = await createTenant();
      expectFailure(await create({ ...api.body(tenant, 'plain'), name: 'a\u0000b' }), 400, `name: ${TEXT_RULE}`);
      expectFailure(await create({ ...api.body(tenant, 'plain'), tenant: 'a\ud800b' }), 400, `tenant: ${TEXT_RULE}`);
      expectFailure(await remove({ tenant, name: 'a\u0000b' }), 400, `name: ${TEXT_RULE}`);
    });

    it('a body that is not a JSON object, or not JSON, is refused; unknown fields are ignored', async () => {
      const tenant = await createTenant();
      for (const body of ['[]', '"text"', '42', 'null']) {
        expectFailure(
          await app().send('POST', `${documented}/create`, body, { 'content-type': 'application/json' }),
          400,
          'body: must be a JSON object',
        );
      }
      expectFailure(
        await app().send('POST', `${documented}/create`, '{"tenant":', { 'content-type': 'application/json' }),
        400,
        'body: is not valid JSON',
      );

      expectSuccess(await create({ ...api.body(tenant, 'extra'), owner: 'someone', constructor: 'x' }));
      expect(await rowsOf(tenant)).toEqual([api.row(api.body(tenant, 'extra'))]);
    });

    it('delete validates its body: tenant and name required strings, 1-64 and 1-128 characters', async () => {
      expectFailure(await remove({ name: 'x' }), 400, 'tenant: is required');
      expectFailure(await remove({ tenant: 'default', name: null }), 400, 'name: is required');
      expectFailure(await remove({ tenant: 7, name: ['x'] }), 400, 'tenant: must be a string; name: must be a string');
      expectFailure(await remove({ tenant: 't'.repeat(65), name: '' }), 400, 'tenant: length must be 1-64; name: length must be 1-128');
    });
  });
}
