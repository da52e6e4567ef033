-- Read model of blacklist entries, written only by the cluster-metadata projection. Identity (tenant, name).
CREATE TABLE rm_blacklist (
  tenant               text COLLATE "C" NOT NULL,
  name                 text COLLATE "C" NOT NULL,
  -- foldCase(...) of tenant, name and resource_name, for the list's case-insensitive substring filters.
  tenant_folded        text NOT NULL,
  name_folded          text NOT NULL,
  resource_name_folded text NOT NULL,
  blacklist_type       text COLLATE "C" NOT NULL,
  resource_name        text COLLATE "C" NOT NULL,
  -- Unix seconds, as given.
  end_time             bigint NOT NULL,
  description          text NOT NULL,
  PRIMARY KEY (tenant, name)
);
-- One index per sort_field, ending with the key as the tie-breaker (the primary key serves `tenant`).
CREATE INDEX rm_blacklist_by_name ON rm_blacklist (name, tenant);
CREATE INDEX rm_blacklist_by_blacklist_type ON rm_blacklist (blacklist_type, tenant, name);
CREATE INDEX rm_blacklist_by_resource_name ON rm_blacklist (resource_name, tenant, name);
-- The fuzzy filters are substring matches (LIKE) on the folded texts, served by trigrams.
CREATE INDEX rm_blacklist_tenant_folded_trgm ON rm_blacklist USING gin (tenant_folded gin_trgm_ops);
CREATE INDEX rm_blacklist_name_folded_trgm ON rm_blacklist USING gin (name_folded gin_trgm_ops);
CREATE INDEX rm_blacklist_resource_name_folded_trgm ON rm_blacklist USING gin (resource_name_folded gin_trgm_ops);
-- The tenant filter is fuzzy, so only the whole table's count is ever read.
SELECT rm_keep_counts('rm_blacklist');
