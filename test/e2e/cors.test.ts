// Cross-origin requests (CORS_ORIGINS), as the RobustMQ dashboard served from another origin sends them.
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.js';

const TOKEN = `dash-${randomBytes(16).toString('hex')}`;
const DASHBOARD = 'http://localhost:3000';
const ELSEWHERE = 'https://evil.example';
const LIST = '/api/cluster/tenant/list';

/** The preflight a browser sends before a JSON POST with a bearer token. */
const preflight = (app: TestApp, origin: string, path = '/api/cluster/tenant/create') =>
  fetch(`${app.service.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });

const get = (app: TestApp, path: string, headers: Record<string, string>) => fetch(`${app.service.url}${path}`, { headers });

describe('without CORS_ORIGINS (the default)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_TOKENS: `dashboard:${TOKEN}` });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('sends no CORS headers: a page of another origin cannot read an answer, nor get a preflight through', async () => {
    const response = await get(app, LIST, { origin: DASHBOARD, authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();

    const answer = await preflight(app, DASHBOARD);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('access-control-allow-methods')).toBeNull();
  });
});

describe('with CORS_ORIGINS', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_TOKENS: `dashboard:${TOKEN}`, CORS_ORIGINS: `${DASHBOARD},http://127.0.0.1:8081` });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('answers the preflight of an allowed origin without a token (a browser sends none)', async () => {
    const answer = await preflight(app, DASHBOARD);

    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST');
    expect(answer.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(answer.headers.get('access-control-max-age')).toBe('600');
    expect(answer.headers.get('vary')).toMatch(/Origin/);
  });

  it('still needs the token for the request itself, and lets the page read the answer, a 401 included', async () => {
    const allowed = await get(app, LIST, { origin: DASHBOARD, authorization: `Bearer ${TOKEN}` });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(allowed.headers.get('access-control-expose-headers')).toContain('x-request-id');

    const created = await fetch(`${app.service.url}/api/cluster/tenant/create`, {
      method: 'POST',
      headers: { origin: DASHBOARD, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant_name: `cors-${randomBytes(4).toString('hex')}` }),
    });
    expect(created.status).toBe(200);
    expect(created.headers.get('access-control-allow-origin')).toBe(DASHBOARD);

    const refused = await get(app, LIST, { origin: DASHBOARD });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^authentication required/);
  });

  it('gives another origin no Access-Control-Allow-Origin, on the preflight or the request', async () => {
    const answer = await preflight(app, ELSEWHERE);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();

    const response = await get(app, LIST, { origin: ELSEWHERE, authorization: `Bearer ${TOKEN}` });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows each origin of the list, and the dashboard endpoints too', async () => {
    const response = await get(app, '/api/mqtt/overview', { origin: 'http://127.0.0.1:8081', authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8081');
  });
});
