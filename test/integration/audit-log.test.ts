import { aclStream } from '#libs/domain/acl';
import { REDACTED } from '#libs/domain/shared';
import { DEFAULT_TENANT_CONFIG, tenantStream } from '#libs/domain/tenant';
import { EventStore, LOG_START, type RecordedEvent } from '#libs/event-store';
import { auditLogProjection } from '#libs/read-models';
import { auditList } from '#libs/read-models/audit';
import { type ListParameters, listSql, queryList, toListRequest } from '#libs/read-models/list-query';
import { waitUntil } from '../support/consumers.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

type Query = Record<string, string>;

describe('the audit-log projection', () => {
  let database: TestDatabase;
  let log: RecordedEvent[];

  const readModel = async () => (await database.pool.query('SELECT * FROM rm_audit ORDER BY position')).rows;
  const apply = async (batches: readonly (readonly RecordedEvent[])[]) => {
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      for (const batch of batches) await auditLogProjection.handle(batch, client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const store = new EventStore(database.pool);
    const ops = { actor: 'ops', request_id: 'req-1', correlation_id: 'req-1' };
    await store.appendToStream(
      tenantStream.id('acme'),
      'tenant',
      'no_stream',
      [
        { type: 'TenantCreated', data: { tenant_name: 'acme', desc: '', config: DEFAULT_TENANT_CONFIG, create_time: 1 } },
        { type: 'TenantUpdated', data: { tenant_name: 'acme', desc: 'x', config: DEFAULT_TENANT_CONFIG } },
      ],
      ops,
    );
    // Types no projection of this build knows, and a stream type the code does not define: all in the audit log.
    await store.appendToStream(aclStream.id('acme', 'r/1'), 'acl', 'no_stream', [
      { type: 'AclRuleRenamedLater', data: { tenant: 'acme' } },
    ]);
    await store.appendToStream('vault-acme/k', 'vault', 'no_stream', [
      { type: 'VaultSealed', data: { tenant: 'acme', key: { api_key: 'k-123', label: 'l' } } },
    ]);
    await store.appendToStream(tenantStream.id('acme'), 'tenant', 1 + 1, [{ type: 'TenantDeleted', data: { tenant_name: 'acme' } }], ops);
    log = await store.readAllAfter(LOG_START, 1000);
  });
  afterAll(() => database.drop());
  beforeEach(() => database.pool.query('TRUNCATE rm_audit'));

  it('applied a batch at a time ends with the same rows as one event at a time: one per event, whatever its type', async () => {
    await apply(log.map((event) => [event]));
    const oneByOne = await readModel();

    await database.pool.query('TRUNCATE rm_audit');
    await apply([log]);

    expect(oneByOne.map((row) => [row.resource_type, row.tenant, row.name, row.event_type, row.actor, row.request_id])).toEqual([
      ['tenant', 'acme', 'acme', 'TenantCreated', 'ops', 'req-1'],
      ['tenant', 'acme', 'acme', 'TenantUpdated', 'ops', 'req-1'],
      ['acl', 'acme', 'r/1', 'AclRuleRenamedLater', null, null],
      ['vault', null, 'acme/k', 'VaultSealed', null, null],
      ['tenant', 'acme', 'acme', 'TenantDeleted', 'ops', 'req-1'],
    ]);
    expect(oneByOne.map((row) => Number(row.position))).toEqual(log.map((event) => Number(event.position)));
    expect(await readModel()).toEqual(oneByOne);
  });

  it('stores the data with its secrets redacted, never in plain text', async () => {
    await apply([log]);

    const vault = (await readModel()).find((row) => row.event_type === 'VaultSealed');
    expect(vault.data).toEqual({ tenant: 'acme', key: { api_key: REDACTED, label: 'l' } });
    const stored = await database.pool.query("SELECT count(*)::int AS n FROM rm_audit WHERE data::text LIKE '%k-123%'");
    expect(stored.rows[0].n).toBe(0);
  });

  it('an event handed again (a parked event retried) leaves its row as it was', async () => {
    await apply([log]);
    const before = await readModel();
    await apply([log.slice(1, 3)]);

    expect(await readModel()).toEqual(before);
  });
});

