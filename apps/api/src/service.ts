import { isIPv4 } from 'node:net';
import { ClusterView, HEALTH_CHECK_DEADLINE_MS, NodeRegistry } from '#libs/cluster';
import { InvalidSettingsError, type Settings } from '#libs/config';
import { createPool } from '#libs/database';
import { ConsumerProgress, type EventStore, WakeUps } from '#libs/event-store';
import { ServiceMetrics } from '#libs/metrics';
import { KafkajsEventSink } from '#libs/messaging';
import { ReadYourWrites } from '#libs/read-models';
import { LiveClusterConfig } from '#libs/read-models/cluster-config';
import {
  createEventStore,
  ensureDefaultSuperuser,
  ensureDefaultTenant,
  type Logger,
  openDatabase,
  startWorkers,
  type Workers,
} from '#libs/runtime';
import { closeHttpServer } from './http/graceful-close.js';
import { createHttpServer, type RegisteredRoute, registeredRoutesOf } from './http-server.js';

/** The longest a change of the configuration takes to reach this instance when a NOTIFY is lost. */
const LIVE_CONFIG_POLL_MS = 500;

export interface RunningService {
  url: string;
  store: EventStore;
  workers: Workers | undefined;
  liveConfig: LiveClusterConfig;
  /** This process in the node registry. */
  node: NodeRegistry;
  /** The HTTP routes (method, URL pattern) the API serves. */
  registeredRoutes: readonly RegisteredRoute[];
  close(): Promise<void>;
}

/**
 * API and, unless RUN_WORKERS=false, the projectors and the Kafka publisher, in one process.
 * A failed start closes what it had opened, newest first, so nothing is left running.
 *
 * `close()` (SIGTERM) closes in the same order, newest first: the HTTP server stops listening and
 * lets the requests in flight finish (for at most half of STOP_TIMEOUT_MS), which may wait for this
 * process' projectors; then the API pool, the configuration in memory, read-your-writes; then the
 * workers finish their current batch and end their lock sessions, which releases their locks to a
 * standby at once; then the database. Whatever must happen just before the database closes (this
 * node leaving the node registry) is pushed right after `openDatabase`.
 */
export async function startService(settings: Settings, logger: Logger): Promise<RunningService> {
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
  };
  checkExposure(settings);
  try {
    const database = await openDatabase(settings, logger);
    closers.push(() => database.close());
    // Appends wake this process' consumers directly, and other processes by a NOTIFY after commit.
    const wakeUps = new WakeUps(database.pool);
    const metrics = new ServiceMetrics();
    const store = createEventStore(database.pool, () => wakeUps.appended(), metrics);
    const node = new NodeRegistry(
      database.pool,
      {
        roles: settings.runWorkers ? ['api', 'worker'] : ['api'],
        httpHost: settings.host,
        workers: () => workers?.runners.map((runner) => runner.status()) ?? [],
      },
      logger,
    );
    // Closed after the workers and the HTTP server: the node leaves the registry once it has stopped working.
    closers.push(() => node.deregister());
    const defaultTenantCreated = await ensureDefaultTenant(store);
    const defaultSuperuserCreated = await ensureDefaultSuperuser(store, logger, settings.mqttAdminPassword);
    const workers = settings.runWorkers ? startWorkers(settings, database, store, logger, wakeUps, metrics) : undefined;
    if (workers) closers.push(() => workers.stop());
    await node.register();
    const progress = new ConsumerProgress(database.pool, database.newSession, wakeUps);
    closers.push(() => progress.stop());
    await progress.start();
    const readYourWrites = new ReadYourWrites(progress, settings.readYourWritesTimeoutMs);
    // The configuration in memory, current on every instance within a second (the admin rate limit follows it).
    const liveConfig = new LiveClusterConfig(
      store,
      database.newSession,
      wakeUps,
      Math.min(settings.consumerPollIntervalMs, LIVE_CONFIG_POLL_MS),
    );
    closers.push(() => liveConfig.stop());
    await liveConfig.start();
    // The first list after start-up shows the default tenant and superuser, as the list after any command shows its write.
    const bootstrapped = defaultSuperuserCreated ?? defaultTenantCreated;
    if (bootstrapped) await readYourWrites.waitUntilApplied(bootstrapped);
    // The API's own pool: its statements end after API_STATEMENT_TIMEOUT_MS (503), the workers' do not.
    const apiPool = createPool(database.url, settings.databasePoolSize, { statementTimeoutMs: settings.apiStatementTimeoutMs });
    closers.push(() => apiPool.end());
    const apiStore = createEventStore(apiPool, () => wakeUps.appended(), metrics);
    const cluster = clusterView(settings, logger, database.url, node, workers, () => app.getHttpServer().listening, closers);
    const app = await createHttpServer({ settings, logger, pool: apiPool, store: apiStore, readYourWrites, liveConfig, cluster, metrics });
    closers.push(() => closeHttpServer(app, settings.stopTimeoutMs / 2, logger));
    await app.listen(settings.port, settings.host);
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await node.servesAt(Number(new URL(url).port));
    logger.info({ url, workers: settings.runWorkers }, 'robustmq-admin is serving');
    logAuthentication(settings, logger);
    return { url, store: apiStore, workers, liveConfig, node, registeredRoutes: registeredRoutesOf(app), close: closeAll };
  } catch (error) {
    await closeAll().catch((closeError) => logger.error({ err: closeError }, 'could not close after a failed start'));
    throw error;
  }
}

