import { CONSUMER_LOCK_KEY_SQL, type Queryable } from '#libs/event-store';
import type { NodeRole, ReportedWorker } from './node-registry.js';

/** A row of the node registry, with how long ago it last heartbeated (by the database's clock). */
export interface RegisteredNode {
  node_id: number;
  node_ip: string;
  hostname: string;
  pid: number;
  roles: NodeRole[];
  http_addr: string | null;
  version: string;
  start_time: number;
  register_time: number;
  workers: ReportedWorker[];
  silent_ms: number;
}

/** A log consumer as Postgres sees it: who holds its lock now, and its checkpoint. */
export interface WorkerState {
  name: string;
  /** The server process id of the session holding its advisory lock; null when nobody holds it. */
  holder_pid: number | null;
  /** Its checkpoint's log position (0 before its first batch). */
  checkpoint: number;
}

/** What status and health read from Postgres, in one statement. */
export interface ClusterSnapshot {
  /** The log head: the position of the newest event (0 for an empty log). */
  logHead: number;
  nodes: RegisteredNode[];
  workers: WorkerState[];
}

/**
 * The registry, the lock holders (pg_locks: an advisory lock on a bigint key shows as its high
 * `classid` and low `objid` halves, with `objsubid` 1), the checkpoints and the log head, in one
 * round trip. Heartbeat ages are measured by the database's clock, so no two hosts' clocks are compared.
 */
export async function readClusterSnapshot(db: Queryable, workerNames: readonly string[]): Promise<ClusterSnapshot> {
  const result = await db.query<{ log_head: string; nodes: RegisteredNode[]; workers: WorkerState[] }>(
    `SELECT (SELECT coalesce(max(position), 0) FROM events) AS log_head,
            (SELECT coalesce(json_agg(n ORDER BY n.node_id), '[]')
               FROM (SELECT node_id, node_ip, hostname, pid, roles, http_addr, version, start_time, register_time, workers,
                            round(extract(epoch FROM clock_timestamp() - heartbeat_at) * 1000) AS silent_ms
                       FROM cluster_nodes) n) AS nodes,
            (SELECT json_agg(w ORDER BY w.ordinality)
               FROM (SELECT names.name, names.ordinality, holder.pid AS holder_pid, coalesce(c.position, 0) AS checkpoint
                       FROM unnest($1::text[]) WITH ORDINALITY AS names(name, ordinality)
                       LEFT JOIN LATERAL (SELECT l.pid FROM pg_locks l
                                           WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                                             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                                             AND (l.classid::bigint << 32 | l.objid::bigint) = ${CONSUMER_LOCK_KEY_SQL.replace('$1', 'names.name')}
                                           LIMIT 1) holder ON true
                       LEFT JOIN consumer_checkpoints c ON c.consumer_name = names.name) w) AS workers`,
    [workerNames],
  );
  const row = result.rows[0]!;
  return {
    logHead: Number(row.log_head),
    nodes: row.nodes.map((node) => ({
      ...node,
      node_id: Number(node.node_id),
      start_time: Number(node.start_time),
      register_time: Number(node.register_time),
      silent_ms: Number(node.silent_ms),
    })),
    workers: (row.workers ?? []).map(({ name, holder_pid, checkpoint }) => ({ name, holder_pid, checkpoint: Number(checkpoint) })),
  };
}
