import { type LogConsumerStatus, withDeadline } from '#libs/event-store';
import type { ClusterSnapshot, RegisteredNode } from './cluster-snapshot.js';
import { leaderNode, liveNodes } from './cluster-status.js';

export type HealthStatus = 'ok' | 'degraded' | 'down';

export interface HealthVerdict {
  status: HealthStatus;
  message: string;
}

/** One check of a dependency: passed, or the reason it failed. */
export interface CheckResult {
  name: string;
  problem?: string;
}

/** Runs a check on a deadline: a dependency that hangs fails its check instead of hanging the probe. */
export async function runCheck(name: string, check: () => Promise<string | undefined>, deadlineMs: number): Promise<CheckResult> {
  try {
    const problem = await withDeadline(check(), deadlineMs, name);
    return problem === undefined ? { name } : { name, problem };
  } catch (error) {
    return { name, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** The failed checks, named, joined by `; `; undefined when all passed. */
export function failedChecks(results: readonly CheckResult[]): string | undefined {
  const failed = results.filter((result) => result.problem !== undefined);
  return failed.length === 0 ? undefined : failed.map((result) => `${result.name}: ${result.problem}`).join('; ');
}

const describeNode = (node: RegisteredNode) => `node ${node.node_id} (${node.roles.join('+')}, pid ${node.pid} on ${node.hostname})`;

/**
 * The cluster: every registered process heartbeats within `timeoutMs`, and every expected worker has a
 * leader that heartbeats and reports no error. `down` when no expected worker runs anywhere (nothing
 * reaches the read models or Kafka); `degraded` for any other problem, each named.
 */
export function clusterHealth(snapshot: ClusterSnapshot, expectedWorkers: readonly string[], timeoutMs: number): HealthVerdict {
  const problems: string[] = [];
  for (const node of snapshot.nodes) {
    if (node.silent_ms > timeoutMs) problems.push(`${describeNode(node)} has not heartbeated for ${node.silent_ms} ms (dead)`);
  }
  const led: string[] = [];
  let unled = 0;
  for (const name of expectedWorkers) {
    const worker = snapshot.workers.find((candidate) => candidate.name === name);
    if (!worker || worker.holder_pid === null) {
      unled++;
      problems.push(`${name} has no leader`);
      continue;
    }
    const leader = leaderNode(worker, snapshot.nodes);
    if (!leader) {
      led.push(`${name} by server process ${worker.holder_pid}`);
      problems.push(`${name} is led by server process ${worker.holder_pid}, which no registered node reports`);
      continue;
    }
    led.push(`${name} by node ${leader.node_id}`);
    // A frozen process keeps its lock session, so its workers stand still until it is killed.
    if (leader.silent_ms > timeoutMs) problems.push(`${name}'s leader, node ${leader.node_id}, is not heartbeating`);
    const lastError = leader.workers.find((reported) => reported.name === name)?.last_error;
    if (lastError) problems.push(`${name} (node ${leader.node_id}) fails: ${lastError}`);
  }
  if (problems.length > 0) {
    const status = expectedWorkers.length > 0 && unled === expectedWorkers.length ? 'down' : 'degraded';
    return { status, message: problems.join('; ') };
  }
  const live = liveNodes(snapshot, timeoutMs);
  return {
    status: 'ok',
    message: `${live.length} node${live.length === 1 ? '' : 's'} heartbeating within ${timeoutMs} ms; every worker has a leader (${led.join(', ')})`,
  };
}

export interface NodeHealthInput {
  /** This process' dependencies, Postgres first: its failure makes the node `down`, any other `degraded`. */
  dependencies: readonly CheckResult[];
  /** Undefined when Postgres could not be read. */
  snapshot: ClusterSnapshot | undefined;
  workers: readonly LogConsumerStatus[];
  heartbeatFailing: boolean;
  timeoutMs: number;
  now: number;
}

/**
 * This process: its dependencies, its heartbeat, and the workers it leads: one that reports an error,
 * or is behind the log head and has not advanced for `timeoutMs`, makes it `degraded`. Lag is counted
 * in log positions (an upper bound of the events: a rolled-back append leaves a gap).
 */
export function nodeHealth(input: NodeHealthInput): HealthVerdict {
  const [database, ...others] = input.dependencies;
  if (database?.problem !== undefined) return { status: 'down', message: failedChecks([database])! };
  const problems = others.filter((result) => result.problem !== undefined).map((result) => `${result.name}: ${result.problem}`);
  if (input.heartbeatFailing) problems.push('heartbeat: the last heartbeat failed');
  const leading: string[] = [];
  for (const worker of input.workers.filter((status) => status.isLeader)) {
    const checkpoint = input.snapshot?.workers.find((candidate) => candidate.name === worker.name)?.checkpoint;
    const lag = checkpoint === undefined || !input.snapshot ? undefined : Math.max(0, input.snapshot.logHead - checkpoint);
    leading.push(`${worker.name} (${lag ?? '?'} behind)`);
    const idleMs = worker.lastProgressAt === undefined ? undefined : input.now - worker.lastProgressAt;
    if (worker.lastError) problems.push(`${worker.name}: ${worker.lastError}`);
    else if (lag !== undefined && lag > 0 && (idleMs === undefined || idleMs > input.timeoutMs)) {
      problems.push(`${worker.name}: ${lag} positions behind the log head and no progress for ${idleMs ?? '?'} ms`);
    }
  }
  if (problems.length > 0) return { status: 'degraded', message: problems.join('; ') };
  const passed = input.dependencies.map((result) => result.name).join(', ');
  return {
    status: 'ok',
    message: `${passed} ok; ${leading.length > 0 ? `leads ${leading.join(', ')}` : 'leads no worker'}`,
  };
}
