import type pg from 'pg';
import { projections } from '#libs/read-models';

/** A member as the dashboard lists it (RobustMQ's BrokerNode). */
export interface DashboardNode {
  node_id: number;
  node_ip: string;
  node_inner_addr: string;
  grpc_addr: string;
  engine_addr: string;
  roles: string[];
  extend: unknown[];
  start_time: number;
  register_time: number;
  storage_fold: string[];
}

export interface ClusterMembers {
  nodes: DashboardNode[];
  /** The JSON the dashboard parses from `placement_status` (RobustMQ's Raft node state). */
  placementStatus: Record<string, unknown>;
}

/** This instance as the BrokerConfig describes it (config/get's static part). */
export interface ThisInstance {
  brokerId: number;
  ip: string;
  port: number;
  roles: string[];
}

const PROCESS_START = Math.floor(Date.now() / 1000 - process.uptime());

/**
 * The members the overview shows. Until the node registry exists (`GET /api/cluster/status`), this
 * process alone: this is the one place to switch to the registry. Its `placement_status` is this
 * service's log in the shape of a one-member Raft state: the log head as `last_log_index`, and the
 * checkpoint of the slowest projection as `last_applied`.
 */
export async function clusterMembers(pool: pg.Pool, self: ThisInstance): Promise<ClusterMembers> {
  const result = await pool.query<{ head: string | null; applied: string | null }>(
    `SELECT (SELECT max(position) FROM events) AS head,
            (SELECT min(position) FROM consumer_checkpoints WHERE consumer_name = ANY($1::text[])) AS applied`,
    [projections.map((projection) => projection.name)],
  );
  const head = Number(result.rows[0]?.head ?? 0);
  const applied = Number(result.rows[0]?.applied ?? 0);
  const address = `${self.ip}:${self.port}`;
  const leaderId = { term: 1, node_id: self.brokerId };
  const node: DashboardNode = {
    node_id: self.brokerId,
    node_ip: self.ip,
    node_inner_addr: address,
    grpc_addr: address,
    engine_addr: address,
    roles: self.roles,
    extend: [],
    start_time: PROCESS_START,
    register_time: PROCESS_START,
    storage_fold: [],
  };
  return {
    nodes: [node],
    placementStatus: {
      running_state: { Ok: null },
      id: self.brokerId,
      current_term: 1,
      vote: { leader_id: leaderId, committed: true },
      last_log_index: head,
      last_applied: { leader_id: leaderId, index: applied },
      snapshot: null,
      purged: null,
      state: 'Leader',
      current_leader: self.brokerId,
      millis_since_quorum_ack: 0,
      last_quorum_acked: 0,
      membership_config: {
        log_id: { leader_id: leaderId, index: 0 },
        membership: { configs: [[self.brokerId]], nodes: { [String(self.brokerId)]: { node_id: self.brokerId, rpc_addr: address } } },
      },
      heartbeat: {},
      replication: {},
    },
  };
}
