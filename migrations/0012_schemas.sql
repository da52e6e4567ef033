-- Read models of schemas and their bindings, written only by the cluster-metadata projection.
CREATE TABLE rm_schemas (
  tenant             text COLLATE "C" NOT NULL,
  schema_name        text COLLATE "C" NOT NULL,
  -- foldCase() of tenant and schema_name, for the case-insensitive substring filters.
  tenant_folded      text NOT NULL,
  schema_name_folded text NOT NULL,
  schema_type        text COLLATE "C" NOT NULL,
  description        text NOT NULL,
  schema             text NOT NULL,
  create_time        bigint NOT NULL,
  PRIMARY KEY (tenant, schema_name)
);
CREATE INDEX rm_schemas_tenant_folded_trgm ON rm_schemas USING gin (tenant_folded gin_trgm_ops);
CREATE INDEX rm_schemas_name_folded_trgm ON rm_schemas USING gin (schema_name_folded gin_trgm_ops);
CREATE INDEX rm_schemas_by_name ON rm_schemas (schema_name, tenant);
CREATE INDEX rm_schemas_by_type ON rm_schemas (schema_type, tenant, schema_name);
SELECT rm_keep_counts('rm_schemas', 'tenant');

CREATE TABLE rm_schema_bindings (
  tenant        text COLLATE "C" NOT NULL,
  schema_name   text COLLATE "C" NOT NULL,
  resource_name text COLLATE "C" NOT NULL,
  create_time   bigint NOT NULL,
  PRIMARY KEY (tenant, schema_name, resource_name)
);
-- The schemas bound to one resource (the resource_name filter, and the dashboard's list).
CREATE INDEX rm_schema_bindings_by_resource ON rm_schema_bindings (tenant, resource_name, schema_name);
SELECT rm_keep_counts('rm_schema_bindings', 'tenant');
