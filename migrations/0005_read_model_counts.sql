-- Row counts of the read-model tables, kept by triggers in the writer's own transaction, so that a
-- list's total_count is one row read instead of count(*) of every row (80 ms at 100,000 tenants).
-- One row per table (tenant '') and, for a table scoped by tenant, one per tenant. Only the projector
-- writes rm_* tables, so these rows are never contended.
CREATE TABLE rm_counts (
  table_name text COLLATE "C" NOT NULL,
  -- '' counts every row of the table (a tenant name is never empty); otherwise the rows of that tenant.
  tenant     text COLLATE "C" NOT NULL,
  row_count  bigint NOT NULL,
  PRIMARY KEY (table_name, tenant)
);

-- Statement-level: one upsert per statement and tenant, from the statement's transition tables.
-- TG_ARGV[0] names the table's tenant column, if it has one.
CREATE FUNCTION rm_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tenant_column text := TG_ARGV[0];
  changes text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM rm_counts WHERE table_name = TG_TABLE_NAME;
    RETURN NULL;
  END IF;
  changes := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT %s AS tenant, 1 AS delta FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT %s AS tenant, -1 AS delta FROM old_rows'
    ELSE 'SELECT %1$s AS tenant, 1 AS delta FROM new_rows UNION ALL SELECT %1$s, -1 FROM old_rows'
  END;
  changes := format(changes, coalesce(quote_ident(tenant_column), 'NULL::text'));
  EXECUTE format(
    $sql$
    INSERT INTO rm_counts AS counts (table_name, tenant, row_count)
    SELECT %L, scope, sum(delta)
      FROM (SELECT '' AS scope, delta FROM (%2$s) whole_table
            UNION ALL
            SELECT tenant, delta FROM (%2$s) by_tenant WHERE tenant IS NOT NULL) changes
     GROUP BY scope
    HAVING sum(delta) <> 0
    ON CONFLICT (table_name, tenant) DO UPDATE SET row_count = counts.row_count + excluded.row_count
    $sql$,
    TG_TABLE_NAME, changes);
  RETURN NULL;
END
$$;

-- Keeps the counts of a read-model table from now on, starting from its current rows: one line in the
-- migration that creates the table, e.g. SELECT rm_keep_counts('rm_users', 'tenant').
CREATE FUNCTION rm_keep_counts(target regclass, tenant_column text DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  counted text := (SELECT relname FROM pg_class WHERE oid = target);
  argument text := coalesce(quote_literal(tenant_column), '');
BEGIN
  -- No writer may change the table between the first count and the triggers.
  EXECUTE format('LOCK TABLE %s IN SHARE MODE', target);
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rm_count_rows(%s)',
    counted || '_count_inserts', target, argument);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rm_count_rows(%s)',
    counted || '_count_deletes', target, argument);
  IF tenant_column IS NOT NULL THEN
    -- An update that moves rows to another tenant changes two counts; any other nets out to nothing
    -- (Postgres allows no column list, UPDATE OF, on a trigger with transition tables).
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rm_count_rows(%s)',
      counted || '_count_updates', target, argument);
  END IF;
  EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION rm_count_rows()',
    counted || '_count_truncates', target);
  DELETE FROM rm_counts WHERE table_name = counted;
  EXECUTE format($sql$INSERT INTO rm_counts (table_name, tenant, row_count) SELECT %L, '', count(*) FROM %s$sql$, counted, target);
  IF tenant_column IS NOT NULL THEN
    EXECUTE format('INSERT INTO rm_counts (table_name, tenant, row_count) SELECT %L, %I, count(*) FROM %s GROUP BY %2$I',
      counted, tenant_column, target);
  END IF;
END
$$;

SELECT rm_keep_counts('rm_tenants');
