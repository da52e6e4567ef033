import { InvalidInputError } from '#libs/domain/shared';
import { type ListSpec, listSql, parseListQuery } from './list-query.js';

const spec: ListSpec<unknown> = {
  table: 'rm_things',
  sortable: { name: 'name', tenant: 'tenant' },
  filters: { name: { column: 'name_folded', match: 'fuzzy' }, tenant: { column: 'tenant', match: 'exact' } },
  naturalOrder: ['tenant', 'name'],
  toRow: (record) => record,
};

const problemsOf = (query: Record<string, unknown>): string[] => {
  try {
    parseListQuery(spec, query);
  } catch (error) {
    if (error instanceof InvalidInputError) return error.problems;
    throw error;
  }
  return [];
};

describe('list queries', () => {
  it('without parameters: page 1, 100 rows, the natural order, no filter', () => {
    expect(parseListQuery(spec, {})).toEqual({ page: 1, limit: 100, sort: undefined, filters: [] });
    expect(listSql(spec, parseListQuery(spec, {})).page).toBe('SELECT * FROM rm_things ORDER BY tenant, name LIMIT 100 OFFSET 0');
  });

  it('page 0 reads as page 1, and a page is an offset of whole pages', () => {
    expect(parseListQuery(spec, { page: '0' }).page).toBe(1);
    expect(listSql(spec, parseListQuery(spec, { page: '3', limit: '20' })).page).toContain('LIMIT 20 OFFSET 40');
  });

  it('sorting by a whitelisted field keeps the natural key as tie-breaker', () => {
    const sql = listSql(spec, parseListQuery(spec, { sort_field: 'name', sort_by: 'desc' }));
    expect(sql.page).toContain('ORDER BY name DESC, tenant');
  });

  it('fuzzy filters match a folded, escaped substring; exact filters match equality', () => {
    const sql = listSql(spec, parseListQuery(spec, { name: 'Ab%_C', tenant: 'Default' }));
    expect(sql.page).toContain('WHERE name_folded LIKE $1 AND tenant = $2');
    expect(sql.count).toBe('SELECT count(*) AS total FROM rm_things WHERE name_folded LIKE $1 AND tenant = $2');
    expect(sql.params).toEqual(['%ab\\%\\_c%', 'Default']);
  });

  it('unknown parameters are ignored', () => {
    expect(problemsOf({ 'pagination[offset]': '0', exact_match: 'true' })).toEqual([]);
  });

  it('every broken rule is reported at once, naming the parameter', () => {
    expect(problemsOf({ page: '-1', limit: '1001', sort_field: 'id', sort_by: 'ASC', name: ['a', 'b'] })).toEqual([
      'page: must be a whole number; pages start at 1 (0 reads as 1)',
      'limit: must be an integer 1-1000',
      'sort_field: must be one of name, tenant',
      'sort_by: must be asc or desc',
      'name: must be given once',
    ]);
  });
});
