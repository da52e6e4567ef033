// Idempotency-Key on POST requests (API-CONTRACT §8), over HTTP against the whole service and its Postgres.
import { randomBytes, randomUUID } from 'node:crypto';
import { IdempotencyKeys, requestFingerprint } from '../../apps/api/src/http/idempotency-keys.js';
import { type HttpResult, startTestApp, type TestApp } from '../support/app.js';

const CI_TOKEN = `ci-${randomBytes(16).toString('hex')}`;
const OPS_TOKEN = `ops-${randomBytes(16).toString('hex')}`;
const TOKENS = { ADMIN_TOKENS: `ci:${CI_TOKEN},ops:${OPS_TOKEN}` };
const CREATE = '/api/cluster/tenant/create';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(TOKENS);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const uniqueName = (label: string) => `${label}-${randomBytes(5).toString('hex')}`;

function post(target: TestApp, path: string, body: unknown, key: string | undefined, token = CI_TOKEN): Promise<HttpResult> {
  return target.post(path, body, { authorization: `Bearer ${token}`, ...(key === undefined ? {} : { 'idempotency-key': key }) });
}

async function eventsOf(tenant_name: string): Promise<string[]> {
  const { rows } = await app.database.pool.query<{ event_type: string }>(
    "SELECT event_type FROM events WHERE data->>'tenant_name' = $1 ORDER BY position",
    [tenant_name],
  );
  return rows.map((row) => row.event_type);
}

/** What a client sees of an answer: enough to tell a replay from a new run. */
const seen = (response: HttpResult) => ({
  status: response.status,
  body: response.body,
  position: response.headers.get('x-event-position'),
  readYourWrites: response.headers.get('x-read-your-writes'),
});

describe('a POST repeated with the same Idempotency-Key', () => {
  it('gets the first answer (status, body, event position), marked as replayed, and appends nothing', async () => {
    const tenant_name = uniqueName('repeat');
    const key = randomUUID();
    const first = await post(app, CREATE, { tenant_name, desc: 'first' }, key);
    const repeat = await post(app, CREATE, { tenant_name, desc: 'first' }, key);

    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(seen(repeat)).toEqual(seen(first));
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(await eventsOf(tenant_name)).toEqual(['TenantCreated']);
  });

  it('is the same request whatever the order of its body fields', async () => {
    const tenant_name = uniqueName('order');
    const key = randomUUID();
    const first = await post(app, CREATE, { tenant_name, desc: 'x' }, key);
    const repeat = await post(app, CREATE, { desc: 'x', tenant_name }, key);
    expect(seen(repeat)).toEqual(seen(first));
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
  });

  it('sent 10 times at once, runs once: every copy gets the same 200 and one event is appended', async () => {
    const tenant_name = uniqueName('concurrent');
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(app, CREATE, { tenant_name }, key)));

    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((answer) => JSON.stringify(seen(answer)))).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
    expect(await eventsOf(tenant_name)).toEqual(['TenantCreated']);
  });

  it('at another instance on the same database, gets the first instance’s answer', async () => {
    const other = await startTestApp({ ...TOKENS, RUN_WORKERS: 'false' }, app.database);
    try {
      const tenant_name = uniqueName('instances');
      const key = randomUUID();
      const first = await post(app, CREATE, { tenant_name }, key);
      const repeat = await post(other, CREATE, { tenant_name }, key);
      expect(seen(repeat)).toEqual(seen(first));
      expect(repeat.headers.get('idempotent-replayed')).toBe('true');
      expect(await eventsOf(tenant_name)).toEqual(['TenantCreated']);
    } finally {
      await other.close();
    }
  });

  it('gets a first answer that was a refusal as it was (a 409 stays the same 409)', async () => {
    const tenant_name = uniqueName('refused');
    await post(app, CREATE, { tenant_name }, undefined);
    const key = randomUUID();
    const first = await post(app, CREATE, { tenant_name }, key);
    const repeat = await post(app, CREATE, { tenant_name }, key);
    expect(first.status).toBe(409);
    expect(seen(repeat)).toEqual(seen(first));
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('an Idempotency-Key', () => {
  it('used again for another body is refused with 409 naming the key, and nothing is appended', async () => {
    const key = randomUUID();
    const tenant_name = uniqueName('first-body');
    await post(app, CREATE, { tenant_name }, key);
    const other_name = uniqueName('other-body');
    const reused = await post(app, CREATE, { tenant_name: other_name }, key);

    expect(reused.status).toBe(409);
    expect(reused.body).toEqual({
      code: 100,
      data: '',
      error: expect.stringContaining(`Idempotency-Key ${key} was used for another request`),
      message: reused.body.error,
    });
    expect(await eventsOf(other_name)).toEqual([]);
  });

  it('used again for another route is refused with 409', async () => {
    const key = randomUUID();
    const tenant_name = uniqueName('route');
    await post(app, CREATE, { tenant_name }, key);
    const reused = await post(app, '/api/cluster/tenant/delete', { tenant_name }, key);
    expect(reused.status).toBe(409);
    expect(await eventsOf(tenant_name)).toEqual(['TenantCreated']);
  });

  it('belongs to the token that sent it: another token with the same key runs its own request', async () => {
    const key = randomUUID();
    const first_name = uniqueName('ci');
    const second_name = uniqueName('ops');
    expect((await post(app, CREATE, { tenant_name: first_name }, key, CI_TOKEN)).status).toBe(200);
    const other = await post(app, CREATE, { tenant_name: second_name }, key, OPS_TOKEN);
    expect(other.status).toBe(200);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(await eventsOf(second_name)).toEqual(['TenantCreated']);
  });

  it('that expired is free again: the repeat runs the request anew', async () => {
    const key = randomUUID();
    const tenant_name = uniqueName('expired');
    await post(app, CREATE, { tenant_name }, key);
    await app.database.pool.query("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1", [key]);
    const repeat = await post(app, CREATE, { tenant_name }, key);
    // Run again, so refused as a duplicate this time, instead of the first 200 replayed.
    expect(repeat.status).toBe(409);
    expect(repeat.headers.get('idempotent-replayed')).toBeNull();
  });

  it.each([
    ['longer than 255 characters', 'k'.repeat(256)],
    ['with a space', 'two words'],
    ['with a character outside ASCII', 'clé'],
  ])('%s is refused with 400 before anything runs', async (_case, key) => {
    const tenant_name = uniqueName('bad-key');
    const response = await post(app, CREATE, { tenant_name }, key);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/^Idempotency-Key: /);
    expect(await eventsOf(tenant_name)).toEqual([]);
  });
});

describe('the idempotency_keys table', () => {
  it('keeps a key for IDEMPOTENCY_KEY_TTL_SECONDS, and the purge deletes only expired keys', async () => {
    const keys = new IdempotencyKeys(app.database.pool, 60);
    const fingerprint = requestFingerprint('POST', CREATE, {});
    const [kept, expired] = [randomUUID(), randomUUID()];
    await keys.claim('purge-test', kept, fingerprint);
    await keys.claim('purge-test', expired, fingerprint);
    await app.database.pool.query("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1", [expired]);

    const { rows } = await app.database.pool.query<{ seconds: number }>(
      'SELECT extract(epoch FROM expires_at - claimed_at)::int AS seconds FROM idempotency_keys WHERE key = $1',
      [kept],
    );
    expect(rows[0]!.seconds).toBe(60);
    await keys.purgeExpired();
    const left = await app.database.pool.query<{ key: string }>("SELECT key FROM idempotency_keys WHERE scope = 'purge-test' ORDER BY key");
    expect(left.rows.map((row) => row.key)).toEqual([kept]);
  });
});
