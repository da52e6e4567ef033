// Where the built app agrees to listen, with and without ADMIN_TOKENS, and what it says about it.
// Runs the compiled app as a child process, as `npm start` does.
import { randomBytes } from 'node:crypto';
import {
  API_MAIN,
  buildApps,
  exitWithin,
  freePort,
  freshEnv,
  type Started,
  startBuilt,
  stopBuilt,
  waitForHttp,
} from '../support/built-app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
let app: Started | undefined;

beforeAll(async () => {
  buildApps();
  database = await createTestDatabase();
}, 240_000);

afterEach(async () => {
  await stopBuilt(app);
  app = undefined;
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

const envFor = async (settings: Record<string, string>) =>
  freshEnv({ DATABASE_URL: database.url, PORT: String(await freePort()), LOG_LEVEL: 'info', ...settings });

describe('without ADMIN_TOKENS', () => {
  it('refuses to listen on 0.0.0.0: exit code 1 and a message naming HOST, ADMIN_TOKENS and ALLOW_UNAUTHENTICATED', async () => {
    app = startBuilt(API_MAIN, await envFor({ HOST: '0.0.0.0' }));

    expect(await exitWithin(app, 30_000)).toBe(1);
    for (const variable of ['HOST', 'ADMIN_TOKENS', 'ALLOW_UNAUTHENTICATED']) expect(app.output()).toContain(variable);
  }, 60_000);

  it('listens on 0.0.0.0 when ALLOW_UNAUTHENTICATED=true, and warns that anyone can change the cluster', async () => {
    const env = await envFor({ HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true' });
    app = startBuilt(API_MAIN, env);

    const response = await waitForHttp(`http://127.0.0.1:${env.PORT}/api/cluster/tenant/list`, app, 60_000);

    expect(response.status).toBe(200);
    expect(app.output()).toContain('anyone who can reach this address can change the cluster');
  }, 90_000);

  it('listens on loopback by default, and says it has no authentication', async () => {
    const env = await envFor({});
    app = startBuilt(API_MAIN, env);

    const response = await waitForHttp(`http://127.0.0.1:${env.PORT}/api/cluster/tenant/list`, app, 60_000);

    expect(response.status).toBe(200);
    expect(app.output()).toContain('the API has no authentication and listens on loopback only');
  }, 90_000);
});

describe('with ADMIN_TOKENS', () => {
  it('listens on 0.0.0.0, and neither a good nor a bad token shows up in its logs', async () => {
    const token = `secret-${randomBytes(16).toString('hex')}`;
    const wrongToken = `wrong-${randomBytes(16).toString('hex')}`;
    const env = await envFor({ HOST: '0.0.0.0', ADMIN_TOKENS: `ci:${token}` });
    app = startBuilt(API_MAIN, env);
    const url = `http://127.0.0.1:${env.PORT}/api/cluster/tenant/list`;

    expect((await waitForHttp(url, app, 60_000)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(url, { headers: { authorization: `Bearer ${wrongToken}` } })).status).toBe(401);
    const created = await fetch(url.replace('list', 'create'), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant_name: 'logged' }),
    });
    expect(created.status).toBe(200);

    app.child.kill('SIGTERM');
    expect(await exitWithin(app, 30_000)).toBe(0);
    expect(app.output()).toContain('"actor":"ci"');
    expect(app.output()).not.toContain(token);
    expect(app.output()).not.toContain(wrongToken);
  }, 90_000);

  it('a bad ADMIN_TOKENS stops it with exit code 1, without repeating the value', async () => {
    const value = `ci:short-${randomBytes(2).toString('hex')}`;
    app = startBuilt(API_MAIN, await envFor({ ADMIN_TOKENS: value }));

    expect(await exitWithin(app, 30_000)).toBe(1);
    expect(app.output()).toContain('ADMIN_TOKENS: the token of ci must be');
    expect(app.output()).not.toContain(value);
  }, 60_000);
});
