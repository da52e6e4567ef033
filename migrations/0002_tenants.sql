CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Read model of tenants, written only by the cluster-metadata projection.
CREATE TABLE rm_tenants (
  tenant_name text COLLATE "C" PRIMARY KEY,
  -- foldCase(tenant_name), for the case-insensitive substring filter.
  tenant_name_folded text NOT NULL,
  description text NOT NULL,
  config      jsonb NOT NULL,
  create_time bigint NOT NULL
);
-- The list's fuzzy filter is a substring match (LIKE) on the folded name, served by trigrams.
CREATE INDEX rm_tenants_name_folded_trgm ON rm_tenants USING gin (tenant_name_folded gin_trgm_ops);
