import { InvalidInputError } from '#libs/domain/shared';
import type { Queryable } from '#libs/event-store';

/** How one resource's list endpoint maps onto its read-model table. */
export interface ListSpec<Row> {
  table: string;
  /** Query parameter → column, for the `sort_field` whitelist. */
  sortable: Record<string, string>;
  /** Query parameter → column and match. */
  filters: Record<string, { column: string; match: FilterMatch }>;
  /** The natural key (the primary key): the order without `sort_field`, and the tie-breaker with it. */
  naturalOrder: string[];
  /** The direction of the natural order without `sort_field`: ASC unless given (the audit log lists newest first). */
  naturalDirection?: 'ASC' | 'DESC';
  /**
   * The tenant column of a table scoped by tenant, as given to `rm_keep_counts` in its migration: a list
   * filtered only by an exact tenant then reads its total from `rm_counts`. Every list table keeps its counts.
   */
  tenantColumn?: string;
  toRow(record: Record<string, unknown>): Row;
}

/**
 * How a filter compares its column with the parameter: exact = equality; fuzzy = case-insensitive
 * substring, on a column that holds `foldCase(text)`, written by the projection, so that case folding
 * is Unicode's whatever the database's locale; fromSecond / throughSecond = a timestamp column from the
 * start of, or through the end of, a second given in unix seconds (a time range with both ends included).
 */
export type FilterMatch = 'fuzzy' | 'exact' | 'fromSecond' | 'throughSecond';

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
  filters: { column: string; match: FilterMatch; value: string }[];
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

/** The one statement of a list: its page of rows, each carrying the count of every match. */
export interface ListSql {
  text: string;
  params: unknown[];
}

/** The column of a list statement that carries total_count; no read-model table has a column of this name. */
const TOTAL = 'list_total_count';

/**
 * A list as one statement, so a list costs one round trip. The total comes from `rm_counts` when the list
 * has no filter, or only an exact filter on the spec's tenant column: one row read, whatever the table's
 * size. Any other filter is counted exactly, once, over the matching keys, which also give the page.
 * The page is joined to the total (`LEFT JOIN`), so a page past the end still answers the total.
 */
export function listSql(spec: ListSpec<unknown>, request: ListRequest): ListSql {
  const params: unknown[] = [];
  const conditions = request.filters.map((filter) => {
    params.push(filter.match === 'fuzzy' ? `%${escapeLike(foldCase(filter.value))}%` : filter.value);
    return condition(filter.column, filter.match, `$${params.length}`);
  });
  const order: ListOrder = {
    // Ties of the sort column follow its direction, so one index on (sort column, natural key) serves both.
    columns: [...(request.sort ? [request.sort.column] : []), ...spec.naturalOrder.filter((column) => column !== request.sort?.column)],
    direction: request.sort?.direction ?? spec.naturalDirection ?? 'ASC',
  };
  const kept = keptCount(spec, request);
  const [matches, counted, page] = kept
    ? [
        '',
        `SELECT coalesce((SELECT row_count FROM rm_counts WHERE table_name = '${spec.table}' AND tenant = ${kept}), 0) AS ${TOTAL}`,
        keptPage(spec, request, conditions, order),
      ]
    : countedMatches(spec, request, conditions, order);
  return {
    text: sql(
      matches,
      `SELECT counted.${TOTAL}, page.* FROM (${counted}) counted LEFT JOIN LATERAL (${page}) page ON true`,
      orderBy(order, 'page'),
    ),
    params,
  };
}

interface ListOrder {
  columns: string[];
  direction: 'ASC' | 'DESC';
}

/** Whose count `rm_counts` keeps for this request, as SQL: the whole table (''), a tenant ($1), or none. */
function keptCount(spec: ListSpec<unknown>, request: ListRequest): string | undefined {
  if (request.filters.length === 0) return "''";
  const [only] = request.filters;
  return request.filters.length === 1 && only.match === 'exact' && only.column === spec.tenantColumn ? '$1' : undefined;
}

