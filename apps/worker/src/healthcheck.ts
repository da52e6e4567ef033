import pg from 'pg';
import { InvalidSettingsError, loadSettings, type Settings } from '#libs/config';
import { APPLICATION_NAME } from '#libs/database';
import { CONSUMER_LOCK_KEY_SQL } from '#libs/event-store';
import { createLogger, logConsumers } from '#libs/runtime';

const TIMEOUT_MS = 5_000;

/**
 * Per log consumer: whether some session holds its lock (it has a leader) and whether that session
 * comes from this host. A bigint advisory key shows in pg_locks as its high and low halves.
 */
const LEADERS_SQL = `
  SELECT consumer.name,
         lock.pid IS NOT NULL AS led,
         coalesce(holder.client_addr IS NOT DISTINCT FROM inet_client_addr(), false) AS led_from_here
    FROM unnest($1::text[]) AS consumer(name)
    LEFT JOIN pg_locks lock
      ON lock.locktype = 'advisory' AND lock.granted AND lock.objsubid = 1
     AND lock.database = (SELECT oid FROM pg_database WHERE datname = current_database())
     AND (lock.classid::bigint << 32 | lock.objid::bigint) = ${CONSUMER_LOCK_KEY_SQL.replace('$1', 'consumer.name')}
    LEFT JOIN pg_stat_activity holder ON holder.pid = lock.pid
   ORDER BY consumer.name`;

/** The service's sessions from this host (a worker keeps one open per consumer, leading or standing by), this one aside. */
const SESSIONS_FROM_HERE_SQL = `
  SELECT count(*)::int AS sessions FROM pg_stat_activity
   WHERE datname = current_database() AND application_name = $1
     AND client_addr IS NOT DISTINCT FROM inet_client_addr() AND pid <> pg_backend_pid()`;

interface Health {
  healthy: boolean;
  reason: string;
  leading: string[];
  standingBy: string[];
}

/**
 * The health check of a worker container (`node dist/apps/worker/src/healthcheck.js`, docker-compose.yml):
 * a worker serves no HTTP, so its state is read where it lives, in Postgres. Healthy (exit 0) when
 * every log consumer of these settings has a leader (its advisory lock is held, here or by another
 * worker) and this host holds sessions of the service; otherwise exit 1. Prints one JSON line.
 */
async function checkWorker(settings: Settings): Promise<Health> {
  const { consumers, sink } = logConsumers(settings, createLogger({ logLevel: 'silent' }));
  await sink?.close();
  const client = new pg.Client({
    connectionString: settings.databaseUrl,
    application_name: `${APPLICATION_NAME} healthcheck`,
    connectionTimeoutMillis: TIMEOUT_MS,
    query_timeout: TIMEOUT_MS,
  });
  await client.connect();
  try {
    const leaders = await client.query<{ name: string; led: boolean; led_from_here: boolean }>(LEADERS_SQL, [
      consumers.map((consumer) => consumer.name),
    ]);
    const { sessions } = (await client.query<{ sessions: number }>(SESSIONS_FROM_HERE_SQL, [APPLICATION_NAME])).rows[0]!;
    const leading = leaders.rows.filter((row) => row.led_from_here).map((row) => row.name);
    const standingBy = leaders.rows.filter((row) => row.led && !row.led_from_here).map((row) => row.name);
    const leaderless = leaders.rows.filter((row) => !row.led).map((row) => row.name);
    if (leaderless.length > 0) return { healthy: false, reason: `no worker leads ${leaderless.join(', ')}`, leading, standingBy };
    if (sessions === 0) return { healthy: false, reason: 'no session of the service from this host', leading, standingBy };
    return { healthy: true, reason: 'every log consumer has a leader', leading, standingBy };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function main(): Promise<number> {
  let settings: Settings;
  try {
    settings = loadSettings();
  } catch (error) {
    if (!(error instanceof InvalidSettingsError)) throw error;
    return report({ healthy: false, reason: error.message, leading: [], standingBy: [] });
  }
  if (!settings.databaseUrl) {
    return report({
      healthy: false,
      reason: 'DATABASE_URL is unset: a worker beside the embedded Postgres has no health check',
      leading: [],
      standingBy: [],
    });
  }
  try {
    return report(await checkWorker(settings));
  } catch (error) {
    return report({ healthy: false, reason: `Postgres: ${(error as Error).message}`, leading: [], standingBy: [] });
  }
}

function report(health: Health): number {
  const { healthy, ...details } = health;
  process.stdout.write(`${JSON.stringify({ status: healthy ? 'healthy' : 'unhealthy', ...details })}\n`);
  return health.healthy ? 0 : 1;
}

process.exit(await main());
