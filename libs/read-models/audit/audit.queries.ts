import type { ListSpec } from '../list-query/index.js';

/** A row of the audit log: one event, its data with secrets redacted. */
export interface AuditRow {
  /** The event's place in the log. */
  position: number;
  stream: string;
  /** The stream type: `tenant`, `acl`, `blacklist`... */
  resource_type: string;
  tenant: string | null;
  name: string;
  event_type: string;
  data: unknown;
  /** The name of the token of the request that caused it; `anonymous` without tokens, `system` for the service's own. */
  actor: string | null;
  request_id: string | null;
  /** When it was recorded, in unix seconds. */
  time: number;
}

/**
 * `GET /api/cluster/audit/list`: the log, newest first, every filter exact (each on an index that
 * ends with the position, docs/audit-log.md), the time range in unix seconds with both ends included.
 */
export const auditList: ListSpec<AuditRow> = {
  table: 'rm_audit',
  sortable: { position: 'position' },
  filters: {
    resource_type: { column: 'resource_type', match: 'exact' },
    tenant: { column: 'tenant', match: 'exact' },
    name: { column: 'name', match: 'exact' },
    actor: { column: 'actor', match: 'exact' },
    start_time: { column: 'recorded_at', match: 'fromSecond' },
    end_time: { column: 'recorded_at', match: 'throughSecond' },
  },
  naturalOrder: ['position'],
  naturalDirection: 'DESC',
  tenantColumn: 'tenant',
  toRow: (record) => ({
    position: Number(record.position),
    stream: record.stream_id as string,
    resource_type: record.resource_type as string,
    tenant: record.tenant as string | null,
    name: record.name as string,
    event_type: record.event_type as string,
    data: record.data,
    actor: record.actor as string | null,
    request_id: record.request_id as string | null,
    time: Math.floor((record.recorded_at as Date).getTime() / 1000),
  }),
};
