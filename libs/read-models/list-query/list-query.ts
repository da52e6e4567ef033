import { InvalidInputError } from '#libs/domain/shared';
import type { Queryable } from '#libs/event-store';

/** How one resource's list endpoint maps onto its read-model table. */
export interface ListSpec<Row> {
  table: string;
  /** Query parameter → column, for the `sort_field` whitelist. */
  sortable: Record<string, string>;
  /**
   * Query parameter → column and match: exact = equality; fuzzy = case-insensitive substring, on a
   * column that holds `foldCase(text)`, written by the projection, so that case folding is Unicode's
   * whatever the database's locale.
   */
  filters: Record<string, { column: string; match: 'fuzzy' | 'exact' }>;
  /** The natural key: the order without `sort_field`, and the tie-breaker with it. */
  naturalOrder: string[];
  toRow(record: Record<string, unknown>): Row;
}

export interface ListRequest {
  page: number;
  limit: number;
  sort?: { column: string; direction: 'ASC' | 'DESC' };
  filters: { column: string; match: 'fuzzy' | 'exact'; value: string }[];
}

export interface ListPage<Row> {
  data: Row[];
  total_count: number;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** Checks the query string of a list endpoint; unknown parameters are ignored (the dashboard sends extra ones). */
export function parseListQuery(spec: ListSpec<unknown>, query: Record<string, unknown>): ListRequest {
  const problems: string[] = [];
  const single = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') {
      problems.push(`${name}: must be given once`);
      return undefined;
    }
    return value;
  };

  const pageText = single('page');
  let page = 1;
  if (pageText !== undefined) {
    if (!/^\d{1,9}$/.test(pageText)) problems.push('page: must be a whole number; pages start at 1 (0 reads as 1)');
    else page = Math.max(1, Number(pageText));
  }

  const limitText = single('limit');
  let limit = DEFAULT_LIMIT;
  if (limitText !== undefined) {
    limit = Number(limitText);
    if (!/^\d{1,9}$/.test(limitText) || limit < 1 || limit > MAX_LIMIT) problems.push(`limit: must be an integer 1-${MAX_LIMIT}`);
  }

  const sortField = single('sort_field');
  const sortBy = single('sort_by') ?? 'asc';
  if (sortField !== undefined && !(sortField in spec.sortable)) {
    problems.push(`sort_field: must be one of ${Object.keys(spec.sortable).join(', ')}`);
  }
  if (sortBy !== 'asc' && sortBy !== 'desc') problems.push('sort_by: must be asc or desc');

  const filters = Object.entries(spec.filters).flatMap(([name, filter]) => {
    const value = single(name);
    if (value === undefined) return [];
    // Postgres text cannot hold NUL: no row can match, and the query would fail.
    if (value.includes('\u0000')) problems.push(`${name}: must not contain NUL characters`);
    return [{ ...filter, value }];
  });

  if (problems.length > 0) throw new InvalidInputError(problems);
  return {
    page,
    limit,
    sort: sortField ? { column: spec.sortable[sortField]!, direction: sortBy === 'desc' ? 'DESC' : 'ASC' } : undefined,
    filters,
  };
}

export interface ListSql {
  page: string;
  count: string;
  params: unknown[];
}

/** The two statements of a list: one page of rows, and the count of every match. */
export function listSql(spec: ListSpec<unknown>, request: ListRequest): ListSql {
  const params: unknown[] = [];
  const conditions = request.filters.map((filter) => {
    params.push(filter.match === 'fuzzy' ? `%${escapeLike(foldCase(filter.value))}%` : filter.value);
    return filter.match === 'fuzzy' ? `${filter.column} LIKE $${params.length}` : `${filter.column} = $${params.length}`;
  });
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const order = [
    ...(request.sort ? [`${request.sort.column} ${request.sort.direction}`] : []),
    ...spec.naturalOrder.filter((column) => column !== request.sort?.column),
  ].join(', ');
  const statement = (...parts: string[]) => parts.filter(Boolean).join(' ');
  return {
    page: statement(
      `SELECT * FROM ${spec.table}`,
      where,
      `ORDER BY ${order}`,
      `LIMIT ${request.limit} OFFSET ${(request.page - 1) * request.limit}`,
    ),
    count: statement(`SELECT count(*) AS total FROM ${spec.table}`, where),
    params,
  };
}

/** Filters, sorts and pages in SQL, so lists stay fast at any size; `total_count` counts every match. */
export async function queryList<Row>(db: Queryable, spec: ListSpec<Row>, request: ListRequest): Promise<ListPage<Row>> {
  const sql = listSql(spec, request);
  const [rows, count] = await Promise.all([db.query(sql.page, sql.params), db.query<{ total: string }>(sql.count, sql.params)]);
  return { data: rows.rows.map((row) => spec.toRow(row)), total_count: Number(count.rows[0]?.total ?? 0) };
}

/** The case-insensitive form of a text that fuzzy filters compare. */
export function foldCase(text: string): string {
  return text.toLowerCase();
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
