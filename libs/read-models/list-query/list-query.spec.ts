import { InvalidInputError } from '#libs/domain/shared';
import { type ListParameters, type ListSpec, listSql, sortColumn, toListRequest } from './list-query.js';

const spec: ListSpec<unknown> = {
  table: 'rm_things',
  sortable: { name: 'name', tenant: 'tenant' },
  filters: { name: { column: 'name_folded', match: 'fuzzy' }, tenant: { column: 'tenant', match: 'exact' } },
  naturalOrder: ['tenant', 'name'],
  toRow: (record) => record,
};

const request = (parameters: Record<string, unknown>) => toListRequest(spec, parameters as ListParameters);

describe('list queries', () => {
  it('without parameters: the first 100 rows, the natural order, no filter', () => {
    expect(request({})).toEqual({ limit: 100, offset: 0, sort: undefined, filters: [] });
    expect(listSql(spec, request({})).page).toBe('SELECT * FROM rm_things ORDER BY tenant, name LIMIT 100 OFFSET 0');
  });

  it('page 0 reads as page 1, and a page is an offset of whole pages', () => {
    expect(request({ page: '0' }).offset).toBe(0);
    expect(listSql(spec, request({ page: '3', limit: '20' })).page).toContain('LIMIT 20 OFFSET 40');
  });

  it('pagination[limit] and pagination[offset] (rows from 0) apply when limit and page are absent', () => {
    expect(request({ 'pagination[limit]': '20', 'pagination[offset]': '20' })).toMatchObject({ limit: 20, offset: 20 });
    expect(request({ pagination: { limit: '20', offset: '7' } })).toMatchObject({ limit: 20, offset: 7 });
    expect(request({ limit: '5', page: '2', 'pagination[limit]': '20', 'pagination[offset]': '20' })).toMatchObject({
      limit: 5,
      offset: 5,
    });
  });

  it('sorting by a whitelisted field keeps the natural key as tie-breaker', () => {
    const sql = listSql(spec, request({ sort_field: 'name', sort_by: 'desc' }));
    expect(sql.page).toContain('ORDER BY name DESC, tenant');
  });

  it.each([['constructor'], ['toString'], ['__proto__'], ['hasOwnProperty']])('the inherited name %s is not a sortable field', (name) => {
    expect(sortColumn(spec, name)).toBeUndefined();
    expect(() => request({ sort_field: name })).toThrow(InvalidInputError);
  });

  it('fuzzy filters match a folded, escaped substring; exact filters match equality', () => {
    const sql = listSql(spec, request({ name: 'Ab%_C', tenant: 'Default' }));
    expect(sql.page).toContain('WHERE name_folded LIKE $1 AND tenant = $2');
    expect(sql.count).toBe('SELECT count(*) AS total FROM rm_things WHERE name_folded LIKE $1 AND tenant = $2');
    expect(sql.params).toEqual(['%ab\\%\\_c%', 'Default']);
  });
});