/**
 * The page of a list whose total is kept. Past the first page in the natural key's order, the page's first
 * key is found on the key's index alone (an index-only scan of the entries before it), then the page is
 * read from that key on: OFFSET would also read every row before the page from the table. A page sorted
 * by another column keeps OFFSET: that column may hold NULLs, which a row comparison drops.
 */
function keptPage(spec: ListSpec<unknown>, request: ListRequest, conditions: string[], order: ListOrder): string {
  const inKeyOrder = request.sort === undefined || spec.naturalOrder.includes(request.sort.column);
  if (request.offset === 0 || !inKeyOrder) {
    return sql(`SELECT * FROM ${spec.table}`, where(conditions), orderBy(order), `LIMIT ${request.limit} OFFSET ${request.offset}`);
  }
  const key = order.columns.join(', ');
  const firstKey = sql(`SELECT ${key} FROM ${spec.table}`, where(conditions), orderBy(order), `OFFSET ${request.offset} LIMIT 1`);
  const fromFirstKey = `(${key}) ${order.direction === 'ASC' ? '>=' : '<='} (${firstKey})`;
  return sql(`SELECT * FROM ${spec.table}`, where([...conditions, fromFirstKey]), orderBy(order), `LIMIT ${request.limit}`);
}

/**
 * The matches of a filtered list, materialised: found once (on the filter's index) for both the count and
 * the page, keeping only the key and sort columns; a top-N sort of those picks the page's keys, whose rows
 * are then read by key. Without it the planner may walk the sort's index and filter row after row.
 */
function countedMatches(spec: ListSpec<unknown>, request: ListRequest, conditions: string[], order: ListOrder): [string, string, string] {
  const key = spec.naturalOrder.join(', ');
  const kept = [...new Set([...order.columns, ...spec.naturalOrder])].join(', ');
  const pageKeys = sql(`SELECT ${key} FROM matches`, orderBy(order), `LIMIT ${request.limit} OFFSET ${request.offset}`);
  return [
    `WITH matches AS MATERIALIZED (${sql(`SELECT ${kept} FROM ${spec.table}`, where(conditions))})`,
    `SELECT count(*) AS ${TOTAL} FROM matches`,
    `SELECT listed.* FROM (${pageKeys}) keys JOIN ${spec.table} listed USING (${key})`,
  ];
}

/** One filter's condition, on the column as it is, so that the column's index serves it. */
function condition(column: string, match: FilterMatch, parameter: string): string {
  switch (match) {
    case 'exact':
      return `${column} = ${parameter}`;
    case 'fuzzy':
      return `${column} LIKE ${parameter}`;
    case 'fromSecond':
      return `${column} >= to_timestamp(${parameter}::bigint)`;
    case 'throughSecond':
      return `${column} < to_timestamp(${parameter}::bigint + 1)`;
  }
}

const sql = (...parts: string[]) => parts.filter(Boolean).join(' ');
const where = (conditions: string[]) => (conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '');
const orderBy = ({ columns, direction }: ListOrder, alias?: string) =>
  `ORDER BY ${columns.map((column) => `${alias ? `${alias}.` : ''}${column} ${direction}`).join(', ')}`;

/** Filters, sorts and pages in SQL, in one statement, so lists stay fast at any size; `total_count` counts every match. */
export async function queryList<Row>(db: Queryable, spec: ListSpec<Row>, request: ListRequest): Promise<ListPage<Row>> {
  const sql = listSql(spec, request);
  const { rows } = await db.query<Record<string, unknown>>(sql.text, sql.params);
  // One row with only the total and NULLs when the page is empty; the natural key is never NULL in a row.
  const listed = rows.filter((row) => row[spec.naturalOrder[0]] !== null);
  return { data: listed.map((row) => spec.toRow(row)), total_count: Number(rows[0]?.[TOTAL] ?? 0) };
}

/** The case-insensitive form of a text that fuzzy filters compare. */
export function foldCase(text: string): string {
  return text.toLowerCase();
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
