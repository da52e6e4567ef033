// GET /metrics (Prometheus text format) after real traffic, against the whole service, a real Postgres and real Kafka.
import { randomBytes } from 'node:crypto';
import { freePort } from '#libs/database';
import { defineStreamType } from '#libs/domain/shared';
import { ConcurrencyConflictError } from '#libs/event-store';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventsBehind, waitUntil } from '../support/consumers.js';
import { Scrape } from '../support/prometheus.js';

const TOKEN = `ops-${randomBytes(16).toString('hex')}`;
const AUTHORIZED = { authorization: `Bearer ${TOKEN}` };
const REQUESTS = 'robustmq_admin_http_requests_total';
const LATENCY_COUNT = 'robustmq_admin_http_request_duration_seconds_count';
const counterStream = defineStreamType('metrics_test_counter', ['counter_name']);
const unique = (label: string) => `${label}-${randomBytes(5).toString('hex')}`;

/** The audit log refuses rows of tenants named poison-*, as a bug would: the audit-log consumer parks their events. */
const REFUSE_POISONED_AUDIT_ROWS = `
  CREATE FUNCTION refuse_poisoned_audit() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.name LIKE 'poison-%' THEN RAISE EXCEPTION 'audit row % is poisoned', NEW.name; END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER refuse_poisoned_audit BEFORE INSERT ON rm_audit FOR EACH ROW EXECUTE FUNCTION refuse_poisoned_audit()`;

