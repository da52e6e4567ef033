import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isIP } from 'node:net';
import { type LogConsumerStatus, type Queryable, type StructuredLogger, withDeadline } from '#libs/event-store';

/**
 * RobustMQ's `meta_runtime` heartbeat settings (config/get shows them): a process heartbeats every
 * `checkIntervalMs`, and one silent for longer than `timeoutMs` counts as dead. Static sections of the
 * BrokerConfig cannot be set (API-CONTRACT §4), so these are constants, the real server's defaults.
 */
export const HEARTBEAT = { timeoutMs: 30_000, checkIntervalMs: 1000 } as const;

/** A dead process' row is kept this long, so that cluster health names it, then deleted by any heartbeat. */
export const FORGET_DEAD_NODES_AFTER_MS = 10 * HEARTBEAT.timeoutMs;

/** A registration or heartbeat statement that takes longer counts as failed (a hung Postgres). */
const STATEMENT_DEADLINE_MS = 3_000;

export type NodeRole = 'api' | 'worker';

/** What a process says about itself. */
export interface NodeDescription {
  roles: NodeRole[];
  /** The host the HTTP API listens on, if it serves one (its port is known once it listens: `servesAt`). */
  httpHost?: string;
  /** The log consumers it runs, read at each heartbeat. */
  workers?: () => readonly LogConsumerStatus[];
}

/** A log consumer as its process reports it at each heartbeat (the `workers` column). */
export interface ReportedWorker {
  name: string;
  session_pid: number | null;
  leader: boolean;
  last_error: string | null;
  /** How long before the heartbeat it last advanced or found itself caught up; null while it does not lead. */
  progress_ms_ago: number | null;
}

/** The package's version: the `version` of cluster status and of every node. */
export const SERVICE_VERSION: string = readServiceVersion();

/**
 * This process in the node registry (`cluster_nodes`, migration 0016): registers at start, rewrites its
 * row every heartbeat (an upsert, so a row deleted meanwhile comes back), and deletes it on a graceful
 * stop. A heartbeat that fails (Postgres down or hung) is logged once and tried again at the next tick;
 * it never throws. Nodes are runtime state, not events: which processes run now is not the cluster's
 * history, a heartbeat a second would flood the log, and a replay must not bring back dead processes.
 */
export class NodeRegistry {
  /** When this process started (unix seconds). */
  readonly startTime = Math.floor(performance.timeOrigin / 1000);
  readonly ip: string;
  private id: number | undefined;
  private httpAddr: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;
  /** The last heartbeat statement, until Postgres answers it: a hung one is not joined by another each tick. */
  private unanswered: Promise<unknown> | undefined;
  private failing = false;
  private stopped = false;

  constructor(
    private readonly db: Queryable,
    private readonly description: NodeDescription,
    private readonly logger: StructuredLogger,
    private readonly intervalMs: number = HEARTBEAT.checkIntervalMs,
  ) {
    this.ip = nodeIp(description.httpHost);
  }

  /** Its node id, once registered. */
  get nodeId(): number {
    if (this.id === undefined) throw new Error('the node is not registered yet');
    return this.id;
  }

  /** Registers this process (a failure here fails the start, as migrations do) and starts heartbeating. */
  async register(): Promise<void> {
    const result = await withDeadline(
      this.db.query<{ node_id: string }>(
        `INSERT INTO cluster_nodes (node_ip, hostname, pid, roles, http_addr, version, start_time, register_time, workers)
         VALUES ($1, $2, $3, $4, $5, $6, $7, extract(epoch FROM now())::bigint, $8) RETURNING node_id`,
        this.rowValues(),
      ),
      STATEMENT_DEADLINE_MS,
      'registering the node',
    );
    this.id = Number(result.rows[0]!.node_id);
    this.logger.info({ nodeId: this.id, ip: this.ip, roles: this.description.roles }, 'registered in the node registry');
    this.timer = setInterval(() => void this.heartbeat(), this.intervalMs);
    this.timer.unref();
  }

  /** Whether the last heartbeat failed (/health/node). */
  get heartbeatFailing(): boolean {
    return this.failing;
  }

