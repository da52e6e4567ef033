import { InvalidInputError } from '#libs/domain/shared';
import { type ListParameters, type ListSpec, listSql, sortColumn, toListRequest } from './list-query.js';

const spec: ListSpec<unknown> = {
  table: 'rm_things',
  sortable: { name: 'name', tenant: 'tenant', created: 'create_time' },
  filters: { name: { column: 'name_folded', match: 'fuzzy' }, tenant: { column: 'tenant', match: 'exact' } },
  naturalOrder: ['tenant', 'name'],
  tenantColumn: 'tenant',
  toRow: (record) => record,
};

const request = (parameters: Record<string, unknown>) => toListRequest(spec, parameters as ListParameters);

describe('list queries', () => {
  it('without parameters: the first 100 rows, the natural order, no filter', () => {
    expect(request({})).toEqual({ limit: 100, offset: 0, sort: undefined, filters: [] });
    expect(listSql(spec, request({})).text).toContain('(SELECT * FROM rm_things ORDER BY tenant ASC, name ASC LIMIT 100 OFFSET 0)');
  });

  it('page 0 reads as page 1, and a page is an offset of whole pages', () => {
    expect(request({ page: '0' }).offset).toBe(0);
    expect(request({ page: '3', limit: '20' })).toMatchObject({ limit: 20, offset: 40 });
  });

  it('pagination[limit] and pagination[offset] (rows from 0) apply when limit and page are absent', () => {
    expect(request({ 'pagination[limit]': '20', 'pagination[offset]': '20' })).toMatchObject({ limit: 20, offset: 20 });
    expect(request({ pagination: { limit: '20', offset: '7' } })).toMatchObject({ limit: 20, offset: 7 });
    expect(request({ limit: '5', page: '2', 'pagination[limit]': '20', 'pagination[offset]': '20' })).toMatchObject({
      limit: 5,
      offset: 5,
    });
  });

  it('sorting by a whitelisted field keeps the natural key as tie-breaker, in the same direction', () => {
    const sql = listSql(spec, request({ sort_field: 'name', sort_by: 'desc' }));
    expect(sql.text).toContain('ORDER BY name DESC, tenant DESC LIMIT 100');
    expect(sql.text).toMatch(/ORDER BY page\.name DESC, page\.tenant DESC$/);
  });

  it('without a filter, the total is the count rm_counts keeps for the whole table', () => {
    expect(listSql(spec, request({})).text).toContain("FROM rm_counts WHERE table_name = 'rm_things' AND tenant = ''");
  });

  it('with only an exact filter on the tenant column, the total is the tenant count rm_counts keeps', () => {
    const sql = listSql(spec, request({ tenant: 'acme' }));
    expect(sql.text).toContain("FROM rm_counts WHERE table_name = 'rm_things' AND tenant = $1");
    expect(sql.text).toContain('FROM rm_things WHERE tenant = $1 ORDER BY');
    expect(sql.params).toEqual(['acme']);
  });

  it('with any other filter, the matches are counted, once, and give the page too', () => {
    const sql = listSql(spec, request({ name: 'x', tenant: 'acme' }));
    expect(sql.text).not.toContain('rm_counts');
    expect(sql.text).toContain(
      'WITH matches AS MATERIALIZED (SELECT tenant, name FROM rm_things WHERE name_folded LIKE $1 AND tenant = $2)',
    );
    expect(sql.text).toContain('SELECT count(*) AS list_total_count FROM matches');
    expect(sql.text).toContain('FROM (SELECT tenant, name FROM matches ORDER BY tenant ASC, name ASC LIMIT 100 OFFSET 0) keys');
  });

  it('past the first page in the natural order, the page starts at the key found at its offset', () => {
    const sql = listSql(spec, request({ page: '3', limit: '20', sort_field: 'tenant', sort_by: 'desc' }));
    expect(sql.text).toContain(
      'WHERE (tenant, name) <= (SELECT tenant, name FROM rm_things ORDER BY tenant DESC, name DESC OFFSET 40 LIMIT 1) ORDER BY tenant DESC, name DESC LIMIT 20',
    );
  });

  it('past the first page sorted by another column, the page is an OFFSET (the column may hold NULLs)', () => {
    expect(listSql(spec, request({ page: '3', limit: '20', sort_field: 'created' })).text).toContain(
      'SELECT * FROM rm_things ORDER BY create_time ASC, tenant ASC, name ASC LIMIT 20 OFFSET 40',
    );
  });

  it.each([['constructor'], ['toString'], ['__proto__'], ['hasOwnProperty']])('the inherited name %s is not a sortable field', (name) => {
    expect(sortColumn(spec, name)).toBeUndefined();
    expect(() => request({ sort_field: name })).toThrow(InvalidInputError);
  });

  it('fuzzy filters match a folded, escaped substring; exact filters match equality', () => {
    const sql = listSql(spec, request({ name: 'Ab%_C', tenant: 'Default' }));
    expect(sql.text).toContain('WHERE name_folded LIKE $1 AND tenant = $2');
    expect(sql.params).toEqual(['%ab\\%\\_c%', 'Default']);
  });

  it('a time range in unix seconds includes both ends: from the start of the first second through the end of the last', () => {
    const timed: ListSpec<unknown> = {
      ...spec,
      filters: { since: { column: 'at', match: 'fromSecond' }, until: { column: 'at', match: 'throughSecond' } },
    };
    const sql = listSql(timed, toListRequest(timed, { since: '100', until: '200' } as ListParameters));
    expect(sql.text).toContain('WHERE at >= to_timestamp($1::bigint) AND at < to_timestamp($2::bigint + 1)');
    expect(sql.params).toEqual(['100', '200']);
  });

  it('a spec whose natural order is descending lists that way without sort_field, and as asked with it', () => {
    const newestFirst: ListSpec<unknown> = {
      ...spec,
      naturalOrder: ['position'],
      naturalDirection: 'DESC',
      sortable: { position: 'position' },
    };
    expect(listSql(newestFirst, toListRequest(newestFirst, {})).text).toContain('ORDER BY position DESC LIMIT 100');
    expect(listSql(newestFirst, toListRequest(newestFirst, { sort_field: 'position' })).text).toContain('ORDER BY position ASC LIMIT 100');
    expect(listSql(newestFirst, toListRequest(newestFirst, { page: '3' })).text).toContain('(position) <= (SELECT position FROM rm_things');
  });
});