describe('GET /metrics', () => {
  let app: TestApp;
  const scrape = () => Scrape.of(`${app.service.url}/metrics`);
  const createTenant = (tenant_name: string) => app.post('/api/cluster/tenant/create', { tenant_name }, AUTHORIZED);

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_TOKENS: `ops:${TOKEN}`, KAFKA_BROKERS: process.env.KAFKA_BROKERS!, CONSUMER_MAX_ATTEMPTS: '1' });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('needs no token, and answers in the Prometheus text format with the Node process metrics', async () => {
    const response = await fetch(`${app.service.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const scraped = await scrape();
    expect(scraped.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(scraped.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(scraped.find('nodejs_eventloop_lag_seconds')).toHaveLength(1);
  });

  it('counts requests and their latency by route pattern and status, never by URL', async () => {
    const tenants = [unique('counted'), unique('counted'), unique('counted')];
    for (const tenant of tenants) expect((await createTenant(tenant)).status).toBe(200);
    expect((await createTenant(tenants[0]!)).status).toBe(409);
    for (const tenant of tenants.slice(0, 2)) {
      expect((await app.send('GET', `/api/cluster/tenant/list?tenant_name=${tenant}`, undefined, AUTHORIZED)).status).toBe(200);
    }
    expect((await app.get('/api/cluster/tenant/list')).status).toBe(401);
    const randomPath = `/no/such/${unique('path')}`;
    expect((await app.get(randomPath)).status).toBe(404);

    const expected = [
      [{ method: 'POST', route: '/api/cluster/tenant/create', status: '200' }, 3],
      [{ method: 'POST', route: '/api/cluster/tenant/create', status: '409' }, 1],
      [{ method: 'GET', route: '/api/cluster/tenant/list', status: '200' }, 2],
      [{ method: 'GET', route: '/api/cluster/tenant/list', status: '401' }, 1],
      [{ method: 'GET', route: '(no route)', status: '404' }, 1],
    ] as const;
    // A request is counted once its answer has gone out, which the client may see first.
    await waitUntil('the requests are counted', async () => {
      const scraped = await scrape();
      return expected.every(([labels, count]) => scraped.value(REQUESTS, labels) === count);
    });
    const scraped = await scrape();
    for (const [labels, count] of expected) expect(scraped.value(LATENCY_COUNT, labels)).toBe(count);
    const routes = new Set(scraped.find(REQUESTS).map((sample) => sample.labels.route));
    expect([...routes].filter((route) => route!.includes('?') || route!.includes('no/such'))).toEqual([]);
  });

  it('reports the latency of appends and counts concurrency conflicts', async () => {
    const before = await scrape();
    const appendedBefore = before.value('robustmq_admin_event_append_duration_seconds_count', { outcome: 'appended' }) ?? 0;
    const stream = counterStream.id(unique('counter'));
    await app.service.store.appendToStream(stream, counterStream.name, 'no_stream', [{ type: 'CounterStarted', data: {} }]);
    // A writer that read the stream before that append: refused.
    await expect(
      app.service.store.appendToStream(stream, counterStream.name, 'no_stream', [{ type: 'CounterStarted', data: {} }]),
    ).rejects.toThrow(ConcurrencyConflictError);

    const after = await scrape();
    expect(after.value('robustmq_admin_event_append_duration_seconds_count', { outcome: 'appended' })).toBe(appendedBefore + 1);
    expect(after.value('robustmq_admin_event_append_conflicts_total')).toBe(1);
    expect(after.value('robustmq_admin_event_append_duration_seconds_count', { outcome: 'conflict' })).toBe(1);
    expect(after.value('robustmq_admin_event_append_duration_seconds_sum', { outcome: 'appended' })).toBeGreaterThan(0);
  });

  it('reports every log consumer of the process: leader, lag in events and in time, parked events', async () => {
    await app.database.pool.query(REFUSE_POISONED_AUDIT_ROWS);
    expect((await createTenant(unique('poison'))).status).toBe(200);
    await waitUntil('the audit log parked the poisoned event', async () => {
      const scraped = await scrape();
      return scraped.value('robustmq_admin_log_consumer_parked_events', { consumer: 'audit-log' }) === 1;
    });

    // A consumer that stops falls behind by every event appended after it stopped.
    const audit = app.service.workers!.runners.find((runner) => runner.status().name === 'audit-log')!;
    await audit.stop();
    for (let i = 0; i < 3; i++) expect((await createTenant(unique('unaudited'))).status).toBe(200);
    const behind = await eventsBehind(app.database.pool, 'audit-log');
    expect(behind).toBeGreaterThanOrEqual(3);
    let scraped = await scrape();
    await waitUntil('the audit-log lag is sampled again', async () => {
      scraped = await scrape();
      return scraped.value('robustmq_admin_log_consumer_lag_events', { consumer: 'audit-log' }) === behind;
    });
    expect(scraped.value('robustmq_admin_log_consumer_leader', { consumer: 'audit-log' })).toBe(0);
    expect(scraped.value('robustmq_admin_log_consumer_lag_seconds', { consumer: 'audit-log' })).toBeGreaterThan(0);
    expect(scraped.value('robustmq_admin_log_consumer_leader', { consumer: 'cluster-metadata' })).toBe(1);
    expect(scraped.value('robustmq_admin_log_consumer_lag_events', { consumer: 'cluster-metadata' })).toBe(0);
    expect(scraped.value('robustmq_admin_log_consumer_lag_seconds', { consumer: 'cluster-metadata' })).toBe(0);
    expect(scraped.value('robustmq_admin_log_consumer_parked_events', { consumer: 'cluster-metadata' })).toBe(0);
    expect(scraped.value('robustmq_admin_log_consumer_leader', { consumer: 'kafka-publisher' })).toBe(1);
  });

  it('counts the records Kafka acknowledged', async () => {
    const { rows } = await app.database.pool.query<{ count: string }>('SELECT count(*) FROM events');
    await waitUntil('every event is published', async () => (await eventsBehind(app.database.pool, 'kafka-publisher')) === 0);
    const scraped = await scrape();
    // At least once: a batch whose acknowledgement was lost is sent again.
    expect(scraped.value('robustmq_admin_kafka_records_sent_total')).toBeGreaterThanOrEqual(Number(rows[0]!.count));
    expect(scraped.value('robustmq_admin_kafka_send_errors_total')).toBe(0);
  });
});

// Kafka's address is a loopback port nothing listens on (one that was free a moment ago).
describe('GET /metrics with Kafka out of reach', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ KAFKA_BROKERS: `127.0.0.1:${await freePort()}` });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('counts the failed sends, and the publisher falls behind', async () => {
    let scraped: Scrape | undefined;
    await waitUntil(
      'a send to Kafka failed',
      async () => {
        scraped = await Scrape.of(`${app.service.url}/metrics`);
        return (scraped.value('robustmq_admin_kafka_send_errors_total') ?? 0) >= 1;
      },
      60_000,
    );
    expect(scraped!.value('robustmq_admin_kafka_records_sent_total')).toBe(0);
    expect(scraped!.value('robustmq_admin_log_consumer_lag_events', { consumer: 'kafka-publisher' })).toBeGreaterThan(0);
  }, 90_000);
});
