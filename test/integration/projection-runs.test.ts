import { DEFAULT_TENANT_CONFIG } from '#libs/domain/tenant';
import { EventStore, LOG_START, type RecordedEvent } from '#libs/event-store';
import { metaProjection, mqttProjection } from '#libs/read-models';
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
      for (const batch of batches) await metaProjection.handle(batch, client);
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
      for (const batch of batches) await mqttProjection.handle(batch, client);
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

describe('the user projection applied a run at a time', () => {
  let database: TestDatabase;
  let log: RecordedEvent[];
  const password_hash = { algorithm: 'scrypt', n: 32_768, r: 8, p: 1, salt: 'c2FsdA==', hash: 'aGFzaA==' };
  const userCreated = (tenant: string, username: string, is_superuser: boolean, create_time: number) => ({
    type: 'UserCreated',
    data: { tenant, username, password_hash, is_superuser, create_time },
  });
  const userDeleted = (tenant: string, username: string) => ({ type: 'UserDeleted', data: { tenant, username } });

  const readModel = async () => (await database.pool.query('SELECT * FROM rm_users ORDER BY tenant, username')).rows;
  const counts = async () =>
    (await database.pool.query("SELECT tenant, row_count FROM rm_counts WHERE table_name = 'rm_users' ORDER BY tenant")).rows;

  beforeAll(async () => {
    database = await createTestDatabase();
    const store = new EventStore(database.pool);
    // The same username in two tenants is two users; one of them is deleted and created again within the run.
    await store.appendToStreams([
      {
        streamId: 'user-t1/alice',
        streamType: 'user',
        expected: 'no_stream',
        events: [userCreated('t1', 'alice', false, 1), userDeleted('t1', 'alice'), userCreated('t1', 'alice', true, 2)],
      },
      { streamId: 'user-t2/alice', streamType: 'user', expected: 'no_stream', events: [userCreated('t2', 'alice', false, 3)] },
      {
        streamId: 'user-t2/bob',
        streamType: 'user',
        expected: 'no_stream',
        events: [userCreated('t2', 'bob', false, 4), userDeleted('t2', 'bob')],
      },
    ]);
    log = await store.readAllAfter(LOG_START, 1000);
  });
  afterAll(() => database.drop());

  it('ends with the same rows and counts as applying the events one by one, keyed by tenant and username, without the hash', async () => {
    for (const event of log) await mqttProjection.handle([event], database.pool);
    const oneByOne = await readModel();
    const countsOneByOne = await counts();

    await database.pool.query('TRUNCATE rm_users');
    await mqttProjection.handle(log, database.pool);

    expect(oneByOne).toEqual([
      { tenant: 't1', username: 'alice', username_folded: 'alice', is_superuser: true, create_time: '2' },
      { tenant: 't2', username: 'alice', username_folded: 'alice', is_superuser: false, create_time: '3' },
    ]);
    expect(countsOneByOne).toEqual([
      { tenant: '', row_count: '2' },
      { tenant: 't1', row_count: '1' },
      { tenant: 't2', row_count: '1' },
    ]);
    expect(await readModel()).toEqual(oneByOne);
    expect(await counts()).toEqual(countsOneByOne);
  });
});

