-- Read model of connectors, written only by the cluster-metadata projection.
CREATE TABLE rm_connectors (
  tenant             text COLLATE "C" NOT NULL,
  connector_name     text COLLATE "C" NOT NULL,
  -- foldCase(connector_name), for the case-insensitive substring filter.
  connector_name_folded text NOT NULL,
  connector_type     text COLLATE "C" NOT NULL,
  -- The config as JSON text, its secret fields (passwords, tokens) redacted: the read model never holds them.
  config             text NOT NULL,
  topic_name         text COLLATE "C" NOT NULL,
  failure_strategy   jsonb NOT NULL,
  status             text COLLATE "C" NOT NULL,
  broker_id          text COLLATE "C" NOT NULL,
  create_time        bigint NOT NULL,
  update_time        bigint NOT NULL,
  -- Delivery statistics, as brokers will report them; nothing reports them yet.
  last_send_time     bigint NOT NULL DEFAULT 0,
  send_success_total bigint NOT NULL DEFAULT 0,
  send_fail_total    bigint NOT NULL DEFAULT 0,
  last_msg           text,
  PRIMARY KEY (tenant, connector_name)
);
CREATE INDEX rm_connectors_name_folded_trgm ON rm_connectors USING gin (connector_name_folded gin_trgm_ops);
-- One index per sort_field besides tenant (the primary key's order), ending in the natural key as the tie-breaker.
CREATE INDEX rm_connectors_by_name ON rm_connectors (connector_name, tenant);
CREATE INDEX rm_connectors_by_type ON rm_connectors (connector_type, tenant, connector_name);
CREATE INDEX rm_connectors_by_topic ON rm_connectors (topic_name, tenant, connector_name);
CREATE INDEX rm_connectors_by_status ON rm_connectors (status, tenant, connector_name);
CREATE INDEX rm_connectors_by_broker ON rm_connectors (broker_id, tenant, connector_name);
SELECT rm_keep_counts('rm_connectors', 'tenant');
