CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Read model of tenants, written only by the cluster-metadata projection.
CREATE TABLE rm_tenants (
  tenant_name text COLLATE "C" PRIMARY KEY,
  description text NOT NULL,
  config      jsonb NOT NULL,
  create_time bigint NOT NULL
);
-- The list's fuzzy filter is a case-insensitive substring match (ILIKE), served by trigrams.
CREATE INDEX rm_tenants_name_trgm ON rm_tenants USING gin (tenant_name gin_trgm_ops);
