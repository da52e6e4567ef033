-- Read model of topic rewrite rules, written only by the cluster-metadata projection.
CREATE TABLE rm_topic_rewrites (
  tenant        text COLLATE "C" NOT NULL,
  name          text COLLATE "C" NOT NULL,
  -- foldCase() of tenant and name, for the case-insensitive substring filters.
  tenant_folded text NOT NULL,
  name_folded   text NOT NULL,
  description   text NOT NULL,
  action        text COLLATE "C" NOT NULL,
  source_topic  text COLLATE "C" NOT NULL,
  dest_topic    text COLLATE "C" NOT NULL,
  regex         text NOT NULL,
  create_time   bigint NOT NULL,
  PRIMARY KEY (tenant, name)
);
-- One index per sort_field (ties by the natural key, tenant then name); the primary key serves tenant.
CREATE INDEX rm_topic_rewrites_name ON rm_topic_rewrites (name, tenant);
CREATE INDEX rm_topic_rewrites_source_topic ON rm_topic_rewrites (source_topic, tenant, name);
CREATE INDEX rm_topic_rewrites_dest_topic ON rm_topic_rewrites (dest_topic, tenant, name);
CREATE INDEX rm_topic_rewrites_action ON rm_topic_rewrites (action, tenant, name);
CREATE INDEX rm_topic_rewrites_tenant_folded_trgm ON rm_topic_rewrites USING gin (tenant_folded gin_trgm_ops);
CREATE INDEX rm_topic_rewrites_name_folded_trgm ON rm_topic_rewrites USING gin (name_folded gin_trgm_ops);

SELECT rm_keep_counts('rm_topic_rewrites', 'tenant');