describe('the connector and schema projections applied a run at a time', () => {
  let database: TestDatabase;
  let log: RecordedEvent[];

  const connector = (tenant: string, connector_name: string, topic: string) => ({
    type: 'ConnectorCreated',
    data: {
      tenant,
      connector_name,
      connector_type: 'kafka',
      config: { bootstrap_servers: 'k:9092', topic, sasl_password: 'secret' },
      topic_name: 'sensor/t',
      failure_strategy: { strategy: 'discard' },
      create_time: 1,
    },
  });
  const schema = (tenant: string, schema_name: string, desc: string) => ({
    type: 'SchemaCreated',
    data: { tenant, schema_name, schema_type: 'json', schema: '{}', desc, create_time: 1 },
  });
  const binding = (type: 'SchemaBound' | 'SchemaUnbound', schema_name: string, resource_name: string) => ({
    type,
    data: { tenant: 't', schema_name, resource_name, ...(type === 'SchemaBound' ? { create_time: 2 } : {}) },
  });
  const readModels = async () => ({
    connectors: (await database.pool.query('SELECT tenant, connector_name, config FROM rm_connectors ORDER BY 1, 2')).rows,
    schemas: (await database.pool.query('SELECT tenant, schema_name, description FROM rm_schemas ORDER BY 1, 2')).rows,
    bindings: (await database.pool.query('SELECT schema_name, resource_name FROM rm_schema_bindings ORDER BY 1, 2')).rows,
    counts: (
      await database.pool.query(
        `SELECT table_name, row_count FROM rm_counts WHERE tenant = '' AND table_name IN ('rm_connectors', 'rm_schemas', 'rm_schema_bindings') ORDER BY 1`,
      )
    ).rows,
  });
  const apply = async (batches: readonly (readonly RecordedEvent[])[]) => {
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      for (const batch of batches) await mqttProjection.handle(batch, client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const store = new EventStore(database.pool);
    // Appended as they stand (no decider): keys created, deleted and created again; a binding made, unmade and made again.
    await store.appendToStreams([
      {
        streamId: 'connector-t/a',
        streamType: 'connector',
        expected: 'no_stream',
        events: [
          connector('t', 'a', 'first'),
          { type: 'ConnectorDeleted', data: { tenant: 't', connector_name: 'a' } },
          connector('t', 'a', 'again'),
        ],
      },
      { streamId: 'connector-u/a', streamType: 'connector', expected: 'no_stream', events: [connector('u', 'a', 'other tenant')] },
      {
        streamId: 'schema-t/s',
        streamType: 'schema',
        expected: 'no_stream',
        events: [
          schema('t', 's', 'first'),
          binding('SchemaBound', 's', 'a/+'),
          binding('SchemaBound', 's', 'b/#'),
          binding('SchemaUnbound', 's', 'a/+'),
          binding('SchemaUnbound', 's', 'b/#'),
          { type: 'SchemaDeleted', data: { tenant: 't', schema_name: 's' } },
          schema('t', 's', 'again'),
          binding('SchemaBound', 's', 'b/#'),
        ],
      },
    ]);
    log = await store.readAllAfter(LOG_START, 1000);
  });
  afterAll(() => database.drop());
  beforeEach(() => database.pool.query('TRUNCATE rm_connectors, rm_schemas, rm_schema_bindings'));

  it('end with the rows and counts of applying the events one by one, secrets redacted, and applying them all again changes nothing', async () => {
    await apply(log.map((event) => [event]));
    const oneByOne = await readModels();

    await database.pool.query('TRUNCATE rm_connectors, rm_schemas, rm_schema_bindings');
    await apply([log]);

    const config = (topic: string) => ({ bootstrap_servers: 'k:9092', topic, sasl_password: '******' });
    expect({ ...oneByOne, connectors: oneByOne.connectors.map((row) => ({ ...row, config: JSON.parse(row.config) })) }).toEqual({
      connectors: [
        { tenant: 't', connector_name: 'a', config: config('again') },
        { tenant: 'u', connector_name: 'a', config: config('other tenant') },
      ],
      schemas: [{ tenant: 't', schema_name: 's', description: 'again' }],
      bindings: [{ schema_name: 's', resource_name: 'b/#' }],
      counts: [
        { table_name: 'rm_connectors', row_count: '2' },
        { table_name: 'rm_schema_bindings', row_count: '1' },
        { table_name: 'rm_schemas', row_count: '1' },
      ],
    });
    expect(await readModels()).toEqual(oneByOne);
    await apply([log.slice(-3), log]);
    expect(await readModels()).toEqual(oneByOne);
  });
});
