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

/**
 * The query-string parameters of a list, already checked by the API's validation pipe (ListQueryDto):
 * absent ones are undefined. Filter values are read by the names in the spec's `filters`.
 */
export interface ListParameters {
  page?: string;
  limit?: string;
  sort_field?: string;
  sort_by?: string;
  'pagination[limit]'?: string;
  'pagination[offset]'?: string;
  pagination?: { limit?: string; offset?: string };
}

export interface ListRequest {
  limit: number;
  /** Rows skipped before the page. */
  offset: number;
  sort?: { column: string; direction: 'ASC' | 'DESC' };
  filters: { column: string; match: 'fuzzy' | 'exact'; value: string }[];
}

export interface ListPage<Row> {
  data: Row[];
  total_count: number;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** The column a `sort_field` sorts by; only the spec's own names count (not `constructor` or `__proto__`). */
export function sortColumn(spec: ListSpec<unknown>, sortField: string): string | undefined {
  return Object.hasOwn(spec.sortable, sortField) ? spec.sortable[sortField] : undefined;
}

/**
 * The page a list asks for. `page`/`limit` are the API document's paging; the RobustMQ dashboard
 * sends `pagination[limit]` and `pagination[offset]` (rows from 0) instead, which apply when those
 * are absent (API-CONTRACT §3).
 */
export function toListRequest(spec: ListSpec<unknown>, parameters: ListParameters): ListRequest {
  const paginationLimit = parameters['pagination[limit]'] ?? parameters.pagination?.limit;
  const paginationOffset = parameters['pagination[offset]'] ?? parameters.pagination?.offset;
  const limit = Number(parameters.limit ?? paginationLimit ?? DEFAULT_LIMIT);
  const offset = parameters.page !== undefined ? (Math.max(1, Number(parameters.page)) - 1) * limit : Number(paginationOffset ?? 0);
  const column = parameters.sort_field === undefined ? undefined : sortColumn(spec, parameters.sort_field);
  if (parameters.sort_field !== undefined && column === undefined) {
    // The DTO refuses such a value already; this keeps a caller that skipped it from sorting by anything else.
    throw new InvalidInputError([`sort_field: must be one of ${Object.keys(spec.sortable).join(', ')}`]);
  }
  const values = new Map(Object.entries(parameters));
  const filters = Object.entries(spec.filters).flatMap(([name, filter]) => {
    const value = values.get(name);
    return typeof value === 'string' ? [{ ...filter, value }] : [];
  });
  return {
    limit,
    offset,
    sort: column ? { column, direction: parameters.sort_by === 'desc' ? 'DESC' : 'ASC' } : undefined,
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
    page: statement(`SELECT * FROM ${spec.table}`, where, `ORDER BY ${order}`, `LIMIT ${request.limit} OFFSET ${request.offset}`),
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
