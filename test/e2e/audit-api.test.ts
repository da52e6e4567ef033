// The audit log (API-CONTRACT §8) over HTTP, against the whole service and a real Postgres.
import { randomBytes } from 'node:crypto';
import { defineStreamType, REDACTED } from '#libs/domain/shared';
import { type HttpResult, startTestApp, type TestApp } from '../support/app.js';
import { waitUntil } from '../support/consumers.js';

const CI_TOKEN = `ci-${randomBytes(16).toString('hex')}`;
const OPS_TOKEN = `ops-${randomBytes(16).toString('hex')}`;
const AUDIT = '/api/cluster/audit/list';

/** A resource whose events carry a secret: what the audit log must never show in plain text. */
const vaultStream = defineStreamType('audit_test_vault', ['tenant', 'vault_name']);

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ ADMIN_TOKENS: `ci:${CI_TOKEN},ops:${OPS_TOKEN}` });
}, 120_000);

afterAll(async () => {
  await app?.close();
});

interface AuditRow {
  position: number;
  stream: string;
  resource_type: string;
  tenant: string | null;
  name: string;
  event_type: string;
  data: Record<string, unknown>;
  actor: string | null;
  request_id: string | null;
  time: number;
}

const uniqueName = (label: string) => `${label}-${randomBytes(5).toString('hex')}`;
const as = (token: string, requestId?: string) => ({
  authorization: `Bearer ${token}`,
  ...(requestId ? { 'x-request-id': requestId } : {}),
});

function post(path: string, body: unknown, token = CI_TOKEN, requestId?: string): Promise<HttpResult> {
  return app.send('POST', path, JSON.stringify(body), { 'content-type': 'application/json', ...as(token, requestId) });
}

function audit(params: Record<string, string | number> = {}, token = CI_TOKEN): Promise<HttpResult> {
  const query = new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]));
  return app.send('GET', `${AUDIT}?${query}`, undefined, as(token));
}

/** The audit rows of a list query, once it shows `count` of them: the audit log follows the log a moment later. */
async function auditRows(params: Record<string, string | number>, count: number): Promise<AuditRow[]> {
  let rows: AuditRow[] = [];
  await waitUntil(`the audit log shows ${count} rows for ${JSON.stringify(params)}`, async () => {
    const response = await audit(params);
    expect(response.status).toBe(200);
    rows = response.body.data.data;
    return rows.length >= count;
  });
  return rows;
}

async function succeeds(response: HttpResult | Promise<HttpResult>): Promise<HttpResult> {
  const answered = await response;
  expect({ status: answered.status, body: answered.body }).toEqual({ status: 200, body: { code: 0, data: 'success', error: null } });
  return answered;
}

function expectBadRequest(response: HttpResult, error: string) {
  expect({ status: response.status, body: response.body }).toEqual({ status: 400, body: { code: 100, data: '', error, message: error } });
}

const aclRule = (tenant: string, name: string) => ({
  tenant,
  name,
  resource_type: 'User',
  resource_name: 'alice',
  topic: 'sensors/#',
  action: 'Publish',
  permission: 'Deny',
});

