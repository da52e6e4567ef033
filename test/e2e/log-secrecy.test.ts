// No secret in any log line: the built app, with its embedded Postgres, Kafka and every kind of secret
// a client or an operator gives it (bearer tokens, passwords, connector secrets, an Idempotency-Key,
// database URLs), at LOG_LEVEL=trace; then every line it wrote, and its Postgres log, are searched.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPool } from '#libs/database';
import { KAFKA_PUBLISHER_NAME } from '#libs/messaging';
import { projections } from '#libs/read-models';
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
import { waitUntilCaughtUp } from '../support/consumers.js';

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

/** The secrets the run uses, by what they are; none may appear in a log. */
const SECRETS = {
  adminToken: secret('admin-token'),
  unknownToken: secret('unknown-token'),
  tokenInQuery: secret('query-token'),
  mqttAdminPassword: secret('mqtt-admin-password'),
  userPassword: secret('user-password'),
  refusedUserPassword: secret('refused-user-password'),
  malformedBodyPassword: secret('malformed-body-password'),
  connectorPassword: secret('connector-password'),
  connectorApiKey: secret('connector-api-key'),
  unstorablePassword: secret('unstorable-password'),
  idempotencyKey: secret('idempotency-key'),
  databaseUrlPassword: secret('database-url-password'),
};

/** The lines of `text` that hold any of the secrets, by the secret's name; {} when none. */
function leaks(text: string, secrets: Record<string, string>): Record<string, string[]> {
  const lines = text.split('\n');
  const found = Object.entries(secrets).map(([name, value]) => [name, lines.filter((line) => line.includes(value))] as const);
  return Object.fromEntries(found.filter(([, holding]) => holding.length > 0));
}

