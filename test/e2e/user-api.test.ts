// The user endpoints over HTTP, against the whole service, a real Postgres and a real Kafka
// (API-CONTRACT §1-§3, §5; research §3.8): rows, rules, races, and where a password must never be.
import { randomBytes } from 'node:crypto';
import { verifyPassword } from '#libs/application';
import type { PasswordHash } from '#libs/domain/user';
import { EventStore, LOG_START } from '#libs/event-store';
import { type HttpResult, startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';
import { API_MAIN, buildApps, freePort, freshEnv, type Started, startBuilt, stopBuilt } from '../support/built-app.js';
import { waitUntil, waitUntilCaughtUp } from '../support/consumers.js';
import { consumeTopic, recordsInTopic, uniqueTopicPrefix } from '../support/kafka-topics.js';
import { expectFailure, expectListPage, expectSuccess, TEXT_RULE, uniqueName } from '../support/tenant-resource-api.js';

const CLUSTER = '/api/cluster/user';
const PREFIXES = [CLUSTER, '/api/mqtt/user'] as const;
const ADMIN_PASSWORD = `admin-from-env-${randomBytes(6).toString('hex')}`;
const SUPERUSER_CREATED = 'created the MQTT superuser';

let app: TestApp;
const topicPrefix = uniqueTopicPrefix();

beforeAll(async () => {
  app = await startTestApp(
    { MQTT_ADMIN_PASSWORD: ADMIN_PASSWORD, KAFKA_BROKERS: process.env.KAFKA_BROKERS!, KAFKA_TOPIC_PREFIX: topicPrefix },
    undefined,
    { captureLogs: true },
  );
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const create = (body: unknown, prefix: string = CLUSTER) => app.post(`${prefix}/create`, body);
const remove = (body: unknown, prefix: string = CLUSTER) => app.post(`${prefix}/delete`, body);
const list = (params: Record<string, string | number> = {}, prefix: string = CLUSTER) =>
  app.get(`${prefix}/list?${new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]))}`);

/** A tenant of the test's own, so that its list holds only the test's users. */
async function newTenant(label = 'users'): Promise<string> {
  const tenant_name = uniqueName(label);
  expectSuccess(await app.post('/api/cluster/tenant/create', { tenant_name }));
  return tenant_name;
}

async function createAll(tenant: string, usernames: string[]) {
  const responses = await Promise.all(usernames.map((username) => create({ tenant, username, password: 'pw' })));
  for (const response of responses) expectSuccess(response);
}

const usernames = (response: HttpResult): string[] => response.body.data.data.map((row: { username: string }) => row.username);

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe.each(PREFIXES)('%s', (prefix) => {
  it('create, list and delete a user, each change visible in the very next list, rows in RobustMQ’s UserListRow shape', async () => {
    const tenant = await newTenant();
    const before = nowSeconds();

    const created = await create({ tenant, username: 'alice', password: 'secret-1', is_superuser: true }, prefix);
    expectSuccess(created);
    expect(created.headers.get('x-read-your-writes')).toBe('applied');
    const listed = await list({ tenant }, prefix);
    expectListPage(listed);
    expect(listed.body.data).toEqual({
      data: [{ tenant, username: 'alice', is_superuser: true, create_time: expect.any(Number) }],
      total_count: 1,
    });
    const [row] = listed.body.data.data;
    expect(Object.keys(row)).toEqual(['tenant', 'username', 'is_superuser', 'create_time']);
    expect(row.create_time).toBeGreaterThanOrEqual(before);
    expect(row.create_time).toBeLessThanOrEqual(nowSeconds());

    expectSuccess(await remove({ tenant, username: 'alice' }, prefix));
    expect((await list({ tenant }, prefix)).body.data).toEqual({ data: [], total_count: 0 });
  });

  it('a duplicate create answers 409, a delete of a missing user 404, a create in a missing tenant 404', async () => {
    const tenant = await newTenant();
    expectSuccess(await create({ tenant, username: 'bob', password: 'pw' }, prefix));
    expectFailure(await create({ tenant, username: 'bob', password: 'other' }, prefix), 409, `user bob already exists in tenant ${tenant}`);
    expectFailure(await remove({ tenant, username: 'ghost' }, prefix), 404, `user ghost not found in tenant ${tenant}`);
    const missing = uniqueName('no-such-tenant');
    expectFailure(await create({ tenant: missing, username: 'bob', password: 'pw' }, prefix), 404, `tenant ${missing} not found`);
    expectFailure(await remove({ tenant: missing, username: 'bob' }, prefix), 404, `user bob not found in tenant ${missing}`);
  });
});

describe('creating a user', () => {
  it('without tenant or is_superuser puts it in the default tenant, not a superuser; delete without tenant removes it there', async () => {
    const username = uniqueName('defaults');
    expectSuccess(await create({ username, password: 'pw' }));
    expect((await list({ tenant: 'default', username })).body.data.data).toEqual([
      { tenant: 'default', username, is_superuser: false, create_time: expect.any(Number) },
    ]);
    expectSuccess(await remove({ username }));
    expect((await list({ tenant: 'default', username })).body.data.total_count).toBe(0);
  });

  it('treats null tenant and null is_superuser as absent, and ignores fields it does not know', async () => {
    const username = uniqueName('nulls');
    expectSuccess(await create({ tenant: null, username, password: 'pw', is_superuser: null, salt: 'x', create_time: 1 }));
    expect((await list({ tenant: 'default', username })).body.data.data).toEqual([
      { tenant: 'default', username, is_superuser: false, create_time: expect.any(Number) },
    ]);
  });

  it('the same username in two tenants is two users; deleting one leaves the other', async () => {
    const [first, second] = [await newTenant(), await newTenant()];
    expectSuccess(await create({ tenant: first, username: 'carol', password: 'pw' }));
    expectSuccess(await create({ tenant: second, username: 'carol', password: 'pw', is_superuser: true }));
    expectSuccess(await remove({ tenant: first, username: 'carol' }));
    expect((await list({ tenant: first })).body.data.total_count).toBe(0);
    expect(usernames(await list({ tenant: second }))).toEqual(['carol']);
  });

  it('works again after the user was deleted, with the new values only; a second delete answers 404', async () => {
    const tenant = await newTenant();
    expectSuccess(await create({ tenant, username: 'dave', password: 'pw', is_superuser: true }));
    expectSuccess(await remove({ tenant, username: 'dave' }));
    expectFailure(await remove({ tenant, username: 'dave' }), 404, `user dave not found in tenant ${tenant}`);
    expectSuccess(await create({ tenant, username: 'dave', password: 'pw2' }));
    expect((await list({ tenant })).body.data.data).toEqual([
      { tenant, username: 'dave', is_superuser: false, create_time: expect.any(Number) },
    ]);
  });

  it('accepts the boundary lengths, counted in characters: 64-character usernames and tenant names, 128-character passwords', async () => {
    const tenant = `${uniqueName('t')}-${'é'.repeat(64)}`.slice(0, 64);
    expectSuccess(await app.post('/api/cluster/tenant/create', { tenant_name: tenant }));
    const username = '🔑'.repeat(64);
    expectSuccess(await create({ tenant, username, password: '密'.repeat(128) }));
    expectSuccess(await create({ tenant, username: 'u', password: 'p' }));
    expect(usernames(await list({ tenant }))).toEqual(['u', username]);
  });

  it('stores unicode, SQL-looking and inherited names verbatim, and finds them by filter', async () => {
    const tenant = await newTenant();
    const names = ["'; DROP TABLE rm_users; --", 'Robert"); DELETE FROM events;--', 'ユーザー-Ünïcødé', '__proto__', 'constructor', '%_\\'];
    for (const username of names) expectSuccess(await create({ tenant, username, password: "' OR '1'='1" }));
    const listed = await list({ tenant, limit: 100 });
    expect(usernames(listed).sort()).toEqual([...names].sort());
    expect(listed.body.data.total_count).toBe(names.length);
    for (const username of names) expect(usernames(await list({ tenant, username }))).toEqual([username]);
  });

  it('by 20 clients at once with the same new username succeeds exactly once; the other nineteen get 409', async () => {
    const tenant = await newTenant('race');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, client) =>
        create({ tenant, username: 'same', password: `pw-${client}`, is_superuser: client % 2 === 0 }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, ...Array(19).fill(409)]);
    for (const response of responses) {
      if (response.status !== 200) expectFailure(response, 409, `user same already exists in tenant ${tenant}`);
    }
    const winner = responses.findIndex((response) => response.status === 200);
    expect((await list({ tenant })).body.data).toEqual({
      data: [{ tenant, username: 'same', is_superuser: winner % 2 === 0, create_time: expect.any(Number) }],
      total_count: 1,
    });
    // The one stored hash is the winner's password.
    const [event] = await app.database.pool
      .query("SELECT data FROM events WHERE stream_id = $1 AND event_type = 'UserCreated'", [`user-${tenant}/same`])
      .then((result) => result.rows);
    expect(await verifyPassword(`pw-${winner}`, event.data.password_hash as PasswordHash)).toBe(true);
  }, 60_000);
});

describe('validation', () => {
  const invalidCreates: [string, unknown, string][] = [
    ['username is missing', { password: 'pw' }, 'username: is required'],
    ['username is null', { username: null, password: 'pw' }, 'username: is required'],
    ['username is a number', { username: 42, password: 'pw' }, 'username: must be a string'],
    ['username is an array', { username: ['a'], password: 'pw' }, 'username: must be a string'],
    ['username is empty', { username: '', password: 'pw' }, 'username: length must be 1-64'],
    ['username has 65 characters', { username: 'u'.repeat(65), password: 'pw' }, 'username: length must be 1-64'],
    ['username has 100,000 characters', { username: 'u'.repeat(100_000), password: 'pw' }, 'username: length must be 1-64'],
    ['username contains a NUL character', { username: 'a\u0000b', password: 'pw' }, `username: ${TEXT_RULE}`],
    ['username contains an unpaired surrogate', { username: 'a\ud800b', password: 'pw' }, `username: ${TEXT_RULE}`],
    ['password is missing', { username: 'u' }, 'password: is required'],
    ['password is null', { username: 'u', password: null }, 'password: is required'],
    ['password is a number', { username: 'u', password: 1234 }, 'password: must be a string'],
    ['password is an object', { username: 'u', password: { plain: 'x' } }, 'password: must be a string'],
    ['password is empty', { username: 'u', password: '' }, 'password: length must be 1-128'],
    ['password has 129 characters', { username: 'u', password: 'p'.repeat(129) }, 'password: length must be 1-128'],
    ['password contains a NUL character', { username: 'u', password: 'p\u0000' }, `password: ${TEXT_RULE}`],
    ['tenant is a number', { tenant: 1, username: 'u', password: 'pw' }, 'tenant: must be a string'],
    ['tenant is empty', { tenant: '', username: 'u', password: 'pw' }, 'tenant: length must be 1-64'],
    ['tenant has 65 characters', { tenant: 't'.repeat(65), username: 'u', password: 'pw' }, 'tenant: length must be 1-64'],
    ['is_superuser is the string "true"', { username: 'u', password: 'pw', is_superuser: 'true' }, 'is_superuser: must be true or false'],
    ['is_superuser is 1', { username: 'u', password: 'pw', is_superuser: 1 }, 'is_superuser: must be true or false'],
    ['the body is an array', [{ username: 'u', password: 'pw' }], 'body: must be a JSON object'],
    ['the body is a string', 'username', 'body: must be a JSON object'],
    [
      'three fields break a rule',
      { tenant: 5, username: '', password: false },
      'tenant: must be a string; username: length must be 1-64; password: must be a string',
    ],
  ];

  it.each(invalidCreates)('create answers 400 when %s, and stores nothing', async (_case, body, error) => {
    expectFailure(await create(body), 400, error);
    expect(usernames(await list({ tenant: 'default', username: 'u', limit: 1000 })).filter((name) => name === 'u')).toEqual([]);
  });

  it.each([
    ['username is missing', { tenant: 'default' }, 'username: is required'],
    ['username is a number', { username: 7 }, 'username: must be a string'],
    ['username has 65 characters', { username: 'u'.repeat(65) }, 'username: length must be 1-64'],
    ['tenant is an object', { tenant: {}, username: 'u' }, 'tenant: must be a string'],
  ])('delete answers 400 when %s', async (_case, body, error) => {
    expectFailure(await remove(body), 400, error);
  });

  it('malformed JSON answers 400, on the alias too', async () => {
    for (const prefix of PREFIXES) {
      const response = await app.send('POST', `${prefix}/create`, '{"username": "u", "password": ', { 'content-type': 'application/json' });
      expectFailure(response, 400, 'body: is not valid JSON');
    }
  });
});

describe('listing users', () => {
  const tenant = uniqueName('list');
  const other = uniqueName('list-other');
  const names = ['Anna', 'anton', 'Bert', 'carl-100%', 'carl_200', 'zoë'];

  beforeAll(async () => {
    for (const tenant_name of [tenant, other]) expectSuccess(await app.post('/api/cluster/tenant/create', { tenant_name }));
    await createAll(tenant, names);
    await createAll(other, ['anna', 'Zed']);
  }, 60_000);

  it('filters the tenant exactly: a part of its name matches nothing', async () => {
    expect(usernames(await list({ tenant }))).toEqual(['Anna', 'Bert', 'anton', 'carl-100%', 'carl_200', 'zoë']);
    expect((await list({ tenant: tenant.slice(0, -1) })).body.data).toEqual({ data: [], total_count: 0 });
  });

  it.each(['username', 'user_name'])('filters by a case-insensitive substring of the name with %s', async (filter) => {
    expect(await list({ tenant, [filter]: 'AN' }).then((response) => [usernames(response), response.body.data.total_count])).toEqual([
      ['Anna', 'anton'],
      2,
    ]);
    expect(usernames(await list({ tenant, [filter]: 'ZOË' }))).toEqual(['zoë']);
  });

  it('reads % and _ in the filter as plain characters', async () => {
    expect(usernames(await list({ tenant, username: '%' }))).toEqual(['carl-100%']);
    expect(usernames(await list({ tenant, user_name: '_' }))).toEqual(['carl_200']);
  });

  it('without tenant lists every tenant’s users, by tenant then username', async () => {
    const response = await list({ username: 'anna' });
    expect(response.body.data.data.map((row: { tenant: string; username: string }) => [row.tenant, row.username])).toEqual(
      [
        [tenant, 'Anna'],
        [other, 'anna'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
  });

  it('sorts by username or tenant, ascending by default or as sort_by says', async () => {
    expect(usernames(await list({ tenant, sort_field: 'username', sort_by: 'desc' }))).toEqual([...names].sort().reverse());
    expect(usernames(await list({ tenant, sort_field: 'username' }))).toEqual([...names].sort());
    const byTenant = await list({ username: 'a', sort_field: 'tenant', sort_by: 'desc', limit: 1000 });
    const tenants = byTenant.body.data.data.map((row: { tenant: string }) => row.tenant);
    expect(tenants).toEqual([...tenants].sort().reverse());
  });

  it('pages with page and limit, and with the dashboard’s pagination[limit] and pagination[offset]; total_count counts every match', async () => {
    const sorted = [...names].sort();
    const page = async (params: Record<string, string | number>) => {
      const response = await list({ tenant, ...params });
      expectListPage(response);
      return [usernames(response), response.body.data.total_count];
    };
    expect(await page({ limit: 4, page: 1 })).toEqual([sorted.slice(0, 4), 6]);
    expect(await page({ limit: 4, page: 2 })).toEqual([sorted.slice(4), 6]);
    expect(await page({ limit: 4, page: 3 })).toEqual([[], 6]);
    expect(await page({ limit: 4, page: 0 })).toEqual([sorted.slice(0, 4), 6]);
    expect(await page({ 'pagination[limit]': 2, 'pagination[offset]': 3 })).toEqual([sorted.slice(3, 5), 6]);
    expect(await page({ username: 'carl', limit: 1, page: 2 })).toEqual([['carl_200'], 2]);
  });

  it.each([
    [{ sort_field: 'password' }, 'sort_field: must be one of tenant, username'],
    [{ sort_field: 'create_time' }, 'sort_field: must be one of tenant, username'],
    [{ sort_field: 'constructor' }, 'sort_field: must be one of tenant, username'],
    [{ sort_by: 'up' }, 'sort_by: must be asc or desc'],
    [{ limit: 0 }, 'limit: must be an integer 1-1000'],
    [{ limit: 1001 }, 'limit: must be an integer 1-1000'],
    [{ page: -1 }, 'page: must be a whole number; pages start at 1 (0 reads as 1)'],
    [{ username: 'a\u0000' }, 'username: must not contain NUL characters'],
    [{ 'pagination[offset]': 'x' }, 'pagination[offset]: must be a whole number of rows, from 0'],
  ])('refuses %j with 400', async (params, error) => {
    expectFailure(await list(params as Record<string, string>), 400, error);
  });

  it('refuses a filter given twice (400), and ignores parameters it does not know', async () => {
    expectFailure(await app.get(`${CLUSTER}/list?tenant=${tenant}&username=a&username=b`), 400, 'username: must be given once');
    expect((await app.get(`${CLUSTER}/list?tenant=${tenant}&filter_field=username&exact_match=true`)).body.data.total_count).toBe(6);
  });
});

describe('a user created while its tenant is created or deleted', () => {
  /** The log's events of these streams, in the store's order. */
  async function logOf(streamIds: string[]) {
    const log = await new EventStore(app.database.pool).readAllAfter(LOG_START, 1_000_000);
    return log.filter((event) => streamIds.includes(event.streamId));
  }

  it('ends as the store ordered it: each create that succeeded comes before TenantDeleted, each refused one got 404 and left nothing', async () => {
    const tenant = await newTenant('deleting');
    const names = Array.from({ length: 16 }, (_, index) => `user-${index}`);
    const first = create({ tenant, username: 'first', password: 'pw' });
    // The delete starts once one create has been answered, while the others are under way.
    const deleted = first.then(() => app.post('/api/cluster/tenant/delete', { tenant_name: tenant }));
    const racing = names.map((username) => create({ tenant, username, password: 'pw' }));
    const [firstResponse, deleteResponse, ...responses] = await Promise.all([first, deleted, ...racing]);
    expectSuccess(firstResponse);
    expectSuccess(deleteResponse);
    const late = await create({ tenant, username: 'late', password: 'pw' });
    expectFailure(late, 404, `tenant ${tenant} not found`);

    const streamOf = (username: string) => `user-${tenant}/${username}`;
    const log = await logOf([`tenant-${tenant}`, ...['first', 'late', ...names].map(streamOf)]);
    const deletedAt = log.findIndex((event) => event.eventType === 'TenantDeleted');
    expect(deletedAt).toBeGreaterThan(0);
    expect(log.slice(deletedAt + 1)).toEqual([]);
    names.forEach((username, index) => {
      const recorded = log.filter((event) => event.streamId === streamOf(username));
      if (responses[index]!.status === 200) expect(recorded.map((event) => event.eventType)).toEqual(['UserCreated']);
      else {
        expectFailure(responses[index]!, 404, `tenant ${tenant} not found`);
        expect(recorded).toEqual([]);
      }
    });
    // Deleting the tenant does not cascade: its users are still listed, and can still be deleted.
    const created = names.filter((_, index) => responses[index]!.status === 200);
    expect(usernames(await list({ tenant })).sort()).toEqual(['first', ...created].sort());
    expectSuccess(await remove({ tenant, username: 'first' }));
  }, 60_000);

  it('ends as the store ordered it: each create that succeeded comes after TenantCreated, each refused one got 404 and left nothing', async () => {
    const tenant = uniqueName('creating');
    const names = Array.from({ length: 16 }, (_, index) => `user-${index}`);
    const early = await create({ tenant, username: 'early', password: 'pw' });
    expectFailure(early, 404, `tenant ${tenant} not found`);
    const racing = names.map((username) => create({ tenant, username, password: 'pw' }));
    const created = app.post('/api/cluster/tenant/create', { tenant_name: tenant });
    const [createResponse, ...responses] = await Promise.all([created, ...racing]);
    expectSuccess(createResponse);

    const streamOf = (username: string) => `user-${tenant}/${username}`;
    const log = await logOf([`tenant-${tenant}`, ...['early', ...names].map(streamOf)]);
    expect(log[0]?.eventType).toBe('TenantCreated');
    names.forEach((username, index) => {
      const recorded = log.filter((event) => event.streamId === streamOf(username));
      if (responses[index]!.status === 200) expect(recorded.map((event) => event.eventType)).toEqual(['UserCreated']);
      else {
        expectFailure(responses[index]!, 404, `tenant ${tenant} not found`);
        expect(recorded).toEqual([]);
      }
    });
    expect(log.filter((event) => event.streamId === streamOf('early'))).toEqual([]);
  }, 60_000);
});

describe('a password', () => {
  it('appears in no response, no log line, no event or stream row, no read-model row and no Kafka record; only its hash is recorded', async () => {
    const tenant = await newTenant('secrets');
    const secret = (label: string) => `${label}-${randomBytes(8).toString('hex')}-Ünï`;
    const passwords = { created: secret('created'), duplicate: secret('dup'), alias: secret('alias'), refused: secret('refused') };
    const responses = [
      await create({ tenant, username: 'eve', password: passwords.created, is_superuser: true }),
      await create({ tenant, username: 'eve', password: passwords.duplicate }),
      await create({ tenant, username: 'mallory', password: passwords.alias }, '/api/mqtt/user'),
      await create({ tenant: uniqueName('missing'), username: 'eve', password: passwords.refused }),
      await create({ tenant, username: '', password: passwords.refused }),
      await create({ tenant, username: 'x', password: `${passwords.refused}${'p'.repeat(128)}` }),
      await app.send('POST', `${CLUSTER}/create`, `{"username": "x", "password": "${passwords.refused}"`, {
        'content-type': 'application/json',
      }),
      await list({ tenant }),
      await list({ tenant }, '/api/mqtt/user'),
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 409, 200, 404, 400, 400, 400, 200, 200]);
    expectSuccess(await remove({ tenant, username: 'mallory' }));

    // The hash recorded verifies against the password, as a broker reading the topic would check it.
    const { rows } = await app.database.pool.query<{ data: { password_hash: PasswordHash } }>(
      "SELECT data FROM events WHERE stream_id = $1 AND event_type = 'UserCreated'",
      [`user-${tenant}/eve`],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.data.password_hash).toEqual({
      algorithm: 'scrypt',
      n: 32_768,
      r: 8,
      p: 1,
      salt: expect.any(String),
      hash: expect.any(String),
    });
    expect(await verifyPassword(passwords.created, rows[0]!.data.password_hash)).toBe(true);

    await waitUntilCaughtUp(app.database.pool, 'kafka-publisher', 30_000);
    const brokers = process.env.KAFKA_BROKERS!;
    const topic = `${topicPrefix}user`;
    const kafkaRecords = await consumeTopic(brokers, topic, await recordsInTopic(brokers, topic), 30_000);
    const onKafka = kafkaRecords.filter((record) => record.key === `user-${tenant}/eve`);
    expect(onKafka.map((record) => record.value)).toEqual([rows[0]!.data]);

    const stored = await app.database.pool.query<{ events: string; streams: string; users: string }>(
      `SELECT (SELECT json_agg(e)::text FROM events e) AS events, (SELECT json_agg(s)::text FROM streams s) AS streams,
              (SELECT json_agg(u)::text FROM rm_users u) AS users`,
    );
    const places: Record<string, string> = {
      responses: JSON.stringify(responses.map((response) => response.body)),
      logs: app.logLines.join('\n'),
      ...stored.rows[0],
      kafka: JSON.stringify(kafkaRecords),
    };
    // The search reads the right text: the request lines are logged, the hash is in the log and on Kafka.
    expect(app.logLines.some((line) => line.includes('"url":"/api/cluster/user/create"'))).toBe(true);
    expect([places.events!.includes(rows[0]!.data.password_hash.hash), places.kafka!.includes(rows[0]!.data.password_hash.hash)]).toEqual([
      true,
      true,
    ]);
    for (const password of [...Object.values(passwords), ADMIN_PASSWORD]) {
      for (const [place, text] of Object.entries(places)) {
        expect({ place, leaks: text.includes(password) || text.includes(JSON.stringify(password).slice(1, -1)) }).toEqual({
          place,
          leaks: false,
        });
      }
    }
  }, 90_000);
});

describe('the bootstrap superuser', () => {
  const superuserLines = (lines: string[]) =>
    lines.map((line) => JSON.parse(line) as { msg: string; password?: string }).filter((line) => line.msg.startsWith(SUPERUSER_CREATED));

  async function storedAdmin(pool: TestApp['database']['pool']) {
    const { rows } = await pool.query<{ event_type: string; data: { password_hash: PasswordHash; is_superuser: boolean } }>(
      "SELECT event_type, data FROM events WHERE stream_id = 'user-default/admin' ORDER BY transaction_id, position",
    );
    return rows;
  }

  it('is admin in the default tenant, a superuser, with the password of MQTT_ADMIN_PASSWORD, which is not logged', async () => {
    expect((await list({ tenant: 'default', username: 'admin' })).body.data.data).toEqual([
      { tenant: 'default', username: 'admin', is_superuser: true, create_time: expect.any(Number) },
    ]);
    const [created] = await storedAdmin(app.database.pool);
    expect(await verifyPassword(ADMIN_PASSWORD, created!.data.password_hash)).toBe(true);
    expect(superuserLines(app.logLines)).toEqual([
      expect.objectContaining({ msg: `${SUPERUSER_CREATED} with the password of MQTT_ADMIN_PASSWORD` }),
    ]);
    expect(app.logLines.join('\n')).not.toContain(ADMIN_PASSWORD);
  });

  it('without MQTT_ADMIN_PASSWORD gets a random password logged once; later starts log nothing and create nothing, not even after its deletion', async () => {
    const database = await createTestDatabase();
    try {
      const first = await startTestApp({}, database, { captureLogs: true });
      let password: string;
      try {
        const lines = superuserLines(first.logLines);
        expect(lines).toEqual([expect.objectContaining({ password: expect.stringMatching(/^[\w-]{24}$/) })]);
        password = lines[0]!.password!;
        expect(first.logLines.filter((line) => line.includes(password))).toHaveLength(1);
      } finally {
        await first.close();
      }
      const [created] = await storedAdmin(database.pool);
      expect(created!.data.is_superuser).toBe(true);
      expect(await verifyPassword(password, created!.data.password_hash)).toBe(true);

      const second = await startTestApp({}, database, { captureLogs: true });
      try {
        expect(superuserLines(second.logLines)).toEqual([]);
        expect(second.logLines.join('\n')).not.toContain(password);
        expect((await storedAdmin(database.pool)).map((event) => event.event_type)).toEqual(['UserCreated']);
        expectSuccess(await second.post(`${CLUSTER}/delete`, { username: 'admin' }));
      } finally {
        await second.close();
      }

      const third = await startTestApp({ MQTT_ADMIN_PASSWORD: 'chosen-later' }, database, { captureLogs: true });
      try {
        expect(superuserLines(third.logLines)).toEqual([]);
        expect((await storedAdmin(database.pool)).map((event) => event.event_type)).toEqual(['UserCreated', 'UserDeleted']);
        expect((await third.get(`${CLUSTER}/list?tenant=default&username=admin`)).body.data.total_count).toBe(0);
      } finally {
        await third.close();
      }
    } finally {
      await database.drop();
    }
  }, 120_000);

  it('two API processes starting together on a new database create it once, and one of them prints its password on stdout', async () => {
    buildApps();
    const database = await createTestDatabase();
    const processes: Started[] = [];
    try {
      for (let instance = 0; instance < 2; instance++) {
        const env = freshEnv({ DATABASE_URL: database.url, PORT: String(await freePort()), LOG_LEVEL: 'info' });
        processes.push(startBuilt(API_MAIN, env));
      }
      await Promise.all(
        processes.map((started) => waitUntil('both processes serve', () => started.output().includes('robustmq-admin is serving'), 90_000)),
      );
      const lines = processes.flatMap((started) =>
        superuserLines(
          started
            .output()
            .split('\n')
            .filter((line) => line.startsWith('{')),
        ),
      );
      expect(lines).toHaveLength(1);
      const [created, ...others] = await storedAdmin(database.pool);
      expect(others).toEqual([]);
      expect(await verifyPassword(lines[0]!.password!, created!.data.password_hash)).toBe(true);
    } finally {
      await Promise.all(processes.map((started) => stopBuilt(started)));
      await database.drop();
    }
  }, 180_000);
});
