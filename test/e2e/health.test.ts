// The health checks (API-CONTRACT §7) against the whole service: real checks of Postgres, migrations,
// Kafka and the node registry, answered without credentials or rate limit, and fast when Postgres hangs.
import 'reflect-metadata';
import { startService, type RunningService } from '../../apps/api/src/service.js';
import { runCommand } from '#libs/application';
import { HEARTBEAT } from '#libs/cluster';
import { loadSettings } from '#libs/config';
import { freePort } from '#libs/database';
import { clusterConfigDecider, SetClusterConfig } from '#libs/domain/cluster-config';
import { createLogger } from '#libs/runtime';
import { startTestApp, type TestApp } from '../support/app.js';
import { waitUntil } from '../support/consumers.js';
import { createTestDatabase } from '../support/database.js';
import { startFreezableProxy } from '../support/freezable-proxy.js';
import { startPostgres, type PostgresServer } from '../support/postgres-server.mjs';

const LAST_MIGRATION = '0017_meta_and_mqtt_projectors.sql';

const seedBody = (checkType: string, status: string, message: unknown) => ({
  code: 0,
  message: 'success',
  data: { status, check_type: checkType, message },
  error: null,
});

describe('the health checks of a running service', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({}, undefined, { keepDefaultRateLimit: true });
    // One request per second and path: the health checks must not be limited, the API is.
    await runCommand(app.service.store, clusterConfigDecider, new SetClusterConfig('ClusterLimit', { max_admin_http_uri_rate: 1 }));
    await app.service.liveConfig.refresh();
  }, 120_000);
  afterAll(() => app?.close(), 60_000);

  it('liveness answers the seed body at both paths', async () => {
    for (const path of ['/cluster/healthy', '/api/cluster/healthy']) {
      const response = await app.get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.body).toEqual({ code: 0, message: 'success', data: true, error: null });
    }
  });

  it('ready, node and cluster are ok, under both prefixes, and none is rate limited', async () => {
    const limited = [await app.get('/api/cluster/tenant/list'), await app.get('/api/cluster/tenant/list')];
    expect(limited.map((response) => response.status)).toContain(429);

    for (const prefix of ['', '/api']) {
      for (let i = 0; i < 3; i++) {
        const ready = await app.get(`${prefix}/health/ready`);
        expect([ready.status, ready.body]).toEqual([200, seedBody('ready', 'ok', 'all configured ports are ready')]);
        const node = await app.get(`${prefix}/health/node`);
        expect([node.status, node.body]).toEqual([
          200,
          seedBody('node', 'ok', expect.stringMatching(/^Postgres, migrations ok; leads .*meta/)),
        ]);
        const cluster = await app.get(`${prefix}/health/cluster`);
        expect([cluster.status, cluster.body]).toEqual([
          200,
          seedBody(
            'cluster',
            'ok',
            expect.stringContaining('1 node heartbeating within 30000 ms; every worker has a leader (meta by node'),
          ),
        ]);
      }
    }
  });

  it('ready is 503 naming the migration that is not applied, and 200 once it is', async () => {
    await app.database.pool.query('DELETE FROM schema_migrations WHERE version = $1', [LAST_MIGRATION]);
    try {
      const ready = await app.get('/health/ready');
      expect([ready.status, ready.body]).toEqual([503, seedBody('ready', 'not_ready', `migrations: not applied: ${LAST_MIGRATION}`)]);
      const node = await app.get('/health/node');
      expect(node.body.data).toEqual({ status: 'degraded', check_type: 'node', message: `migrations: not applied: ${LAST_MIGRATION}` });
    } finally {
      await app.database.pool.query('INSERT INTO schema_migrations (version) VALUES ($1)', [LAST_MIGRATION]);
    }
    expect((await app.get('/health/ready')).status).toBe(200);
  });

  it('cluster health names a process that stopped heartbeating, and the status leaves it out', async () => {
    const silentMs = HEARTBEAT.timeoutMs + 5_000;
    const { rows } = await app.database.pool.query<{ node_id: string }>(
      `INSERT INTO cluster_nodes (node_ip, hostname, pid, roles, version, start_time, register_time, heartbeat_at)
       VALUES ('10.1.2.3', 'gone-host', 4242, '{worker}', '0.1.0', 1, 1, now() - make_interval(secs => $1::double precision / 1000))
       RETURNING node_id`,
      [silentMs],
    );
    const deadId = Number(rows[0]!.node_id);
    try {
      const cluster = await app.get('/health/cluster');
      expect(cluster.status).toBe(200);
      expect(cluster.body.data).toEqual({
        status: 'degraded',
        check_type: 'cluster',
        message: expect.stringMatching(
          new RegExp(`^node ${deadId} \\(worker, pid 4242 on gone-host\\) has not heartbeated for \\d+ ms \\(dead\\)$`),
        ),
      });
      // One request a second: the status answers once the rate limit's window allows it.
      let status: { broker_node_list: { node_id: number }[] } | undefined;
      await waitUntil('the status answered', async () => {
        const response = await app.get('/api/cluster/status');
        status = response.status === 200 ? response.body.data : undefined;
        return status !== undefined;
      });
      expect(status!.broker_node_list.map((node) => node.node_id)).toEqual([app.service.node.nodeId]);
    } finally {
      await app.database.pool.query('DELETE FROM cluster_nodes WHERE node_id = $1', [deadId]);
    }
    expect((await app.get('/health/cluster')).body.data.status).toBe('ok');
  });
});

