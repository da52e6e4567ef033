// Databases of a bench run, all in the one Postgres that the run started: one per purpose, so that the
// stores and servers compared never share tables.
import pg from 'pg';

export async function createDatabase(adminUrl, name) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One short query on a fresh connection. */
export async function queryOnce(url, sql, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** The checkpoint position of a log consumer, or 0 before it has one. */
export async function checkpointPosition(db, consumer) {
  const result = await db.query('SELECT position FROM consumer_checkpoints WHERE consumer_name = $1', [consumer]);
  return BigInt(result.rows[0]?.position ?? 0);
}

/** Whether a consumer's checkpoint has reached the last event in log order (transaction id, then position). */
export async function isCaughtUp(db, consumer) {
  const result = await db.query(
    `SELECT coalesce((c.transaction_id, c.position) >= (e.transaction_id, e.position), e.position IS NULL) AS done
       FROM (SELECT 1) one
       LEFT JOIN consumer_checkpoints c ON c.consumer_name = $1
       LEFT JOIN LATERAL (SELECT transaction_id, position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1) e ON true`,
    [consumer],
  );
  return result.rows[0].done === true;
}

/** The projector of tenants (`meta`), which tenant create answers wait for (read-your-writes) and tenant lists read. */
export const PROJECTION = 'meta';
/** The projectors whose read models lists read: `meta` (tenants) and `mqtt` (every MQTT resource). */
const LIST_PROJECTIONS = [PROJECTION, 'mqtt'];

/** Waits until the projectors of the lists have applied every event of the log (e.g. a seeded list, a backlog). */
export async function waitForProjection(databaseUrl, what, timeoutMs) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const allCaughtUp = async () => (await Promise.all(LIST_PROJECTIONS.map((name) => isCaughtUp(db, name)))).every(Boolean);
    await waitFor(what, allCaughtUp, { timeoutMs, everyMs: 200 });
  } finally {
    await db.end();
  }
}

/** Polls `condition` every `everyMs` until it holds; fails after `timeoutMs` with `what` in the message. */
export async function waitFor(what, condition, { timeoutMs, everyMs = 100 }) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
