-- The audit log: one row per event of the log, written only by the audit-log projection (docs/audit-log.md).
-- Its data has every secret redacted; tenant and name come from the stream id, by one rule for every resource.
CREATE TABLE rm_audit (
  position      bigint PRIMARY KEY,
  stream_id     text COLLATE "C" NOT NULL,
  resource_type text COLLATE "C" NOT NULL,
  -- NULL for a resource that lives outside tenants (e.g. the cluster configuration).
  tenant        text COLLATE "C",
  name          text COLLATE "C" NOT NULL,
  event_type    text COLLATE "C" NOT NULL,
  data          jsonb NOT NULL,
  actor         text COLLATE "C",
  request_id    text,
  recorded_at   timestamptz NOT NULL
);
-- One index per filter, each ending with the position: a filtered list finds its matches (and counts them)
-- by an index-only scan, and a page of one filter reads the index in position order.
CREATE INDEX rm_audit_by_resource_type ON rm_audit (resource_type, position);
CREATE INDEX rm_audit_by_tenant ON rm_audit (tenant, position);
CREATE INDEX rm_audit_by_name ON rm_audit (name, position);
CREATE INDEX rm_audit_by_actor ON rm_audit (actor, position);
CREATE INDEX rm_audit_by_time ON rm_audit (recorded_at, position);
-- The total of the unfiltered list, and of a list filtered by tenant alone, is one row of rm_counts.
SELECT rm_keep_counts('rm_audit', 'tenant');
