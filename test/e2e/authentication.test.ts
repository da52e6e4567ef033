// Bearer tokens (ADMIN_TOKENS) on every /api route, over HTTP against the whole service.
import { createHash, randomBytes } from 'node:crypto';
import { type HttpResult, startTestApp, type TestApp } from '../support/app.js';

const CI_TOKEN = `ci-${randomBytes(16).toString('hex')}`;
const OPS_TOKEN = `ops-${randomBytes(16).toString('hex')}`;
const LIST = '/api/cluster/tenant/list';
const CREATE = '/api/cluster/tenant/create';

let app: TestApp;

beforeAll(async () => {
  // One token in plain text, one given only as its SHA-256.
  const opsHash = createHash('sha256').update(OPS_TOKEN).digest('hex');
  app = await startTestApp({ ADMIN_TOKENS: `ci:${CI_TOKEN},ops:sha256:${opsHash}` });
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const json = { 'content-type': 'application/json' };
const uniqueName = (label: string) => `${label}-${randomBytes(5).toString('hex')}`;

function expectUnauthorized(response: HttpResult, error: RegExp) {
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="robustmq-admin"/);
  expect(response.body).toEqual({ code: 100, data: '', error: expect.stringMatching(error), message: response.body.error });
}

async function actorsOf(tenant_name: string): Promise<string[]> {
  const { rows } = await app.database.pool.query<{ actor: string }>(
    "SELECT metadata->>'actor' AS actor FROM events WHERE data->>'tenant_name' = $1 ORDER BY position",
    [tenant_name],
  );
  return rows.map((row) => row.actor);
}

describe('a request under /api', () => {
  it('without an Authorization header is refused with 401, the envelope and WWW-Authenticate: Bearer', async () => {
    expectUnauthorized(await app.send('GET', LIST, undefined), /^authentication required/);
  });

  it.each([
    ['an unknown token', `Bearer ${randomBytes(20).toString('hex')}`],
    ['a known token with one character changed', `Bearer ${CI_TOKEN.slice(0, -1)}${CI_TOKEN.endsWith('0') ? '1' : '0'}`],
    ['the hash of a token instead of the token', `Bearer ${createHash('sha256').update(OPS_TOKEN).digest('hex')}`],
    ['another scheme', `Basic ${Buffer.from(`ci:${CI_TOKEN}`).toString('base64')}`],
    ['the scheme without a token', 'Bearer'],
    ['a token without the scheme', CI_TOKEN],
    ['two tokens', `Bearer ${CI_TOKEN} ${OPS_TOKEN}`],
  ])('with %s is refused with 401', async (_case, authorization) => {
    expectUnauthorized(await app.send('GET', LIST, undefined, { authorization }), /^invalid token/);
  });

  it('with a bad token is refused before its body is read, and stores nothing', async () => {
    const tenant_name = uniqueName('unauthorized');

    expectUnauthorized(await app.send('POST', CREATE, JSON.stringify({ tenant_name }), json), /^authentication required/);
    expectUnauthorized(await app.send('POST', CREATE, '{not json', { ...json, ...bearer('wrong-token-0123456789') }), /^invalid token/);
    expect(await actorsOf(tenant_name)).toEqual([]);
  });

  it('to a path that does not exist needs a token too (401, not 404)', async () => {
    expectUnauthorized(await app.send('GET', '/api/nowhere', undefined), /^authentication required/);
    expect((await app.send('GET', '/api/nowhere', undefined, bearer(CI_TOKEN))).status).toBe(404);
  });

  it('spelt with percent-encoding still needs a token', async () => {
    const response = await app.send('GET', '/%61pi/cluster/tenant/list', undefined);

    expect([401, 404]).toContain(response.status);
    expect(response.body).toMatchObject({ code: 100, data: '' });
  });

  it('with a good token is served, for a plain token and for one configured by its hash', async () => {
    for (const token of [CI_TOKEN, OPS_TOKEN]) {
      const response = await app.send('GET', LIST, undefined, bearer(token));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ code: 0, error: null });
    }
  });
});

describe('the actor of the events', () => {
  it('is the name of the token that sent the command', async () => {
    const tenant_name = uniqueName('actor');

    expect((await app.send('POST', CREATE, JSON.stringify({ tenant_name }), { ...json, ...bearer(CI_TOKEN) })).status).toBe(200);
    const update = JSON.stringify({ tenant_name, desc: 'changed by ops' });
    expect((await app.send('POST', '/api/tenant/update', update, { ...json, ...bearer(OPS_TOKEN) })).status).toBe(200);

    expect(await actorsOf(tenant_name)).toEqual(['ci', 'ops']);
  });
});

describe('paths that need no token', () => {
  it.each([
    ['/api/cluster/healthy'],
    ['/cluster/healthy'],
    ['/api/health/ready'],
    ['/health/ready'],
    ['/api/health/node'],
    ['/health/node'],
    ['/api/health/cluster'],
    ['/health/cluster'],
  ])('%s answers without a token', async (path) => {
    const response = await app.send('GET', path, undefined);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ code: 0, message: 'success', error: null });
    expect(response.headers.get('www-authenticate')).toBeNull();
  });

  it('/metrics answers without a token (a scraper holds none)', async () => {
    const response = await fetch(`${app.service.url}/metrics`);

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('robustmq_admin_http_requests_total');
  });
});

describe('the cluster status', () => {
  it.each([['/api/cluster/status'], ['/api/status']])('%s needs a token like any other /api path', async (path) => {
    expectUnauthorized(await app.send('GET', path, undefined), /authentication required/);
    const answered = await app.send('GET', path, undefined, bearer(CI_TOKEN));
    expect(answered.status).toBe(200);
    expect(answered.body.data.broker_node_list).toHaveLength(1);
  });
});
