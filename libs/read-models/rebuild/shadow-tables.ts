import type { Queryable } from '#libs/event-store';

/**
 * The schema a rebuild builds its tables in. Off every search_path but the rebuild's own, so the API
 * and the live projectors never see it. A run that was killed leaves it behind; the next run drops it.
 */
export const SHADOW_SCHEMA = 'rm_rebuild';

/** Shared by every projection; a rebuild replaces only the rows of its own tables there. */
const COUNTS_TABLE = 'rm_counts';

/**
 * The triggers that keep a table's row counts in rm_counts run this function; `rm_keep_counts(table,
 * tenant column)` makes them and counts the rows there are (migration 0005). A copy gets them only after
 * the bulk of the log is in: counting a million rows once is much faster than a count upsert per statement.
 */
const COUNTING_FUNCTION = 'rm_count_rows';

/** Kinds of constraint backed by an index (primary key, unique, exclusion): made with the table, because the handlers' ON CONFLICT needs them. */
const INDEXED_CONSTRAINTS = "'p', 'u', 'x'";

interface ShadowTable {
  name: string;
  /** Schema-qualified and quoted, exactly as pg_get_indexdef and pg_get_triggerdef print it. */
  live: string;
  shadow: string;
  /** The live table's columns, constraints, indexes and triggers, to notice a migration that ran meanwhile. */
  shape: string;
  /** Its other indexes, as statements on the shadow table: built after the bulk of the log is in (faster than row by row). */
  laterIndexes: string[];
  /** Its rows are counted in rm_counts, per tenant if it names a tenant column. */
  counted: { tenantColumn: string | null } | undefined;
}

export class ReadModelChangedError extends Error {}

/**
 * Empty copies of live read-model tables in SHADOW_SCHEMA, with the live ones' columns, defaults,
 * constraints, indexes (same names), triggers (the row counts are kept in a copy of rm_counts), grants,
 * storage options and comment; and the swap that puts them in place of the live ones.
 */
export class ShadowTables {
  private constructor(
    private readonly liveSchema: string,
    private readonly tables: readonly ShadowTable[],
  ) {}

  /** Drops what an interrupted run left, and creates the schema and its tables from the live ones. */
  static async create(db: Queryable, tableNames: readonly string[]): Promise<ShadowTables> {
    const liveSchema = await schemaOf(db, COUNTS_TABLE);
    await db.query(`DROP SCHEMA IF EXISTS ${SHADOW_SCHEMA} CASCADE`);
    await db.query(`CREATE SCHEMA ${SHADOW_SCHEMA}`);
    const counts = await qualifiedNames(db, liveSchema, COUNTS_TABLE);
    await db.query(`CREATE TABLE ${counts.shadow} (LIKE ${counts.live} INCLUDING ALL)`);
    const tables: ShadowTable[] = [];
    for (const name of tableNames) tables.push(await copyTable(db, liveSchema, name));
    return new ShadowTables(liveSchema, tables);
  }

  get liveTables(): string[] {
    return this.tables.map((table) => table.live);
  }

  /**
   * Builds the indexes left for later, counts the rows and makes the counting triggers (on a session whose
   * search_path finds the copy of rm_counts first), and gathers statistics, so that the API plans its
   * queries well from the first one after the swap.
   */
  async finishIndexes(db: Queryable): Promise<void> {
    for (const table of this.tables) {
      for (const statement of table.laterIndexes) await db.query(statement);
      table.laterIndexes = [];
      if (table.counted) await db.query('SELECT rm_keep_counts($1::regclass, $2)', [table.shadow, table.counted.tenantColumn]);
      table.counted = undefined;
      await db.query(`ANALYZE ${table.shadow}`);
    }
  }

  /** Refuses to swap if a live table changed shape since the copy (a migration ran): the copy would undo it. */
  async checkLiveUnchanged(db: Queryable): Promise<void> {
    for (const table of this.tables) {
      if ((await shapeOf(db, table.live)) !== table.shape) {
        throw new ReadModelChangedError(`${table.live} changed while the rebuild ran (a migration?): run the rebuild again`);
      }
    }
  }

  /**
   * Within the caller's transaction, which holds the live tables' ACCESS EXCLUSIVE locks: drops each
   * live table and moves its copy in (indexes, constraints and triggers move with it), and replaces
   * the rm_counts rows of these tables by the copy's.
   */
  async swapIn(db: Queryable): Promise<void> {
    const names = this.tables.map((table) => table.name);
    for (const table of this.tables) {
      // Not CASCADE: anything that depends on a read-model table must stop the swap, not vanish.
      await db.query(`DROP TABLE ${table.live}`);
      await db.query(`ALTER TABLE ${table.shadow} SET SCHEMA ${quoteIdent(this.liveSchema)}`);
    }
    const counts = await qualifiedNames(db, this.liveSchema, COUNTS_TABLE);
    await db.query(`DELETE FROM ${counts.live} WHERE table_name = ANY($1)`, [names]);
    await db.query(
      `INSERT INTO ${counts.live} (table_name, tenant, row_count)
       SELECT table_name, tenant, row_count FROM ${counts.shadow} WHERE table_name = ANY($1)`,
      [names],
    );
  }
}