describe('secrets never reach the logs', () => {
  let workDir: string;
  let app: Started | undefined;

  beforeAll(() => {
    buildApps();
    workDir = mkdtempSync(path.join(os.tmpdir(), 'robustmq-admin-log-secrecy-'));
    // As root, the embedded Postgres runs as the `postgres` user, who must reach its data folder.
    chmodSync(workDir, 0o755);
  }, 240_000);

  afterAll(async () => {
    await stopBuilt(app);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it('a run with tokens, passwords, connector secrets, an Idempotency-Key and refused requests logs none of them, nor the database password', async () => {
    const dataDir = path.join(workDir, 'data');
    const port = await freePort();
    const databasePort = await freePort();
    app = startBuilt(
      API_MAIN,
      freshEnv({
        PORT: String(port),
        DATA_DIR: dataDir,
        EMBEDDED_POSTGRES_PORT: String(databasePort),
        KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
        KAFKA_TOPIC_PREFIX: `secrecy-${randomBytes(4).toString('hex')}.`,
        ADMIN_TOKENS: `ops:${SECRETS.adminToken}`,
        MQTT_ADMIN_PASSWORD: SECRETS.mqttAdminPassword,
        LOG_LEVEL: 'trace',
      }),
    );
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/api/cluster/tenant/list`, app, 120_000);
    const send = async (method: string, url: string, body?: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${base}${url}`, {
        method,
        body,
        headers: { authorization: `Bearer ${SECRETS.adminToken}`, 'content-type': 'application/json', ...headers },
      });
      await response.text();
      return response.status;
    };
    const post = (url: string, body: unknown, headers?: Record<string, string>) => send('POST', url, JSON.stringify(body), headers);
    const rabbitmq = (name: string, password: string) => ({
      tenant: 'secrecy',
      connector_name: name,
      connector_type: 'rabbitmq',
      topic_name: 'sensor/a',
      config: JSON.stringify({
        server: 'rabbit:5672',
        username: 'svc',
        password,
        exchange: 'x',
        nested: { api_key: SECRETS.connectorApiKey },
      }),
      failure_strategy: { strategy: 'discard' },
    });
    const user = { tenant: 'secrecy', username: 'alice', password: SECRETS.userPassword };
    const idempotent = { 'idempotency-key': SECRETS.idempotencyKey };

    const statuses = {
      tenant: await post('/api/cluster/tenant/create', { tenant_name: 'secrecy' }),
      user: await post('/api/cluster/user/create', user, idempotent),
      userRepeated: await post('/api/cluster/user/create', user, idempotent),
      keyReusedForAnotherBody: await post('/api/cluster/user/create', { ...user, username: 'bob' }, idempotent),
      refusedUser: await post('/api/cluster/user/create', { tenant: 'secrecy', username: '', password: SECRETS.refusedUserPassword }),
      malformedBody: await send(
        'POST',
        '/api/cluster/user/create',
        `{"tenant":"secrecy","username":"carol","password":"${SECRETS.malformedBodyPassword}"`,
      ),
      connector: await post('/api/cluster/connector/create', rabbitmq('rabbit', SECRETS.connectorPassword)),
      // A NUL, escaped inside the config's JSON text: Postgres cannot store it in the event's jsonb.
      unstorableConnector: await post('/api/cluster/connector/create', rabbitmq('rabbit-nul', `${SECRETS.unstorablePassword}\u0000`)),
      unknownToken: await send('GET', '/api/cluster/user/list?tenant=secrecy', undefined, {
        authorization: `Bearer ${SECRETS.unknownToken}`,
      }),
      // RFC 6750's query form, which this API does not take: the request line is logged all the same.
      tokenInQuery: await send('GET', `/api/cluster/tenant/list?access_token=${SECRETS.tokenInQuery}`, undefined, { authorization: '' }),
      audit: await send('GET', '/api/cluster/audit/list?tenant=secrecy'),
    };
    expect(statuses).toEqual({
      tenant: 200,
      user: 200,
      userRepeated: 200,
      keyReusedForAnotherBody: 409,
      refusedUser: 400,
      malformedBody: 400,
      connector: 200,
      unstorableConnector: 400,
      unknownToken: 401,
      tokenInQuery: 401,
      audit: 200,
    });
    // Every consumer, the Kafka publisher too, has handled every event before the logs are read.
    const databasePassword = readFileSync(path.join(dataDir, 'postgres-password'), 'utf8').trim();
    const pool = createPool(`postgres://postgres:${encodeURIComponent(databasePassword)}@127.0.0.1:${databasePort}/postgres`, 2);
    try {
      for (const consumer of [...projections.map((projection) => projection.name), KAFKA_PUBLISHER_NAME]) {
        await waitUntilCaughtUp(pool, consumer, 60_000);
      }
    } finally {
      await pool.end();
    }
    await stopBuilt(app);
    expect(await app.exited).toBe(0);

    const appLog = app.output();
    const postgresLog = readFileSync(path.join(dataDir, 'postgres.log'), 'utf8');
    // The search reads the right text: the request lines, of refused requests too.
    expect(appLog).toContain('"url":"/api/cluster/connector/create"');
    expect(appLog).toContain('"status":401');
    expect(postgresLog.length).toBeGreaterThan(0);
    const searched = { ...SECRETS, databasePassword };
    expect({ app: leaks(appLog, searched), postgres: leaks(postgresLog, searched) }).toEqual({ app: {}, postgres: {} });
  }, 300_000);

  it('a database URL with a password is not repeated when the start fails, whether the URL is refused or the database is not there', async () => {
    const closedPort = await freePort();
    const urls = [
      `mysql://admin:${SECRETS.databaseUrlPassword}@db:3306/admin`,
      `postgres://admin:${SECRETS.databaseUrlPassword}@127.0.0.1:${closedPort}/admin`,
    ];

    for (const url of urls) {
      const failed = startBuilt(API_MAIN, freshEnv({ DATABASE_URL: url, PORT: '0', LOG_LEVEL: 'trace' }));
      expect(await exitWithin(failed, 60_000)).toBe(1);
      expect(failed.output()).toMatch(/cannot start|failed to start/);
      expect(leaks(failed.output(), { databaseUrlPassword: SECRETS.databaseUrlPassword })).toEqual({});
    }
  }, 150_000);
});
