-- Read model of ACL rules, written only by the cluster-metadata projection. Identity (tenant, name).
CREATE TABLE rm_acl (
  tenant               text COLLATE "C" NOT NULL,
  name                 text COLLATE "C" NOT NULL,
  -- foldCase(...) of tenant, name and resource_name, for the list's case-insensitive substring filters.
  tenant_folded        text NOT NULL,
  name_folded          text NOT NULL,
  resource_name_folded text NOT NULL,
  description          text NOT NULL,
  resource_type        text COLLATE "C" NOT NULL,
  resource_name        text COLLATE "C" NOT NULL,
  topic                text COLLATE "C" NOT NULL,
  ip                   text COLLATE "C" NOT NULL,
  action               text NOT NULL,
  permission           text NOT NULL,
  PRIMARY KEY (tenant, name)
);
-- One index per sort_field, ending with the key as the tie-breaker (the primary key serves `tenant`).
-- Texts are at most 256 characters, so every entry fits a btree page.
CREATE INDEX rm_acl_by_name ON rm_acl (name, tenant);
CREATE INDEX rm_acl_by_resource_type ON rm_acl (resource_type, tenant, name);
CREATE INDEX rm_acl_by_resource_name ON rm_acl (resource_name, tenant, name);
CREATE INDEX rm_acl_by_topic ON rm_acl (topic, tenant, name);
CREATE INDEX rm_acl_by_ip ON rm_acl (ip, tenant, name);
-- The fuzzy filters are substring matches (LIKE) on the folded texts, served by trigrams.
CREATE INDEX rm_acl_tenant_folded_trgm ON rm_acl USING gin (tenant_folded gin_trgm_ops);
CREATE INDEX rm_acl_name_folded_trgm ON rm_acl USING gin (name_folded gin_trgm_ops);
CREATE INDEX rm_acl_resource_name_folded_trgm ON rm_acl USING gin (resource_name_folded gin_trgm_ops);
-- The tenant filter is fuzzy, so only the whole table's count is ever read.
SELECT rm_keep_counts('rm_acl');
