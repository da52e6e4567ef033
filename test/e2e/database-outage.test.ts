// Postgres going away under a running service: clients get 503 in the envelope, the process survives,
// and once Postgres is back the service recovers by itself, with no command half-applied.
import 'reflect-metadata';
import { startService, type RunningService } from '../../apps/api/src/service.js';
import { runCommand } from '#libs/application';
import { loadSettings } from '#libs/config';
import { createPool } from '#libs/database';
import { clusterConfigDecider, SetClusterConfig } from '#libs/domain/cluster-config';
import { projections } from '#libs/read-models';
import { createLogger } from '#libs/runtime';
import { CommandStream } from '../support/command-stream.js';
import { waitUntil, waitUntilCaughtUp } from '../support/consumers.js';
import { startPostgres, type PostgresServer } from '../support/postgres-server.mjs';
import { readModelSnapshot, rebuildReadModels } from '../support/read-model-rebuild.js';

const UNAVAILABLE = {
  code: 100,
  data: '',
  error: 'database unavailable; try again',
  message: 'database unavailable; try again',
};

describe('when Postgres becomes unreachable', () => {
  let postgres: PostgresServer;
  let service: RunningService | undefined;

  beforeAll(async () => {
    postgres = await startPostgres();
    const settings = loadSettings({ DATABASE_URL: postgres.url, PORT: '0', LOG_LEVEL: 'silent', CONSUMER_POLL_INTERVAL_MS: '100' });
    service = await startService(settings, createLogger(settings));
    // The admin rate limit (50 requests per path and second by default) would answer part of a loop 429.
    await runCommand(service.store, clusterConfigDecider, new SetClusterConfig('ClusterLimit', { max_admin_http_uri_rate: 1_000_000 }));
    await service.liveConfig.refresh();
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await postgres?.stop();
  }, 60_000);

  const post = (path: string, body: unknown) =>
    fetch(`${service!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('reads and commands answer 503 in the envelope, and the process keeps serving', async () => {
    expect((await post('/api/cluster/tenant/create', { tenant_name: 'before-outage' })).status).toBe(200);

    await postgres.halt();
    try {
      const listed = await fetch(`${service!.url}/api/cluster/tenant/list`);
      expect(listed.status).toBe(503);
      expect(await listed.json()).toEqual(UNAVAILABLE);
      const created = await post('/api/cluster/tenant/create', { tenant_name: 'during-outage' });
      expect(created.status).toBe(503);
      expect(await created.json()).toEqual(UNAVAILABLE);
      // The process is still serving: what needs no database still answers.
      const invalid = await post('/api/cluster/tenant/create', { tenant_name: '' });
      expect(invalid.status).toBe(400);
    } finally {
      await postgres.resume();
    }
  }, 60_000);

  it('commands sent in a loop while Postgres stops and starts again: 503 in the envelope while it is down, 200 again once it is back, without a restart, and no command half-applied', async () => {
    const stream = new CommandStream(() => [service!.url]);
    const answeredWith = (status: number) => stream.outcomes.filter((outcome) => outcome.status === status).length;
    stream.start();
    try {
      await stream.answered(20);
      await postgres.halt();
      await waitUntil('commands were answered 503', () => answeredWith(503) >= 5);
      await postgres.resume();
      const succeededBefore = answeredWith(200);
      await waitUntil('commands succeed again', () => answeredWith(200) >= succeededBefore + 20, 60_000);
    } finally {
      await stream.stop();
    }
    const failed = stream.outcomes.filter((outcome) => outcome.status !== 200);
    expect(failed.length).toBeGreaterThanOrEqual(5);
    for (const outcome of failed) expect({ status: outcome.status, body: outcome.body }).toEqual({ status: 503, body: UNAVAILABLE });

    const pool = createPool(postgres.url, 2);
    try {
      // The service's own projectors resumed.
      for (const projection of projections) await waitUntilCaughtUp(pool, projection.name, 60_000);
      // Each command's events, by the request id they carry: a command answered 200 has its events in the
      // log, in one transaction, the last one at the position it answered with; one answered 503 has none.
      const appended = await pool.query<{ request_id: string; transactions: string; last_position: string }>(
        `SELECT metadata->>'request_id' AS request_id, count(DISTINCT transaction_id)::text AS transactions, max(position)::text AS last_position
           FROM events WHERE metadata->>'request_id' = ANY($1) GROUP BY 1`,
        [stream.outcomes.map((outcome) => outcome.requestId)],
      );
      const eventsOf = new Map(appended.rows.map(({ request_id, ...events }) => [request_id, events]));
      expect(stream.outcomes.map((outcome) => ({ request: outcome.requestId, events: eventsOf.get(outcome.requestId) }))).toEqual(
        stream.outcomes.map((outcome) => ({
          request: outcome.requestId,
          events: outcome.status === 200 ? { transactions: '1', last_position: outcome.position } : undefined,
        })),
      );

      await service!.close();
      service = undefined;
      const live = await readModelSnapshot(pool);
      expect(await rebuildReadModels({ url: postgres.url, pool })).toEqual(live);
    } finally {
      await pool.end();
    }
  }, 120_000);
});
