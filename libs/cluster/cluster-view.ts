import type pg from 'pg';
import { unappliedMigrations } from '#libs/database';
import { type LogConsumerStatus, withDeadline } from '#libs/event-store';
import { KAFKA_PUBLISHER_NAME } from '#libs/messaging';
import { metaProjection, mqttProjection, projections } from '#libs/read-models';
import { type ClusterSnapshot, readClusterSnapshot } from './cluster-snapshot.js';
import { brokerNode, type LocalView, liveNodes, metaStatus, type StatusSection } from './cluster-status.js';
import { type CheckResult, clusterHealth, failedChecks, type HealthVerdict, nodeHealth, runCheck } from './health.js';
import { HEARTBEAT, type NodeRegistry, SERVICE_VERSION } from './node-registry.js';

/** Every check of a probe, and the status' reads, give up after this long: a hung Postgres answers 503 fast. */
export const HEALTH_CHECK_DEADLINE_MS = 2_000;

export interface ClusterViewDependencies {
  /** A pool of its own, so that probes never wait behind the API's requests, nor hold up theirs. */
  pool: pg.Pool;
  registry: NodeRegistry;
  /** The log consumers of this process (none on an API-only instance). */
  workers: () => readonly LogConsumerStatus[];
  /** Whether KAFKA_BROKERS is set here: the publisher is then expected to run somewhere. */
  kafka: { checkConnection(timeoutMs: number): Promise<void> } | undefined;
  httpListening: () => boolean;
  migrationsDirectory?: string;
}

export interface Readiness {
  ready: boolean;
  message: string;
}

/** The cluster status' sections (API-CONTRACT §6), in the API document's order. */
function statusSections(kafkaConfigured: boolean): StatusSection[] {
  return [
    { key: 'mqtt', consumer: mqttProjection.name },
    {
      key: 'offset',
      consumer: KAFKA_PUBLISHER_NAME,
      whyNotRunning: kafkaConfigured
        ? undefined
        : 'KAFKA_BROKERS is unset: events are kept in the log and published once Kafka is configured',
    },
    { key: 'meta', consumer: metaProjection.name },
  ];
}

const WORKER_NAMES = [...projections.map((projection) => projection.name), KAFKA_PUBLISHER_NAME];

/** The cluster as status and health report it: the node registry, the workers' locks and checkpoints, and this process' own view. */
export class ClusterView {
  constructor(private readonly dependencies: ClusterViewDependencies) {}

  /** `GET /api/cluster/status` (without the cluster name, which the configuration holds). */
  async status(): Promise<{
    version: string;
    start_time: number;
    broker_node_list: ReturnType<typeof brokerNode>[];
    meta: Record<string, ReturnType<typeof metaStatus>>;
    nodes: string[];
  }> {
    const snapshot = await this.snapshot();
    const live = liveNodes(snapshot, HEARTBEAT.timeoutMs);
    const local = this.localView();
    const meta = Object.fromEntries(
      statusSections(this.dependencies.kafka !== undefined).map((section) => [
        section.key,
        metaStatus(section, snapshot, local, HEARTBEAT.timeoutMs),
      ]),
    );
    return {
      version: SERVICE_VERSION,
      start_time: this.dependencies.registry.startTime,
      broker_node_list: live.map(brokerNode),
      meta,
      nodes: [...new Set(live.map((node) => node.node_ip))],
    };
  }

  /** `/health/ready`: the HTTP port listens, Postgres answers, every migration is applied, and Kafka (where configured) connects. */
  async ready(): Promise<Readiness> {
    const results: CheckResult[] = [
      { name: 'HTTP port', problem: this.dependencies.httpListening() ? undefined : 'not listening' },
      ...(await this.dependencyChecks()),
    ];
    const failed = failedChecks(results);
    return failed === undefined
      ? { ready: true, message: `ready: ${results.map((result) => result.name).join(', ')} ok` }
      : { ready: false, message: failed };
  }

  /** `/health/node`: this process' dependencies, its heartbeat, and the workers it leads. */
  async node(): Promise<HealthVerdict> {
    const dependencies = await this.dependencyChecks();
    const snapshot = dependencies[0]?.problem === undefined ? await this.snapshot().catch(() => undefined) : undefined;
    return nodeHealth({
      dependencies,
      snapshot,
      workers: this.dependencies.workers(),
      heartbeatFailing: this.dependencies.registry.heartbeatFailing,
      timeoutMs: HEARTBEAT.timeoutMs,
      now: Date.now(),
    });
  }

  /** `/health/cluster`: every registered process heartbeats, every worker has a live leader. */
  async cluster(): Promise<HealthVerdict> {
    let snapshot: ClusterSnapshot;
    try {
      snapshot = await this.snapshot();
    } catch (error) {
      return { status: 'down', message: `Postgres: ${(error as Error).message}` };
    }
    const publisherRuns = liveNodes(snapshot, HEARTBEAT.timeoutMs).some((node) =>
      node.workers.some((worker) => worker.name === KAFKA_PUBLISHER_NAME),
    );
    const expected = projections.map((projection) => projection.name);
    if (this.dependencies.kafka !== undefined || publisherRuns) expected.push(KAFKA_PUBLISHER_NAME);
    return clusterHealth(snapshot, expected, HEARTBEAT.timeoutMs);
  }

  private snapshot(): Promise<ClusterSnapshot> {
    return withDeadline(readClusterSnapshot(this.dependencies.pool, WORKER_NAMES), HEALTH_CHECK_DEADLINE_MS, 'Postgres');
  }

  /** Postgres first (nodeHealth counts on it); migrations only once Postgres answered. */
  private async dependencyChecks(): Promise<CheckResult[]> {
    const { pool, kafka, migrationsDirectory } = this.dependencies;
    const [database, kafkaResult] = await Promise.all([
      runCheck('Postgres', async () => void (await pool.query('SELECT 1')), HEALTH_CHECK_DEADLINE_MS),
      kafka && runCheck('Kafka', async () => void (await kafka.checkConnection(HEALTH_CHECK_DEADLINE_MS)), HEALTH_CHECK_DEADLINE_MS + 500),
    ]);
    const migrations: CheckResult =
      database.problem === undefined
        ? await runCheck(
            'migrations',
            async () => {
              const missing = await unappliedMigrations(pool, migrationsDirectory);
              return missing.length === 0 ? undefined : `not applied: ${missing.join(', ')}`;
            },
            HEALTH_CHECK_DEADLINE_MS,
          )
        : { name: 'migrations', problem: 'not checked (no database)' };
    return [database, migrations, ...(kafkaResult ? [kafkaResult] : [])];
  }

  private localView(): LocalView {
    return { nodeId: this.dependencies.registry.nodeId, workers: this.dependencies.workers(), now: Date.now() };
  }
}
