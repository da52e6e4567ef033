// Postgres going away under a running service: clients get 503 in the envelope, the process survives.
import 'reflect-metadata';
import { startService, type RunningService } from '../../apps/api/src/service.js';
import { loadSettings } from '#libs/config';
import { createLogger } from '#libs/runtime';
import { startPostgres, type PostgresServer } from '../support/postgres-server.mjs';

describe('when Postgres becomes unreachable', () => {
  let postgres: PostgresServer;
  let service: RunningService;

  beforeAll(async () => {
    postgres = await startPostgres();
    const settings = loadSettings({ DATABASE_URL: postgres.url, PORT: '0', LOG_LEVEL: 'silent', CONSUMER_POLL_INTERVAL_MS: '100' });
    service = await startService(settings, createLogger(settings));
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await postgres?.stop();
  }, 60_000);

  const post = (path: string, body: unknown) =>
    fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('reads and commands answer 503 in the envelope, and the process keeps serving', async () => {
    expect((await post('/api/cluster/tenant/create', { tenant_name: 'before-outage' })).status).toBe(200);

    await postgres.stop();

    const listed = await fetch(`${service.url}/api/cluster/tenant/list`);
    expect(listed.status).toBe(503);
    expect(await listed.json()).toEqual({
      code: 100,
      data: '',
      error: 'database unavailable; try again',
      message: 'database unavailable; try again',
    });
    const created = await post('/api/cluster/tenant/create', { tenant_name: 'during-outage' });
    expect(created.status).toBe(503);
    expect(await created.json()).toEqual({
      code: 100,
      data: '',
      error: 'database unavailable; try again',
      message: 'database unavailable; try again',
    });
    // The process is still serving: what needs no database still answers.
    const invalid = await post('/api/cluster/tenant/create', { tenant_name: '' });
    expect(invalid.status).toBe(400);
  }, 60_000);
});
