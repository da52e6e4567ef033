import { DEFAULT_TENANT_CONFIG } from '#libs/domain/tenant';
import { EventStore, LOG_START, type RecordedEvent } from '#libs/event-store';
import { clusterMetadataProjection } from '#libs/read-models';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const created = (name: string, desc: string) => ({
  type: 'TenantCreated',
  data: { tenant_name: name, desc, config: DEFAULT_TENANT_CONFIG, create_time: 1_700_000_000 },
});
const updated = (name: string, desc: string, max_topics: number) => ({
  type: 'TenantUpdated',
  data: { tenant_name: name, desc, config: { ...DEFAULT_TENANT_CONFIG, max_topics } },
});
const deleted = (name: string) => ({ type: 'TenantDeleted', data: { tenant_name: name } });

describe('the tenant projection applied a run at a time', () => {
  let database: TestDatabase;
  let log: RecordedEvent[];

  const readModel = async () => (await database.pool.query('SELECT * FROM rm_tenants ORDER BY tenant_name')).rows;
  const applyInOneTransaction = async (batches: readonly (readonly RecordedEvent[])[]) => {
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      for (const batch of batches) await clusterMetadataProjection.handle(batch, client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const store = new EventStore(database.pool);
    // Appended as they stand (no decider): runs in which one key comes back several times, in every type.
    await store.appendToStream('tenant-a', 'tenant', 'no_stream', [
      created('a', 'first'),
      created('a', 'created again'),
      updated('a', 'u1', 1),
      updated('a', 'u2', 2),
      deleted('a'),
      deleted('a'),
      created('a', 'after delete'),
      updated('a', 'u3', 3),
    ]);
    await store.appendToStreams([
      { streamId: 'tenant-b', streamType: 'tenant', expected: 'no_stream', events: [created('b', 'b'), updated('b', 'b1', 1)] },
      { streamId: 'tenant-c', streamType: 'tenant', expected: 'no_stream', events: [created('c', 'c'), deleted('c')] },
      { streamId: 'tenant-d', streamType: 'tenant', expected: 'no_stream', events: [updated('d', 'never created', 1), created('d', 'd')] },
    ]);
    log = await store.readAllAfter(LOG_START, 1000);
  });
  afterAll(() => database.drop());
  beforeEach(() => database.pool.query('TRUNCATE rm_tenants'));

  it('ends with the same rows as applying the events one by one, whatever the creates, updates and deletes of one key in a batch', async () => {
    await applyInOneTransaction(log.map((event) => [event]));
    const oneByOne = await readModel();

    await database.pool.query('TRUNCATE rm_tenants');
    await applyInOneTransaction([log]);

    expect(oneByOne.map((row) => [row.tenant_name, row.description, row.config.max_topics])).toEqual([
      ['a', 'u3', 3],
      ['b', 'b1', 1],
      ['d', 'd', DEFAULT_TENANT_CONFIG.max_topics],
    ]);
    expect(await readModel()).toEqual(oneByOne);
  });
});

describe('the ACL and blacklist projections applied a run at a time', () => {
  let database: TestDatabase;
  let log: RecordedEvent[];

  const rule = (tenant: string, name: string, topic: string) => ({
    type: 'AclCreated',
    data: { tenant, name, desc: '', resource_type: 'User', resource_name: 'alice', topic, ip: '', action: 'All', permission: 'Deny' },
  });
  const entry = (tenant: string, name: string, end_time: number) => ({
    type: 'BlacklistCreated',
    data: { tenant, name, blacklist_type: 'User', resource_name: 'mallory', end_time, desc: '' },
  });
  const gone = (type: string, tenant: string, name: string) => ({ type, data: { tenant, name } });
  const readModels = async () => ({
    acl: (await database.pool.query('SELECT tenant, name, topic FROM rm_acl ORDER BY tenant, name')).rows,
    blacklist: (await database.pool.query('SELECT tenant, name, end_time FROM rm_blacklist ORDER BY tenant, name')).rows,
    counts: (
      await database.pool.query(
        `SELECT table_name, row_count FROM rm_counts WHERE tenant = '' AND table_name IN ('rm_acl', 'rm_blacklist') ORDER BY 1`,
      )
    ).rows,
  });
  const apply = async (batches: readonly (readonly RecordedEvent[])[]) => {
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      for (const batch of batches) await clusterMetadataProjection.handle(batch, client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const store = new EventStore(database.pool);
    // Appended as they stand (no decider): one key created, deleted and created again; a name in two tenants.
    await store.appendToStreams([
      {
        streamId: 'acl-t/a',
        streamType: 'acl',
        expected: 'no_stream',
        events: [rule('t', 'a', 'first'), gone('AclDeleted', 't', 'a'), rule('t', 'a', 'again')],
      },
      { streamId: 'acl-t/b', streamType: 'acl', expected: 'no_stream', events: [rule('t', 'b', 'b'), gone('AclDeleted', 't', 'b')] },
      { streamId: 'acl-u/a', streamType: 'acl', expected: 'no_stream', events: [rule('u', 'a', 'other tenant')] },
      {
        streamId: 'blacklist-t/a',
        streamType: 'blacklist',
        expected: 'no_stream',
        events: [entry('t', 'a', 1), gone('BlacklistDeleted', 't', 'a'), entry('t', 'a', 2)],
      },
      {
        streamId: 'blacklist-t/b',
        streamType: 'blacklist',
        expected: 'no_stream',
        events: [entry('t', 'b', 3), gone('BlacklistDeleted', 't', 'b')],
      },
    ]);
    log = await store.readAllAfter(LOG_START, 1000);
  });
  afterAll(() => database.drop());
  beforeEach(() => database.pool.query('TRUNCATE rm_acl, rm_blacklist'));

  it('end with the rows and counts of applying the events one by one, and applying them all again changes nothing', async () => {
    await apply(log.map((event) => [event]));
    const oneByOne = await readModels();

    await database.pool.query('TRUNCATE rm_acl, rm_blacklist');
    await apply([log]);

    expect(oneByOne).toEqual({
      acl: [
        { tenant: 't', name: 'a', topic: 'again' },
        { tenant: 'u', name: 'a', topic: 'other tenant' },
      ],
      blacklist: [{ tenant: 't', name: 'a', end_time: '2' }],
      counts: [
        { table_name: 'rm_acl', row_count: '2' },
        { table_name: 'rm_blacklist', row_count: '1' },
      ],
    });
    expect(await readModels()).toEqual(oneByOne);
    await apply([log.slice(-3), log]);
    expect(await readModels()).toEqual(oneByOne);
  });
});
