// The worker process (`npm run start:worker`) has no API: with METRICS_PORT it answers GET /metrics on a port of its own.
import { buildApps, freePort, freshEnv, type Started, startBuilt, stopBuilt, waitForHttp, WORKER_MAIN } from '../support/built-app.js';
import { waitUntil } from '../support/consumers.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { Scrape } from '../support/prometheus.js';

// The tests run the compiled apps, as the npm scripts do.
beforeAll(buildApps, 240_000);

describe('a worker process with METRICS_PORT', () => {
  let database: TestDatabase;
  let worker: Started | undefined;
  let metricsUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    worker = startBuilt(WORKER_MAIN, freshEnv({ DATABASE_URL: database.url, METRICS_PORT: String(port), LOG_LEVEL: 'info' }));
    await waitForHttp(metricsUrl, worker, 60_000);
  }, 120_000);

  afterAll(async () => {
    await stopBuilt(worker);
    await database?.drop();
  }, 60_000);

  it('serves its log consumers and the Node process metrics', async () => {
    let scraped: Scrape | undefined;
    await waitUntil('the worker leads its projections and has caught up', async () => {
      scraped = await Scrape.of(metricsUrl);
      return (
        scraped.value('robustmq_admin_log_consumer_leader', { consumer: 'cluster-metadata' }) === 1 &&
        scraped.value('robustmq_admin_log_consumer_lag_events', { consumer: 'cluster-metadata' }) === 0
      );
    });
    expect(scraped!.value('robustmq_admin_log_consumer_leader', { consumer: 'audit-log' })).toBe(1);
    expect(scraped!.value('robustmq_admin_log_consumer_parked_events', { consumer: 'audit-log' })).toBe(0);
    expect(scraped!.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    // No API here: the request metrics have no series.
    expect(scraped!.find('robustmq_admin_http_requests_total')).toEqual([]);
  });

  it('serves nothing else', async () => {
    const response = await fetch(metricsUrl.replace('/metrics', '/api/cluster/tenant/list'));
    expect(response.status).toBe(404);
  });
});