/**
 * What status and health read: a pool of their own (a few connections, statements cut at the probes'
 * deadline) and, where Kafka is configured, the publisher's connection, or on an API-only instance a
 * connection made for the readiness check alone.
 */
function clusterView(
  settings: Settings,
  logger: Logger,
  databaseUrl: string,
  node: NodeRegistry,
  workers: Workers | undefined,
  httpListening: () => boolean,
  closers: (() => Promise<void>)[],
): ClusterView {
  const pool = createPool(databaseUrl, 3, { statementTimeoutMs: HEALTH_CHECK_DEADLINE_MS });
  closers.push(() => pool.end());
  let kafka = workers?.sink;
  if (!kafka && settings.kafkaBrokers.length > 0) {
    const sink = new KafkajsEventSink(settings, logger);
    closers.push(() => sink.close());
    kafka = sink;
  }
  return new ClusterView({
    pool,
    registry: node,
    workers: () => workers?.runners.map((runner) => runner.status()) ?? [],
    kafka,
    httpListening,
  });
}

/** Without a token, the API is only for whoever can reach loopback, unless ALLOW_UNAUTHENTICATED says otherwise. */
function checkExposure(settings: Settings): void {
  if (settings.adminTokens.length > 0 || isLoopback(settings.host) || settings.allowUnauthenticated) return;
  throw new InvalidSettingsError([
    `HOST: ${settings.host} is not a loopback address, and ADMIN_TOKENS is unset: anyone who could reach the API could change the cluster. ` +
      'Set ADMIN_TOKENS (name:token pairs), or HOST=127.0.0.1, or ALLOW_UNAUTHENTICATED=true to serve without authentication anyway.',
  ]);
}

function logAuthentication(settings: Settings, logger: Logger): void {
  if (settings.adminTokens.length > 0) {
    logger.info({ tokens: settings.adminTokens.map((token) => token.name) }, 'the API requires a bearer token (ADMIN_TOKENS)');
  } else if (isLoopback(settings.host)) {
    logger.warn({ host: settings.host }, 'ADMIN_TOKENS is unset: the API has no authentication and listens on loopback only');
  } else {
    logger.warn(
      { host: settings.host },
      'ALLOW_UNAUTHENTICATED=true and ADMIN_TOKENS is unset: anyone who can reach this address can change the cluster',
    );
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIPv4(host) && host.startsWith('127.'));
}