  /** Once the HTTP API listens: its address, sent at once. */
  async servesAt(port: number): Promise<void> {
    this.httpAddr = `${this.ip}:${port}`;
    await this.heartbeat();
  }

  /** One heartbeat now (besides the timer's); resolves when it is done, whether it worked or not. */
  heartbeat(): Promise<void> {
    if (this.stopped || this.id === undefined) return Promise.resolve();
    this.beating ??= this.beat().finally(() => (this.beating = undefined));
    return this.beating;
  }

  /** Stops heartbeating and deletes the row: the process leaves the cluster at once rather than after the timeout. */
  async deregister(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.beating;
    if (this.id === undefined) return;
    // A heartbeat Postgres has not answered yet would otherwise bring the row back after the delete.
    await withDeadline(this.unanswered ?? Promise.resolve(), STATEMENT_DEADLINE_MS, 'the last heartbeat').catch(() => undefined);
    try {
      await withDeadline(this.db.query('DELETE FROM cluster_nodes WHERE node_id = $1', [this.id]), STATEMENT_DEADLINE_MS, 'deregistering');
      this.logger.info({ nodeId: this.id }, 'left the node registry');
    } catch (error) {
      this.logger.warn(
        { nodeId: this.id, err: (error as Error).message },
        'could not leave the node registry: it counts as dead after the heartbeat timeout',
      );
    }
  }

  /** node_ip, hostname, pid, roles, http_addr, version, start_time and workers, in that order. */
  private rowValues(): unknown[] {
    return [
      this.ip,
      hostname(),
      process.pid,
      this.description.roles,
      this.httpAddr ?? null,
      SERVICE_VERSION,
      this.startTime,
      this.workersJson(),
    ];
  }

  private async beat(): Promise<void> {
    if (this.unanswered) return;
    try {
      const statement = this.db.query(
        `WITH forgotten AS (DELETE FROM cluster_nodes
                                WHERE heartbeat_at < now() - make_interval(secs => $10::double precision / 1000) AND node_id <> $1)
           INSERT INTO cluster_nodes (node_id, node_ip, hostname, pid, roles, http_addr, version, start_time, register_time, workers)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, extract(epoch FROM now())::bigint, $9)
           ON CONFLICT (node_id) DO UPDATE SET http_addr = excluded.http_addr, workers = excluded.workers, heartbeat_at = now()`,
        [this.id, ...this.rowValues(), FORGET_DEAD_NODES_AFTER_MS],
      );
      this.unanswered = statement.catch(() => undefined).finally(() => (this.unanswered = undefined));
      await withDeadline(statement, STATEMENT_DEADLINE_MS, 'the heartbeat');
      if (this.failing) this.logger.info({ nodeId: this.id }, 'heartbeats work again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        this.logger.warn({ nodeId: this.id, err: (error as Error).message }, 'heartbeat failed; retrying at every tick');
      }
      this.failing = true;
    }
  }

  private workersJson(): string {
    const now = Date.now();
    const workers: ReportedWorker[] = (this.description.workers?.() ?? []).map((status) => ({
      name: status.name,
      session_pid: status.sessionPid ?? null,
      leader: status.isLeader,
      last_error: status.lastError ?? null,
      progress_ms_ago: status.lastProgressAt === undefined ? null : Math.max(0, now - status.lastProgressAt),
    }));
    return JSON.stringify(workers);
  }
}

/**
 * The IP others reach this process at: the HTTP host when it is one address, or else the first
 * external IPv4 address of the machine, or else loopback.
 */
export function nodeIp(httpHost: string | undefined, interfaces = networkInterfaces()): string {
  if (httpHost && isIP(httpHost) && httpHost !== '0.0.0.0' && httpHost !== '::') return httpHost;
  if (httpHost === 'localhost') return '127.0.0.1';
  for (const addresses of Object.values(interfaces)) {
    const external = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (external) return external.address;
  }
  return '127.0.0.1';
}

function readServiceVersion(): string {
  // Sources run from libs/cluster and compiled code from dist/libs/cluster; package.json is at the project root.
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..').replace(/[\\/]dist$/, '');
  return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
