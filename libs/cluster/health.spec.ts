import type { ClusterSnapshot, RegisteredNode } from './cluster-snapshot.js';
import { clusterHealth, failedChecks, nodeHealth, runCheck } from './health.js';

const TIMEOUT = 30_000;

function node(node_id: number, workers: RegisteredNode['workers'], silent_ms = 100): RegisteredNode {
  return {
    node_id,
    node_ip: '10.0.0.1',
    hostname: 'host',
    pid: 100 + node_id,
    roles: ['worker'],
    http_addr: null,
    version: '0.1.0',
    start_time: 1,
    register_time: 1,
    workers,
    silent_ms,
  };
}
const leads = (name: string, session_pid: number, last_error: string | null = null) => ({
  name,
  session_pid,
  leader: true,
  last_error,
  progress_ms_ago: 0,
});

describe('clusterHealth', () => {
  const workers = [
    { name: 'meta', holder_pid: 501, checkpoint: 1 },
    { name: 'mqtt', holder_pid: 502, checkpoint: 1 },
  ];

  it('ok when every node heartbeats and every worker has a leader', () => {
    const snapshot: ClusterSnapshot = { logHead: 1, nodes: [node(1, [leads('meta', 501), leads('mqtt', 502)])], workers };
    expect(clusterHealth(snapshot, ['meta', 'mqtt'], TIMEOUT)).toEqual({
      status: 'ok',
      message: '1 node heartbeating within 30000 ms; every worker has a leader (meta by node 1, mqtt by node 1)',
    });
  });

  it('degraded, naming each problem: a silent node, a worker without a leader, a leader that fails', () => {
    const snapshot: ClusterSnapshot = {
      logHead: 1,
      nodes: [node(1, [leads('meta', 501, 'disk full')]), node(2, [], TIMEOUT + 5)],
      workers: [workers[0]!, { name: 'mqtt', holder_pid: null, checkpoint: 0 }],
    };
    expect(clusterHealth(snapshot, ['meta', 'mqtt'], TIMEOUT)).toEqual({
      status: 'degraded',
      message:
        'node 2 (worker, pid 102 on host) has not heartbeated for 30005 ms (dead); meta (node 1) fails: disk full; mqtt has no leader',
    });
  });

  it('names a leader that stopped heartbeating while it holds the lock (a frozen process)', () => {
    const snapshot: ClusterSnapshot = { logHead: 1, nodes: [node(1, [leads('meta', 501)], TIMEOUT + 1)], workers: [workers[0]!] };
    expect(clusterHealth(snapshot, ['meta'], TIMEOUT)).toEqual({
      status: 'degraded',
      message: "node 1 (worker, pid 101 on host) has not heartbeated for 30001 ms (dead); meta's leader, node 1, is not heartbeating",
    });
  });

  it('down when no expected worker has a leader', () => {
    const snapshot: ClusterSnapshot = { logHead: 1, nodes: [node(1, [])], workers: [{ name: 'meta', holder_pid: null, checkpoint: 0 }] };
    expect(clusterHealth(snapshot, ['meta'], TIMEOUT).status).toBe('down');
  });
});

describe('nodeHealth', () => {
  const base = {
    snapshot: { logHead: 50, nodes: [], workers: [{ name: 'meta', holder_pid: 1, checkpoint: 40 }] },
    heartbeatFailing: false,
    timeoutMs: TIMEOUT,
    now: 100_000,
  };
  const leader = (lastProgressAt: number | undefined, lastError?: string) => ({
    name: 'meta',
    isLeader: true,
    lastError,
    parkedEvents: 0,
    sessionPid: 1,
    lastProgressAt,
  });

  it('down when Postgres fails; degraded for another dependency, the heartbeat, or a stuck or failing worker', () => {
    expect(nodeHealth({ ...base, dependencies: [{ name: 'Postgres', problem: 'refused' }], workers: [] })).toEqual({
      status: 'down',
      message: 'Postgres: refused',
    });
    const kafkaDown = nodeHealth({
      ...base,
      dependencies: [{ name: 'Postgres' }, { name: 'Kafka', problem: 'no broker' }],
      workers: [],
      heartbeatFailing: true,
    });
    expect(kafkaDown).toEqual({ status: 'degraded', message: 'Kafka: no broker; heartbeat: the last heartbeat failed' });
    expect(nodeHealth({ ...base, dependencies: [{ name: 'Postgres' }], workers: [leader(100_000 - TIMEOUT - 1)] }).message).toBe(
      'meta: 10 positions behind the log head and no progress for 30001 ms',
    );
    expect(nodeHealth({ ...base, dependencies: [{ name: 'Postgres' }], workers: [leader(99_000, 'boom')] }).message).toBe('meta: boom');
  });

  it('ok while a worker that is behind keeps advancing, with its lag', () => {
    expect(nodeHealth({ ...base, dependencies: [{ name: 'Postgres' }, { name: 'migrations' }], workers: [leader(99_000)] })).toEqual({
      status: 'ok',
      message: 'Postgres, migrations ok; leads meta (10 behind)',
    });
  });
});

describe('checks', () => {
  it('a check that throws or outlives its deadline fails with the reason; the failures are named and joined', async () => {
    const hangs = await runCheck('Postgres', () => new Promise<undefined>(() => undefined), 10);
    const throws = await runCheck('Kafka', () => Promise.reject(new Error('refused')), 1_000);
    const passes = await runCheck('migrations', async () => undefined, 1_000);
    expect(failedChecks([hangs, throws, passes])).toBe('Postgres: Postgres got no answer within 10 ms; Kafka: refused');
    expect(failedChecks([passes])).toBeUndefined();
  });
});
