-- rm_keep_counts counted a table's existing rows per tenant without leaving out the rows of no tenant (a NULL
-- tenant, as the audit log has for the cluster configuration), which rm_counts refuses; the triggers already
-- leave them out. It only ran on empty tables until `npm run rebuild`, which counts a rebuilt table with it.
CREATE OR REPLACE FUNCTION rm_keep_counts(target regclass, tenant_column text DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
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
    EXECUTE format('INSERT INTO rm_counts (table_name, tenant, row_count) SELECT %L, %I, count(*) FROM %s WHERE %2$I IS NOT NULL GROUP BY %2$I',
      counted, tenant_column, target);
  END IF;
END
$$;