describe('readiness with Kafka configured', () => {
  it('is 503 naming Kafka when no broker answers, and 200 with a broker', async () => {
    const nowhere = await startTestApp({ KAFKA_BROKERS: `127.0.0.1:${await freePort()}` });
    try {
      const ready = await nowhere.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.data).toEqual({ status: 'not_ready', check_type: 'ready', message: expect.stringMatching(/^Kafka: /) });
    } finally {
      await nowhere.close();
    }
    const withKafka = await startTestApp({ KAFKA_BROKERS: process.env.KAFKA_BROKERS! });
    try {
      await waitUntil('the producer connected', async () => (await withKafka.get('/health/ready')).status === 200, 30_000);
      expect((await withKafka.get('/health/ready')).body.data.status).toBe('ok');
    } finally {
      await withKafka.close();
    }
  }, 120_000);
});

describe('health while Postgres is down', () => {
  let postgres: PostgresServer;
  let service: RunningService;
  const get = async (path: string) => {
    const response = await fetch(`${service.url}${path}`);
    return { status: response.status, body: (await response.json()) as { data: { status: string; message: string } } };
  };

  beforeAll(async () => {
    postgres = await startPostgres();
    const settings = loadSettings({ DATABASE_URL: postgres.url, PORT: '0', LOG_LEVEL: 'silent', CONSUMER_POLL_INTERVAL_MS: '100' });
    service = await startService(settings, createLogger(settings));
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await postgres?.stop();
  }, 60_000);

  it('ready is 503 naming Postgres while it is stopped, node and cluster are down, and all is ok again once it is back', async () => {
    expect((await get('/health/ready')).status).toBe(200);

    await postgres.halt();

    const ready = await get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.data).toEqual({ status: 'not_ready', check_type: 'ready', message: expect.stringMatching(/^Postgres: /) });
    const node = await get('/health/node');
    expect([node.status, node.body.data.status, node.body.data.message]).toEqual([503, 'down', expect.stringMatching(/^Postgres: /)]);
    const cluster = await get('/health/cluster');
    expect([cluster.status, cluster.body.data.status]).toEqual([503, 'down']);
    expect((await get('/cluster/healthy')).status).toBe(200);

    await postgres.resume();

    await waitUntil('ready again', async () => (await get('/health/ready')).status === 200, 30_000);
    await waitUntil('the cluster healthy again', async () => (await get('/health/cluster')).body.data.status === 'ok', 30_000);
    // The process lived through the heartbeats that failed, and heartbeats again.
    await waitUntil('the node healthy again', async () => (await get('/health/node')).body.data.status === 'ok', 30_000);
  }, 120_000);
});

describe('health while Postgres hangs', () => {
  it('answers 503 naming Postgres after the checks deadline, instead of hanging', async () => {
    const database = await createTestDatabase();
    const proxy = await startFreezableProxy(database.url);
    const settings = loadSettings({ DATABASE_URL: proxy.url, PORT: '0', LOG_LEVEL: 'silent', KAFKA_BROKERS: '' });
    const service = await startService(settings, createLogger(settings));
    try {
      proxy.freeze();
      const ready = await fetch(`${service.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { data: { message: string } }).data.message).toMatch(
        /^Postgres: Postgres got no answer within 2000 ms/,
      );
      const status = await fetch(`${service.url}/api/cluster/status`);
      expect(status.status).toBe(503);
    } finally {
      // Closing the proxy ends every connection through it, so the service's stop does not wait on them.
      await proxy.close();
      await service.close();
      await database.drop();
    }
  }, 120_000);
});
