import type { LogConsumerStatus } from '#libs/event-store';
import type { ClusterSnapshot, RegisteredNode } from './cluster-snapshot.js';
import { brokerNode, liveNodes, metaStatus, type StatusSection } from './cluster-status.js';

const TIMEOUT = 30_000;
const META: StatusSection = { key: 'meta', consumer: 'meta' };

function node(node_id: number, workers: RegisteredNode['workers'], silent_ms = 100): RegisteredNode {
  return {
    node_id,
    node_ip: `10.0.0.${node_id}`,
    hostname: `host-${node_id}`,
    pid: 1000 + node_id,
    roles: ['api', 'worker'],
    http_addr: `10.0.0.${node_id}:8080`,
    version: '0.1.0',
    start_time: 1,
    register_time: 2,
    workers,
    silent_ms,
  };
}

const reported = (name: string, session_pid: number, leader: boolean, extra: { last_error?: string; progress_ms_ago?: number } = {}) => ({
  name,
  session_pid,
  leader,
  last_error: extra.last_error ?? null,
  progress_ms_ago: extra.progress_ms_ago ?? null,
});

const local = (nodeId: number, workers: Partial<LogConsumerStatus>[] = []) => ({
  nodeId,
  now: 10_000,
  workers: workers.map((status) => ({
    name: 'meta',
    isLeader: false,
    lastError: undefined,
    parkedEvents: 0,
    sessionPid: undefined,
    lastProgressAt: undefined,
    ...status,
  })),
});

function snapshot(holder_pid: number | null, nodes: RegisteredNode[]): ClusterSnapshot {
  return { logHead: 42, nodes, workers: [{ name: 'meta', holder_pid, checkpoint: 40 }] };
}

describe('metaStatus', () => {
  const twoNodes = [node(1, [reported('meta', 501, true, { progress_ms_ago: 30 })]), node(2, [reported('meta', 502, false)])];

  it('on a follower: the leader is the node whose reported lock session holds the lock, with its progress', () => {
    const status = metaStatus(META, snapshot(501, twoNodes), local(2, [{ sessionPid: 502 }]), TIMEOUT);
    expect(status).toMatchObject({
      running_state: { Ok: null },
      id: 2,
      state: 'Follower',
      current_leader: 1,
      last_log_index: 42,
      last_applied: { leader_id: { term: 0, node_id: 1 }, index: 40 },
      vote: { leader_id: { term: 0, node_id: 1 }, committed: true },
      millis_since_quorum_ack: 130,
      replication: { '1': { leader_id: { term: 0, node_id: 1 }, index: 40 } },
      membership_config: { membership: { configs: [[1, 2]], nodes: { '1': { node_id: 1, rpc_addr: '10.0.0.1:8080' } } } },
    });
  });

  it('on the leader: Leader, its own error and progress, whatever the registry last heard', () => {
    const here = local(1, [{ isLeader: true, lastError: 'connection refused', lastProgressAt: 9_000 }]);
    expect(metaStatus(META, snapshot(501, twoNodes), here, TIMEOUT)).toMatchObject({
      state: 'Leader',
      current_leader: 1,
      running_state: { Err: 'connection refused' },
      millis_since_quorum_ack: 1_000,
    });
  });

  it('without a lock holder: no leader, and the reason', () => {
    const status = metaStatus(META, snapshot(null, twoNodes), local(2), TIMEOUT);
    expect(status).toMatchObject({
      current_leader: null,
      vote: { committed: false },
      replication: {},
      millis_since_quorum_ack: null,
      running_state: { Err: 'no instance runs meta: nobody holds its lock' },
    });
    const publisher = { key: 'offset', consumer: 'kafka-publisher', whyNotRunning: 'KAFKA_BROKERS is unset' };
    expect(metaStatus(publisher, snapshot(null, twoNodes), local(2), TIMEOUT).running_state).toEqual({ Err: 'KAFKA_BROKERS is unset' });
  });

  it('a leader that stopped heartbeating, a leader that reports an error, a holder nobody reports: each an Err', () => {
    const silentLeader = [node(1, [reported('meta', 501, true)], TIMEOUT + 1), node(2, [])];
    expect(metaStatus(META, snapshot(501, silentLeader), local(2), TIMEOUT).running_state).toEqual({
      Err: `meta's leader, node 1, has not heartbeated for ${TIMEOUT + 1} ms`,
    });
    const failing = [node(1, [reported('meta', 501, true, { last_error: 'disk full' })])];
    expect(metaStatus(META, snapshot(501, failing), local(2), TIMEOUT).running_state).toEqual({ Err: 'disk full' });
    expect(metaStatus(META, snapshot(777, twoNodes), local(2), TIMEOUT)).toMatchObject({
      current_leader: null,
      running_state: { Err: "meta's lock is held by server process 777, which no registered node reports" },
    });
  });
});

describe('the node list', () => {
  it('leaves out nodes silent for longer than the timeout, and shows each as a BrokerNode', () => {
    const nodes = [node(1, [reported('meta', 501, true)]), node(2, [], TIMEOUT + 1)];
    expect(liveNodes({ logHead: 0, nodes, workers: [] }, TIMEOUT).map((live) => live.node_id)).toEqual([1]);
    expect(brokerNode(nodes[0]!)).toEqual({
      roles: ['api', 'worker'],
      extend: {},
      node_id: 1,
      node_ip: '10.0.0.1',
      grpc_addr: '',
      engine_addr: '',
      http_addr: '10.0.0.1:8080',
      start_time: 1,
      register_time: 2,
      storage_fold: [],
      version: '0.1.0',
      hostname: 'host-1',
      pid: 1001,
      leads: ['meta'],
    });
  });
});