describe('the audit log', () => {
  it('shows the default tenant created by the service itself at its first start', async () => {
    const [created] = await auditRows({ resource_type: 'tenant', name: 'default', sort_field: 'position', sort_by: 'asc' }, 1);

    expect(created).toMatchObject({
      stream: 'tenant-default',
      resource_type: 'tenant',
      tenant: 'default',
      name: 'default',
      event_type: 'TenantCreated',
      actor: 'system',
      data: { tenant_name: 'default', desc: 'Default tenant' },
    });
  });

  it("a tenant's create, update and delete: one row each, newest first, with the token's name as actor, the request id and the time", async () => {
    const tenant = uniqueName('audited');
    const before = Math.floor(Date.now() / 1000);
    const created = await succeeds(post('/api/cluster/tenant/create', { tenant_name: tenant, desc: 'one' }, CI_TOKEN, `create-${tenant}`));
    await succeeds(post('/api/cluster/tenant/update', { tenant_name: tenant, desc: 'two' }, OPS_TOKEN, `update-${tenant}`));
    const deleted = await succeeds(post('/api/cluster/tenant/delete', { tenant_name: tenant }, CI_TOKEN, `delete-${tenant}`));
    const after = Math.ceil(Date.now() / 1000);

    const rows = await auditRows({ tenant }, 3);

    expect(rows.map((row) => [row.event_type, row.actor, row.request_id])).toEqual([
      ['TenantDeleted', 'ci', `delete-${tenant}`],
      ['TenantUpdated', 'ops', `update-${tenant}`],
      ['TenantCreated', 'ci', `create-${tenant}`],
    ]);
    expect(rows.map((row) => row.position)).toEqual([
      Number(deleted.headers.get('x-event-position')),
      expect.any(Number),
      Number(created.headers.get('x-event-position')),
    ]);
    expect(rows[0]!.position).toBeGreaterThan(rows[1]!.position);
    expect(rows[1]!.position).toBeGreaterThan(rows[2]!.position);
    for (const row of rows) {
      expect(row).toMatchObject({ stream: `tenant-${tenant}`, resource_type: 'tenant', tenant, name: tenant });
      expect(row.time).toBeGreaterThanOrEqual(before);
      expect(row.time).toBeLessThanOrEqual(after);
    }
    expect(rows[1]!.data).toMatchObject({ tenant_name: tenant, desc: 'two' });
    expect(Object.keys(rows[0]!)).toEqual([
      'position',
      'stream',
      'resource_type',
      'tenant',
      'name',
      'event_type',
      'data',
      'actor',
      'request_id',
      'time',
    ]);
  });

  it('filters by resource type, tenant, name and actor, each exactly, and by several at once', async () => {
    const tenant = uniqueName('filtered');
    const rule = uniqueName('rule');
    await succeeds(post('/api/cluster/tenant/create', { tenant_name: tenant }, CI_TOKEN));
    await succeeds(post('/api/cluster/acl/create', aclRule(tenant, rule), OPS_TOKEN));
    await succeeds(post('/api/cluster/acl/create', aclRule(tenant, `${rule}-2`), CI_TOKEN));
    await succeeds(post('/api/cluster/acl/delete', { tenant, name: rule }, OPS_TOKEN));
    await auditRows({ tenant }, 4);

    const filtered = async (params: Record<string, string>) => {
      const response = await audit(params);
      expect(response.status).toBe(200);
      const rows: AuditRow[] = response.body.data.data;
      return { rows: rows.map((row) => `${row.event_type} ${row.name} ${row.actor}`), total_count: response.body.data.total_count };
    };

    expect(await filtered({ tenant })).toEqual({
      rows: [`AclDeleted ${rule} ops`, `AclCreated ${rule}-2 ci`, `AclCreated ${rule} ops`, `TenantCreated ${tenant} ci`],
      total_count: 4,
    });
    expect(await filtered({ tenant, resource_type: 'acl' })).toEqual({
      rows: [`AclDeleted ${rule} ops`, `AclCreated ${rule}-2 ci`, `AclCreated ${rule} ops`],
      total_count: 3,
    });
    expect(await filtered({ resource_type: 'acl', name: rule })).toEqual({
      rows: [`AclDeleted ${rule} ops`, `AclCreated ${rule} ops`],
      total_count: 2,
    });
    expect(await filtered({ tenant, actor: 'ci' })).toEqual({
      rows: [`AclCreated ${rule}-2 ci`, `TenantCreated ${tenant} ci`],
      total_count: 2,
    });
    expect(await filtered({ tenant: tenant.toUpperCase() })).toEqual({ rows: [], total_count: 0 });
    expect(await filtered({ name: rule.slice(0, -1) })).toEqual({ rows: [], total_count: 0 });
    expect(await filtered({ tenant, name: 'constructor' })).toEqual({ rows: [], total_count: 0 });

    const acl = (await audit({ resource_type: 'acl', name: rule })).body.data.data[0] as AuditRow;
    expect(acl).toMatchObject({ stream: `acl-${tenant}/${rule}`, tenant, name: rule, data: { tenant, name: rule } });
  });

  it('filters by a time range in unix seconds, both ends included', async () => {
    const earlier = uniqueName('earlier');
    await succeeds(post('/api/cluster/tenant/create', { tenant_name: earlier }));
    const [first] = await auditRows({ tenant: earlier }, 1);
    // The next event must fall in a later second than the first.
    await waitUntil('a new second has begun', () => Math.floor(Date.now() / 1000) > first!.time, 5_000);
    const later = uniqueName('later');
    await succeeds(post('/api/cluster/tenant/create', { tenant_name: later }));
    const [second] = await auditRows({ tenant: later }, 1);
    expect(second!.time).toBeGreaterThan(first!.time);

    const namesIn = async (start_time?: number, end_time?: number) => {
      const range = { ...(start_time === undefined ? {} : { start_time }), ...(end_time === undefined ? {} : { end_time }) };
      const response = await audit({ resource_type: 'tenant', limit: 1000, ...range });
      expect(response.status).toBe(200);
      return (response.body.data.data as AuditRow[]).map((row) => row.name).filter((name) => name === earlier || name === later);
    };

    expect(await namesIn(first!.time, first!.time)).toEqual([earlier]);
    expect(await namesIn(second!.time, second!.time)).toEqual([later]);
    expect(await namesIn(first!.time, second!.time)).toEqual([later, earlier]);
    expect(await namesIn(second!.time)).toEqual([later]);
    expect(await namesIn(undefined, first!.time)).toEqual([earlier]);
    expect(await namesIn(second!.time + 1)).toEqual([]);
  });

  it('pages newest first by default, oldest first with sort_field=position&sort_by=asc; total_count counts every match', async () => {
    const tenant = uniqueName('paged');
    await succeeds(post('/api/cluster/tenant/create', { tenant_name: tenant, desc: 'd0' }));
    for (const desc of ['d1', 'd2', 'd3', 'd4']) await succeeds(post('/api/cluster/tenant/update', { tenant_name: tenant, desc }));
    const all = await auditRows({ tenant }, 5);
    const descs = (response: HttpResult) => (response.body.data.data as AuditRow[]).map((row) => row.data.desc);

    expect(all.map((row) => row.data.desc)).toEqual(['d4', 'd3', 'd2', 'd1', 'd0']);
    const second = await audit({ tenant, limit: 2, page: 2 });
    expect({ descs: descs(second), total_count: second.body.data.total_count }).toEqual({ descs: ['d2', 'd1'], total_count: 5 });
    expect(descs(await audit({ tenant, limit: 2, page: 3 }))).toEqual(['d0']);
    expect(descs(await audit({ tenant, 'pagination[limit]': 3, 'pagination[offset]': 1 }))).toEqual(['d3', 'd2', 'd1']);
    expect(descs(await audit({ tenant, limit: 2, sort_field: 'position', sort_by: 'asc' }))).toEqual(['d0', 'd1']);
    expect(descs(await audit({ tenant, limit: 2, sort_field: 'position', sort_by: 'desc', page: 2 }))).toEqual(['d2', 'd1']);
    const past = await audit({ tenant, limit: 2, page: 9 });
    expect({ descs: descs(past), total_count: past.body.data.total_count }).toEqual({ descs: [], total_count: 5 });

    const everything = await audit({ limit: 1 });
    const { rows } = await app.database.pool.query<{ count: string }>('SELECT count(*) FROM rm_audit');
    expect(everything.body.data.total_count).toBe(Number(rows[0]!.count));
  });

  it('shows the data of an event with every secret-named field redacted, at any depth', async () => {
    const tenant = uniqueName('vaulted');
    await app.service.store.appendToStream(
      vaultStream.id(tenant, 'v1'),
      vaultStream.name,
      'no_stream',
      [{ type: 'VaultOpened', data: { tenant, password: 'hunter2-secret', backend: { access_token: 'tok-123', region: 'eu' } } }],
      { actor: 'ops' },
    );

    const [row] = await auditRows({ tenant }, 1);

    expect(row).toMatchObject({
      resource_type: 'audit_test_vault',
      tenant,
      name: 'v1',
      event_type: 'VaultOpened',
      actor: 'ops',
      request_id: null,
    });
    expect(row!.data).toEqual({ tenant, password: REDACTED, backend: { access_token: REDACTED, region: 'eu' } });
    const response = await audit({ tenant });
    expect(JSON.stringify(response.body)).not.toMatch(/hunter2|tok-123/);
  });

  it.each([
    [{ start_time: 'yesterday' }, 'start_time: must be a time in unix seconds (a whole number)'],
    [{ end_time: '-5' }, 'end_time: must be a time in unix seconds (a whole number)'],
    [{ start_time: '1.5' }, 'start_time: must be a time in unix seconds (a whole number)'],
    [{ start_time: '200', end_time: '100' }, 'end_time: must not be before start_time'],
    [{ sort_field: 'time' }, 'sort_field: must be one of position'],
    [{ sort_field: 'constructor' }, 'sort_field: must be one of position'],
    [{ sort_field: 'position', sort_by: 'newest' }, 'sort_by: must be asc or desc'],
    [{ limit: '0' }, 'limit: must be an integer 1-1000'],
  ])('refuses %j with 400: %s', async (params, error) => {
    expectBadRequest(await audit(params), error);
  });

  it.each([['constructor'], ['__proto__'], ['hasOwnProperty'], ['Tenant'], ['tenants']])(
    'refuses the resource type %s with 400 naming the defined ones',
    async (resourceType) => {
      const response = await audit({ resource_type: resourceType });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(/^resource_type: must be one of (.+, )?acl, (.+, )?blacklist, (.+, )?tenant(, .+)?$/);
    },
  );

  it('needs a token like every other /api route', async () => {
    const response = await app.send('GET', AUDIT, undefined, {});
    expect(response.status).toBe(401);
  });
});