describe('audit list queries at 1,000,000 events', () => {
  let database: TestDatabase;
  const ROWS = 1_000_000;
  const START = Date.UTC(2026, 0, 1) / 1000;

  /** The plan Postgres runs for an audit list query, with its row counts and buffers, as text. */
  async function plan(query: Query): Promise<string> {
    const sql = listSql(auditList, toListRequest(auditList, query as ListParameters));
    const result = await database.pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) ${sql.text}`, sql.params);
    return result.rows.map((row) => row['QUERY PLAN']).join('\n');
  }
  const list = (query: Query) => queryList(database.pool, auditList, toListRequest(auditList, query as ListParameters));
  const positions = (page: { data: { position: number }[]; total_count: number }) => ({
    positions: page.data.map((row) => row.position),
    total_count: page.total_count,
  });
  /** Positions counted down from `from`, `step` apart. */
  const countdown = (from: number, count: number, step = 1) => Array.from({ length: count }, (_, index) => from - index * step);

  beforeAll(async () => {
    database = await createTestDatabase();
    // Event i: tenant t(i mod 1000), one of 5 resource types, name n(i mod 50000), one of 10 actors, recorded i seconds after START.
    await database.pool.query(
      `INSERT INTO rm_audit (position, stream_id, resource_type, tenant, name, event_type, data, actor, request_id, recorded_at)
       SELECT i, 'x-' || i, (ARRAY['tenant', 'acl', 'blacklist', 'user', 'topic'])[i % 5 + 1], 't' || (i % 1000), 'n' || (i % 50000),
              'Created', '{"k": 1}', 'actor' || (i % 10), 'req-' || i, to_timestamp($2::bigint + i)
         FROM generate_series(1, $1::int) i`,
      [ROWS, START],
    );
    // Index-only scans skip the table only on pages marked all-visible; a VACUUM that runs beside a snapshot
    // taken before the insert committed (autovacuum's, say) leaves them unmarked, so it runs until they are.
    await database.pool.query('ANALYZE rm_audit');
    await waitUntil('every page of rm_audit is all-visible', async () => {
      await database.pool.query('VACUUM rm_audit');
      const { rows } = await database.pool.query("SELECT relpages = relallvisible AS done FROM pg_class WHERE relname = 'rm_audit'");
      return rows[0].done;
    });
  }, 600_000);
  afterAll(() => database.drop());

  it('answer the page and the count of every match, newest first, for each filter', async () => {
    expect(positions(await list({ limit: '3' }))).toEqual({ positions: countdown(ROWS, 3), total_count: ROWS });
    expect(positions(await list({ limit: '3', page: '100001' }))).toEqual({ positions: countdown(ROWS - 300_000, 3), total_count: ROWS });
    expect(positions(await list({ limit: '2', sort_field: 'position', sort_by: 'asc' }))).toEqual({ positions: [1, 2], total_count: ROWS });
    expect(positions(await list({ tenant: 't7', limit: '2', page: '2' }))).toEqual({
      positions: countdown(997_007, 2, 1000),
      total_count: 1000,
    });
    expect(positions(await list({ resource_type: 'acl', limit: '2' }))).toEqual({
      positions: countdown(996, 2, 5).map((p) => p + ROWS - 1000),
      total_count: ROWS / 5,
    });
    expect(positions(await list({ name: 'n49999', limit: '3' }))).toEqual({ positions: countdown(999_999, 3, 50_000), total_count: 20 });
    expect(positions(await list({ actor: 'actor3', tenant: 't3', limit: '2' }))).toEqual({
      positions: countdown(999_003, 2, 1000),
      total_count: 1000,
    });
    expect(positions(await list({ start_time: String(START + 500_000), end_time: String(START + 500_009), limit: '3' }))).toEqual({
      positions: countdown(500_009, 3),
      total_count: 10,
    });
    expect(positions(await list({ name: 'n1', tenant: 't2' }))).toEqual({ positions: [], total_count: 0 });
  });

  it('unfiltered: the total is one row of rm_counts, the page 100 entries of the primary key, read backwards', async () => {
    const text = await plan({});
    expect(text).toContain('Index Scan using rm_counts_pkey on rm_counts');
    expect(text).toMatch(/Index Scan Backward using rm_audit_pkey on rm_audit \(actual rows=100 loops=1\)/);
    expect(text).not.toContain('Seq Scan');
  });

  it('a deep unfiltered page finds its first position on the primary key index alone', async () => {
    const text = await plan({ page: '5000' });
    expect(text).toMatch(/Index Only Scan Backward using rm_audit_pkey on rm_audit \w+ \(actual rows=499901 loops=1\)/);
    expect(text).not.toContain('Seq Scan');
  });

  it('filtered by tenant alone: the kept count, and the page from the tenant index, newest first', async () => {
    const text = await plan({ tenant: 't7' });
    expect(text).toContain('Index Scan using rm_counts_pkey on rm_counts');
    expect(text).toMatch(/Index Scan Backward using rm_audit_by_tenant on rm_audit/);
    expect(text).not.toContain('Seq Scan');
  });

  it.each([
    ['resource type', { resource_type: 'acl' }, 'rm_audit_by_resource_type'],
    ['name', { name: 'n42' }, 'rm_audit_by_name'],
    ['actor', { actor: 'actor3' }, 'rm_audit_by_actor'],
    ['time range', { start_time: String(START + 1000), end_time: String(START + 2000) }, 'rm_audit_by_time'],
  ])('filtered by %s: the matches are counted on its index alone, and only the page is read from the table', async (_, query, index) => {
    const text = await plan(query);
    expect(text).toContain(`Index Only Scan using ${index} on rm_audit`);
    expect(text).toMatch(/Index Scan using rm_audit_pkey on rm_audit listed \(actual rows=1 loops=\d+\)/);
    expect(text).not.toContain('Seq Scan');
  });
});
