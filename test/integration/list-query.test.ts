import { type ListParameters, type ListSpec, listSql, queryList, toListRequest } from '#libs/read-models/list-query';
import { tenantList } from '#libs/read-models/tenant';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

type Query = Record<string, string>;

/** The plan Postgres runs for a list query, with its row counts, as text. */
async function plan(database: TestDatabase, spec: ListSpec<unknown>, query: Query): Promise<string> {
  const sql = listSql(spec, toListRequest(spec, query as ListParameters));
  const result = await database.pool.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${sql.text}`, sql.params);
  return result.rows.map((row) => row['QUERY PLAN']).join('\n');
}

const list = <Row>(database: TestDatabase, spec: ListSpec<Row>, query: Query) =>
  queryList(database.pool, spec, toListRequest(spec as ListSpec<unknown>, query as ListParameters));

const counts = async (database: TestDatabase, table: string) =>
  (
    await database.pool.query<{ tenant: string; row_count: string }>(
      'SELECT tenant, row_count FROM rm_counts WHERE table_name = $1 AND row_count <> 0 ORDER BY tenant',
      [table],
    )
  ).rows.map((row) => [row.tenant, Number(row.row_count)]);

describe('read-model counts (rm_counts)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('follow inserts, upserts and deletes of rm_tenants, in the writing transaction', async () => {
    const insert = `INSERT INTO rm_tenants (tenant_name, tenant_name_folded, description, config, create_time)
      SELECT name, name, '', '{}', 0 FROM unnest($1::text[]) name ON CONFLICT (tenant_name) DO UPDATE SET description = 'again'`;
    await database.pool.query(insert, [['a', 'b', 'c']]);
    await database.pool.query(insert, [['c', 'd']]);
    expect(await counts(database, 'rm_tenants')).toEqual([['', 4]]);
    await database.pool.query("DELETE FROM rm_tenants WHERE tenant_name IN ('a', 'missing')");
    expect(await counts(database, 'rm_tenants')).toEqual([['', 3]]);

    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("DELETE FROM rm_tenants WHERE tenant_name = 'b'");
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await counts(database, 'rm_tenants')).toEqual([['', 3]]);
  });

  it('of a table scoped by tenant, from rm_keep_counts: per tenant and in all, from the rows it already had', async () => {
    await database.pool.query('CREATE TABLE rm_test_things (tenant text NOT NULL, name text NOT NULL, PRIMARY KEY (tenant, name))');
    await database.pool.query("INSERT INTO rm_test_things VALUES ('t1', 'x'), ('t2', 'x')");
    await database.pool.query("SELECT rm_keep_counts('rm_test_things', 'tenant')");
    expect(await counts(database, 'rm_test_things')).toEqual([
      ['', 2],
      ['t1', 1],
      ['t2', 1],
    ]);
    await database.pool.query("INSERT INTO rm_test_things VALUES ('t1', 'y'), ('t3', 'x')");
    await database.pool.query("UPDATE rm_test_things SET tenant = 't2' WHERE tenant = 't1' AND name = 'y'");
    await database.pool.query("UPDATE rm_test_things SET name = 'z' WHERE tenant = 't3'");
    await database.pool.query("DELETE FROM rm_test_things WHERE tenant = 't3'");
    expect(await counts(database, 'rm_test_things')).toEqual([
      ['', 3],
      ['t1', 1],
      ['t2', 2],
    ]);
    await database.pool.query('TRUNCATE rm_test_things');
    expect(await counts(database, 'rm_test_things')).toEqual([]);
  });
});

describe('list queries at 100,000 tenants', () => {
  let database: TestDatabase;
  /** Every tenant name, in the natural (byte) order. */
  let all: string[];
  const reference = (names: string[], offset: number, limit: number) => ({
    names: names.slice(offset, offset + limit),
    total_count: names.length,
  });
  const names = (page: { data: { tenant_name: string }[]; total_count: number }) => ({
    names: page.data.map((row) => row.tenant_name),
    total_count: page.total_count,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.pool.query(
      `INSERT INTO rm_tenants (tenant_name, tenant_name_folded, description, config, create_time)
       SELECT name, lower(name), '', '{}', 0 FROM (SELECT 'Tenant-' || md5(i::text) AS name FROM generate_series(1, 100000) i) names`,
    );
    await database.pool.query('VACUUM ANALYZE rm_tenants');
    all = (await database.pool.query<{ tenant_name: string }>('SELECT tenant_name FROM rm_tenants')).rows
      .map((row) => row.tenant_name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }, 180_000);
  afterAll(() => database.drop());

  it('answer the page and the count of every match, first, deep and past the end, in both directions', async () => {
    const descending = [...all].reverse();
    expect(names(await list(database, tenantList, { limit: '20' }))).toEqual(reference(all, 0, 20));
    expect(names(await list(database, tenantList, { page: '4001', limit: '20' }))).toEqual(reference(all, 80_000, 20));
    expect(names(await list(database, tenantList, { page: '4001', limit: '20', sort_field: 'tenant_name', sort_by: 'desc' }))).toEqual(
      reference(descending, 80_000, 20),
    );
    expect(names(await list(database, tenantList, { 'pagination[offset]': '99990', 'pagination[limit]': '20' }))).toEqual(
      reference(all, 99_990, 20),
    );
    expect(names(await list(database, tenantList, { page: '5001', limit: '20' }))).toEqual({ names: [], total_count: 100_000 });

    const matching = all.filter((name) => name.toLowerCase().includes('ab1'));
    const filtered = { tenant_name: 'AB1', sort_field: 'tenant_name', sort_by: 'desc', limit: '20' };
    expect(names(await list(database, tenantList, filtered))).toEqual(reference([...matching].reverse(), 0, 20));
    expect(names(await list(database, tenantList, { ...filtered, page: '10' }))).toEqual(reference([...matching].reverse(), 180, 20));
    expect(names(await list(database, tenantList, { tenant_name: 'no such tenant' }))).toEqual({ names: [], total_count: 0 });
    expect(names(await list(database, tenantList, { tenant_name: 'AB1', page: '1000' }))).toEqual({
      names: [],
      total_count: matching.length,
    });
  });

  it('without a filter: the total is one row of rm_counts, and the first page reads 20 rows of the primary key', async () => {
    const text = await plan(database, tenantList, { limit: '20' });
    expect(text).toContain('Index Scan using rm_counts_pkey on rm_counts');
    expect(text).toMatch(/Index Scan using rm_tenants_pkey on rm_tenants \(actual rows=20 loops=1\)/);
    expect(text).not.toContain('Seq Scan');
  });

  it('a fuzzy filter sorted by name: the matches come from the trigram index, not from a walk of the primary key', async () => {
    const text = await plan(database, tenantList, { tenant_name: 'ab1', sort_field: 'tenant_name', sort_by: 'desc', limit: '20' });
    expect(text).toContain('Bitmap Index Scan on rm_tenants_name_folded_trgm');
    expect(text).not.toMatch(/Index Scan Backward using rm_tenants_pkey/);
  });

  it('a deep page finds its first key on the primary key index alone, then reads only the page from the table', async () => {
    const text = await plan(database, tenantList, { page: '4001', limit: '20' });
    expect(text).toMatch(/Index Only Scan using rm_tenants_pkey on rm_tenants \w+ \(actual rows=80001 loops=1\)/);
    expect(text).toMatch(/Index Scan using rm_tenants_pkey on rm_tenants \(actual rows=20 loops=1\)/);
  });
});

describe('list queries of a table scoped by tenant', () => {
  let database: TestDatabase;
  const things: ListSpec<{ tenant: string; name: string }> = {
    table: 'rm_test_things',
    sortable: { name: 'name', tenant: 'tenant' },
    filters: { tenant: { column: 'tenant', match: 'exact' }, name: { column: 'name', match: 'fuzzy' } },
    naturalOrder: ['tenant', 'name'],
    tenantColumn: 'tenant',
    toRow: (record) => ({ tenant: record.tenant as string, name: record.name as string }),
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.pool.query(
      'CREATE TABLE rm_test_things (tenant text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL, PRIMARY KEY (tenant, name))',
    );
    await database.pool.query("SELECT rm_keep_counts('rm_test_things', 'tenant')");
    await database.pool.query(
      "INSERT INTO rm_test_things SELECT 't' || (i % 3), 'n' || lpad(i::text, 3, '0') FROM generate_series(1, 30) i",
    );
    await database.pool.query('VACUUM ANALYZE rm_test_things');
  });
  afterAll(() => database.drop());

  it('filtered by an exact tenant: that tenant’s rows and its kept count, deep pages included', async () => {
    const page = await list(database, things, { tenant: 't1', limit: '3', page: '2', sort_field: 'name', sort_by: 'desc' });
    expect(page).toEqual({
      data: ['n019', 'n016', 'n013'].map((name) => ({ tenant: 't1', name })),
      total_count: 10,
    });
    expect(await plan(database, things, { tenant: 't1' })).toContain('Index Scan using rm_counts_pkey on rm_counts');
    expect(await list(database, things, { tenant: 'none' })).toEqual({ data: [], total_count: 0 });
  });

  it('filtered by a tenant and a name: counted over the matches', async () => {
    const page = await list(database, things, { tenant: 't2', name: 'N02', limit: '2' });
    expect(page).toEqual({
      data: ['n020', 'n023'].map((name) => ({ tenant: 't2', name })),
      total_count: 4,
    });
    expect(await plan(database, things, { tenant: 't2', name: 'n02' })).not.toContain('rm_counts');
  });
});