/** Drops the schema and whatever is left in it; the live tables are not in it. */
export async function dropShadowSchema(db: Queryable): Promise<void> {
  await db.query(`DROP SCHEMA IF EXISTS ${SHADOW_SCHEMA} CASCADE`);
}

async function schemaOf(db: Queryable, table: string): Promise<string> {
  const result = await db.query<{ schema: string | null }>(
    'SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)',
    [table],
  );
  const schema = result.rows[0]?.schema;
  if (!schema) throw new ReadModelChangedError(`table ${table} does not exist: are the migrations applied?`);
  return schema;
}

async function qualifiedNames(db: Queryable, liveSchema: string, table: string): Promise<{ live: string; shadow: string }> {
  const result = await db.query<{ live: string; shadow: string }>(
    "SELECT format('%I.%I', $1::text, $3::text) AS live, format('%I.%I', $2::text, $3::text) AS shadow",
    [liveSchema, SHADOW_SCHEMA, table],
  );
  return result.rows[0]!;
}

async function copyTable(db: Queryable, liveSchema: string, name: string): Promise<ShadowTable> {
  const { live, shadow } = await qualifiedNames(db, liveSchema, name);
  if ((await schemaOf(db, name)) !== liveSchema) throw new ReadModelChangedError(`table ${name} is not in schema ${liveSchema}`);
  const shape = await shapeOf(db, live);
  await db.query(`CREATE TABLE ${shadow} (LIKE ${live} INCLUDING ALL EXCLUDING INDEXES)`);

  const constraints = await db.query<{ name: string; definition: string; type: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition, contype AS type
       FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN (${INDEXED_CONSTRAINTS}, 'f') ORDER BY conname`,
    [live],
  );
  for (const constraint of constraints.rows) {
    // A key into another table would tie the copy to a table the swap drops.
    if (constraint.type === 'f')
      throw new ReadModelChangedError(`${live} has a foreign key (${constraint.name}); a rebuild cannot copy it`);
    await db.query(`ALTER TABLE ${shadow} ADD CONSTRAINT ${quoteIdent(constraint.name)} ${constraint.definition}`);
  }

  const onShadow = (statement: string) => {
    const onLive = ` ON ${live} `;
    if (!statement.includes(onLive)) throw new ReadModelChangedError(`cannot copy to ${shadow}: ${statement}`);
    return statement.replace(onLive, ` ON ${shadow} `);
  };
  const indexes = await db.query<{ definition: string }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
      WHERE i.indrelid = $1::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN (${INDEXED_CONSTRAINTS}))
      ORDER BY i.indexrelid`,
    [live],
  );
  const triggers = await db.query<{ definition: string; counting: boolean; args: string }>(
    `SELECT pg_get_triggerdef(t.oid) AS definition, p.proname = $2 AS counting, encode(t.tgargs, 'escape') AS args
       FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE t.tgrelid = $1::regclass AND NOT t.tgisinternal ORDER BY t.tgname`,
    [live, COUNTING_FUNCTION],
  );
  let counted: ShadowTable['counted'];
  for (const trigger of triggers.rows) {
    // Arguments are NUL-terminated, and the escape encoding writes NUL as \000. The truncate trigger has none.
    if (trigger.counting) counted = { tenantColumn: counted?.tenantColumn || trigger.args.split('\\000')[0] || null };
    else await db.query(onShadow(trigger.definition));
  }

  const grants = await db.query<{ grantee: string; privilege: string; grantable: boolean }>(
    `SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee,
            a.privilege_type AS privilege, a.is_grantable AS grantable
       FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = $1::regclass AND a.grantee <> c.relowner`,
    [live],
  );
  for (const grant of grants.rows) {
    await db.query(`GRANT ${grant.privilege} ON ${shadow} TO ${grant.grantee}${grant.grantable ? ' WITH GRANT OPTION' : ''}`);
  }
  const table = await db.query<{ options: string | null; comment: string | null }>(
    "SELECT array_to_string(reloptions, ', ') AS options, obj_description(oid, 'pg_class') AS comment FROM pg_class WHERE oid = $1::regclass",
    [live],
  );
  const { options, comment } = table.rows[0]!;
  if (options) await db.query(`ALTER TABLE ${shadow} SET (${options})`);
  if (comment !== null) await db.query(`COMMENT ON TABLE ${shadow} IS ${quoteLiteral(comment)}`);

  return { name, live, shadow, shape, laterIndexes: indexes.rows.map((index) => onShadow(index.definition)), counted };
}

/** Columns, constraints, indexes and triggers of a table, as text: equal text, same shape. */
async function shapeOf(db: Queryable, table: string): Promise<string> {
  const result = await db.query<{ shape: string }>(
    `SELECT json_build_array(
       (SELECT json_agg(attname || ' ' || format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END
                        || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') ORDER BY attnum)
          FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped),
       (SELECT json_agg(conname || ' ' || pg_get_constraintdef(oid) ORDER BY conname) FROM pg_constraint WHERE conrelid = $1::regclass),
       (SELECT json_agg(pg_get_indexdef(indexrelid) ORDER BY indexrelid) FROM pg_index WHERE indrelid = $1::regclass),
       (SELECT json_agg(pg_get_triggerdef(oid) ORDER BY tgname) FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal)
     )::text AS shape`,
    [table],
  );
  return result.rows[0]!.shape;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
