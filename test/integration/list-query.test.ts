import { type ListParameters, listSql, toListRequest } from '#libs/read-models/list-query';
import { tenantList } from '#libs/read-models/tenant';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** The plan Postgres picks for a list query, as text. */
async function plan(database: TestDatabase, query: Record<string, string>): Promise<string> {
  const sql = listSql(tenantList, toListRequest(tenantList, query as ListParameters));
  const result = await database.pool.query(`EXPLAIN ${sql.page}`, sql.params);
  return result.rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe('list queries at 100,000 tenants', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.pool.query(
      `INSERT INTO rm_tenants (tenant_name, tenant_name_folded, description, config, create_time)
       SELECT name, lower(name), '', '{}', 0 FROM (SELECT 'Tenant-' || md5(i::text) AS name FROM generate_series(1, 100000) i) names`,
    );
    await database.pool.query('ANALYZE rm_tenants');
  }, 120_000);
  afterAll(() => database.drop());

  it('the fuzzy name filter is served by the trigram index', async () => {
    expect(await plan(database, { tenant_name: 'ABC12' })).toContain('rm_tenants_name_folded_trgm');
  });

  it('a page sorted by name, in either direction, is read from the primary key index', async () => {
    expect(await plan(database, { sort_field: 'tenant_name', sort_by: 'desc', page: '50', limit: '100' })).toContain('rm_tenants_pkey');
    expect(await plan(database, {})).toContain('rm_tenants_pkey');
  });
});
