import type { LogConsumerStatus } from '#libs/event-store';
import type { ClusterSnapshot, RegisteredNode, WorkerState } from './cluster-snapshot.js';

/** What this process knows about itself, beside the snapshot. */
export interface LocalView {
  nodeId: number;
  /** The log consumers this process runs (none on an API-only instance). */
  workers: readonly LogConsumerStatus[];
  now: number;
}

/** A worker of the status' `meta` map: its key there, its consumer name, and why it may run nowhere. */
export interface StatusSection {
  key: string;
  consumer: string;
  /** Said when nobody holds its lock, instead of the generic reason (the publisher without Kafka). */
  whyNotRunning?: string;
}

type LogId = { leader_id: { term: number; node_id: number }; index: number };

/** RobustMQ's MetaStatus, filled from the log consumer's real state (API-CONTRACT §6). */
export interface MetaStatus {
  running_state: { Ok: null } | { Err: string };
  id: number;
  current_term: number;
  vote: { leader_id: { term: number; node_id: number }; committed: boolean };
  last_log_index: number;
  last_applied: LogId;
  snapshot: null;
  purged: null;
  state: 'Leader' | 'Follower';
  current_leader: number | null;
  millis_since_quorum_ack: number | null;
  membership_config: {
    log_id: LogId;
    membership: { configs: number[][]; nodes: Record<string, { node_id: number; rpc_addr: string }> };
  };
  replication: Record<string, LogId>;
}

/** The live nodes: heartbeated within `timeoutMs`. */
export function liveNodes(snapshot: ClusterSnapshot, timeoutMs: number): RegisteredNode[] {
  return snapshot.nodes.filter((node) => node.silent_ms <= timeoutMs);
}

/** The registered node whose lock session holds the worker's lock (live or not), if any reports it. */
export function leaderNode(worker: WorkerState, nodes: readonly RegisteredNode[]): RegisteredNode | undefined {
  if (worker.holder_pid === null) return undefined;
  return nodes.find((node) => node.workers.some((reported) => reported.name === worker.name && reported.session_pid === worker.holder_pid));
}

/**
 * One section of the status' `meta` map. A lock has no elections, so there are no terms: `current_term`
 * and every `term` are 0. `millis_since_quorum_ack` is how long ago the leader last advanced its
 * checkpoint or found itself caught up (null without a leader).
 */
export function metaStatus(section: StatusSection, snapshot: ClusterSnapshot, local: LocalView, timeoutMs: number): MetaStatus {
  const worker = snapshot.workers.find((candidate) => candidate.name === section.consumer) ?? {
    name: section.consumer,
    holder_pid: null,
    checkpoint: 0,
  };
  const mine = local.workers.find((status) => status.name === section.consumer);
  const leadsHere = mine?.isLeader === true;
  const leader = leaderNode(worker, snapshot.nodes);
  const leaderId = leadsHere ? local.nodeId : (leader?.node_id ?? null);
  const leaderRef = { term: 0, node_id: leaderId ?? 0 };
  const applied = { leader_id: leaderRef, index: worker.checkpoint };
  const members = liveNodes(snapshot, timeoutMs).filter((node) => node.workers.some((reported) => reported.name === section.consumer));
  return {
    running_state: runningState(section, worker, leadsHere ? mine : undefined, leader, timeoutMs),
    id: local.nodeId,
    current_term: 0,
    vote: { leader_id: leaderRef, committed: leaderId !== null },
    last_log_index: snapshot.logHead,
    last_applied: applied,
    snapshot: null,
    purged: null,
    state: leadsHere ? 'Leader' : 'Follower',
    current_leader: leaderId,
    millis_since_quorum_ack: millisSinceProgress(section.consumer, leadsHere ? mine : undefined, leader, local.now),
    membership_config: {
      log_id: { leader_id: { term: 0, node_id: 0 }, index: 0 },
      membership: {
        configs: [members.map((node) => node.node_id)],
        nodes: Object.fromEntries(
          members.map((node) => [String(node.node_id), { node_id: node.node_id, rpc_addr: node.http_addr ?? node.node_ip }]),
        ),
      },
    },
    replication: leaderId === null ? {} : { [String(leaderId)]: applied },
  };
}

function runningState(
  section: StatusSection,
  worker: WorkerState,
  localLeader: LogConsumerStatus | undefined,
  leader: RegisteredNode | undefined,
  timeoutMs: number,
): MetaStatus['running_state'] {
  if (localLeader) return localLeader.lastError ? { Err: localLeader.lastError } : { Ok: null };
  if (worker.holder_pid === null) {
    return { Err: section.whyNotRunning ?? `no instance runs ${section.consumer}: nobody holds its lock` };
  }
  if (!leader)
    return { Err: `${section.consumer}'s lock is held by server process ${worker.holder_pid}, which no registered node reports` };
  if (leader.silent_ms > timeoutMs) {
    return { Err: `${section.consumer}'s leader, node ${leader.node_id}, has not heartbeated for ${leader.silent_ms} ms` };
  }
  const lastError = leader.workers.find((reported) => reported.name === section.consumer)?.last_error;
  return lastError ? { Err: lastError } : { Ok: null };
}

function millisSinceProgress(
  consumer: string,
  localLeader: LogConsumerStatus | undefined,
  leader: RegisteredNode | undefined,
  now: number,
): number | null {
  if (localLeader) return localLeader.lastProgressAt === undefined ? null : Math.max(0, now - localLeader.lastProgressAt);
  const reported = leader?.workers.find((worker) => worker.name === consumer && worker.progress_ms_ago !== null);
  return reported ? reported.progress_ms_ago! + leader!.silent_ms : null;
}

/**
 * A registry row as the status' `broker_node_list` shows it: RobustMQ's BrokerNode (this service has
 * no gRPC, storage engine or MQTT ports, so those are empty), plus `http_addr`, as RobustMQ has since,
 * and what this service adds: version, host name, process id, and the workers the node leads.
 */
export function brokerNode(node: RegisteredNode) {
  return {
    roles: node.roles,
    extend: {},
    node_id: node.node_id,
    node_ip: node.node_ip,
    grpc_addr: '',
    engine_addr: '',
    http_addr: node.http_addr ?? '',
    start_time: node.start_time,
    register_time: node.register_time,
    storage_fold: [],
    version: node.version,
    hostname: node.hostname,
    pid: node.pid,
    leads: node.workers.filter((worker) => worker.leader).map((worker) => worker.name),
  };
}
