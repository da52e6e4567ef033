import {
  CLUSTER_CONFIG_STREAM_ID,
  type ClusterConfigEvent,
  type ConfigSections,
  type ConfigType,
  clusterConfigStream,
  defaultSections,
} from '#libs/domain/cluster-config';
import { upcasters } from '#libs/domain/upcasters';
import type { Queryable } from '#libs/event-store';
import { redactSecrets } from '#libs/domain/shared';

/**
 * History and as-of reads come straight from the configuration's stream in the log: it is the
 * history, and its version is the configuration's version (0 = nobody changed anything yet). The
 * partial index of migration 0014 serves the filter by config_type and the newest-first order.
 */
const STREAM_FILTER = `stream_id = $1 AND stream_type = '${clusterConfigStream.name}'`;

interface ConfigEventRow {
  stream_version: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: { actor?: string; request_id?: string };
  recorded_at: Date;
}

export interface ConfigChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ConfigHistoryRow {
  version: number;
  config_type: ConfigType;
  event_type: ClusterConfigEvent['type'];
  changes: ConfigChange[];
  /** The version a rollback restored; null for a set. */
  restored_version: number | null;
  actor: string | null;
  request_id: string | null;
  /** Unix seconds. */
  time: number;
}

export async function headVersion(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ version: string }>('SELECT version FROM streams WHERE stream_id = $1', [CLUSTER_CONFIG_STREAM_ID]);
  return Number(rows[0]?.version ?? 0);
}

/** The newest version recorded at or before `unixSeconds` (0 when none was). */
export async function versionAt(db: Queryable, unixSeconds: number): Promise<number> {
  const { rows } = await db.query<{ version: string | null }>(
    `SELECT max(stream_version) AS version FROM events WHERE ${STREAM_FILTER} AND recorded_at <= to_timestamp($2)`,
    [CLUSTER_CONFIG_STREAM_ID, unixSeconds],
  );
  return Number(rows[0]?.version ?? 0);
}

/** Every section as it was once the event of `version` had been applied: each one's latest change up to it, or its default. */
export async function sectionsAsOf(db: Queryable, version: number): Promise<ConfigSections> {
  const { rows } = await db.query<ConfigEventRow>(
    `SELECT DISTINCT ON (data->>'config_type') stream_version, event_type, schema_version, data, metadata, recorded_at
       FROM events WHERE ${STREAM_FILTER} AND stream_version <= $2
      ORDER BY data->>'config_type', stream_version DESC`,
    [CLUSTER_CONFIG_STREAM_ID, version],
  );
  const sections = defaultSections();
  for (const row of rows) {
    const event = toEvent(row);
    sections[event.data.config_type] = event.data.after;
  }
  return sections;
}

/** One page of the changes, newest first (or oldest first), optionally of one config_type; total_count counts every match. */
export async function configHistory(
  db: Queryable,
  request: { configType?: ConfigType; limit: number; offset: number; oldestFirst?: boolean },
): Promise<{ data: ConfigHistoryRow[]; total_count: number }> {
  const typeFilter = request.configType === undefined ? '' : `AND data->>'config_type' = $2`;
  const params = request.configType === undefined ? [CLUSTER_CONFIG_STREAM_ID] : [CLUSTER_CONFIG_STREAM_ID, request.configType];
  const [{ rows }, counted] = await Promise.all([
    db.query<ConfigEventRow>(
      `SELECT stream_version, event_type, schema_version, data, metadata, recorded_at FROM events
        WHERE ${STREAM_FILTER} ${typeFilter}
        ORDER BY stream_version ${request.oldestFirst ? 'ASC' : 'DESC'} LIMIT ${request.limit} OFFSET ${request.offset}`,
      params,
    ),
    db.query<{ total: string }>(`SELECT count(*) AS total FROM events WHERE ${STREAM_FILTER} ${typeFilter}`, params),
  ]);
  return { data: rows.map(toHistoryRow), total_count: Number(counted.rows[0]?.total ?? 0) };
}

function toEvent(row: ConfigEventRow): ClusterConfigEvent {
  const { data } = upcasters.upcast(row.event_type, row.schema_version, row.data);
  return { type: row.event_type, data } as ClusterConfigEvent;
}

function toHistoryRow(row: ConfigEventRow): ConfigHistoryRow {
  // The configuration holds no secret field; should one come, it is redacted here as on Kafka.
  const recorded = toEvent(row);
  const event = { ...recorded, data: redactSecrets(recorded.data) } as ClusterConfigEvent;
  return {
    version: Number(row.stream_version),
    config_type: event.data.config_type,
    event_type: event.type,
    changes: changedFields(event.data.before, event.data.after, ''),
    restored_version: event.type === 'ClusterConfigRolledBack' ? event.data.restored_version : null,
    actor: row.metadata.actor ?? null,
    request_id: row.metadata.request_id ?? null,
    time: Math.floor(row.recorded_at.getTime() / 1000),
  };
}

/** The fields whose values differ, nested ones named by their path (`cluster.max_topics`). */
export function changedFields(before: unknown, after: unknown, path: string): ConfigChange[] {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isObject(before) && isObject(after)) {
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return fields.flatMap((field) => changedFields(before[field], after[field], path ? `${path}.${field}` : field));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ field: path, before: before ?? null, after: after ?? null }];
}
