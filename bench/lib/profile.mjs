// Reading what BENCH_PROFILE=1 captures: the app's V8 CPU profile (top self-time functions) and the
// Postgres plans of the list statements.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ROOT } from './processes.mjs';

/** The `top` functions by self time over every .cpuprofile in `dir`, as text lines. */
export function topSelfTime(dir, top = 30) {
  const totals = new Map();
  let all = 0;
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const deltas = profile.timeDeltas ?? [];
    profile.samples.forEach((id, index) => {
      const { callFrame } = byId.get(id);
      const where = callFrame.url ? `${callFrame.url.replace(`file://${ROOT}/`, '')}:${callFrame.lineNumber + 1}` : '';
      const key = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
      const micros = deltas[index] ?? 0;
      totals.set(key, (totals.get(key) ?? 0) + micros);
      all += micros;
    });
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, micros]) => `${((micros / all) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`);
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of every statement the app's list builder makes for `queries` (path → URL), using
 * the compiled builder so that the plans follow the code. Returns text; a builder whose API changed is reported,
 * not fatal.
 */
export async function listPlans(db, queries) {
  try {
    const { listSql, toListRequest } = await import(`${ROOT}/dist/libs/read-models/list-query/index.js`);
    const { tenantList } = await import(`${ROOT}/dist/libs/read-models/tenant/index.js`);
    const { userList } = await import(`${ROOT}/dist/libs/read-models/user/index.js`);
    const sections = [];
    for (const [what, url] of Object.entries(queries)) {
      const parsed = new URL(url, 'http://localhost');
      const spec = parsed.pathname.includes('/user/') ? userList : tenantList;
      const sql = listSql(spec, toListRequest(spec, Object.fromEntries(parsed.searchParams)));
      for (const [statement, text] of Object.entries(sql).filter(([, value]) => typeof value === 'string')) {
        const plan = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, sql.params);
        sections.push(`## ${what}: ${statement}\n${text}\n${plan.rows.map((row) => row['QUERY PLAN']).join('\n')}`);
      }
    }
    return sections.join('\n\n');
  } catch (error) {
    return `could not explain the list statements (the list builder's API may have changed): ${error.message}`;
  }
}

/**
 * Samples what the app's Postgres sessions are doing every 10 ms (pg_stat_activity of `database`), until
 * `stop()` returns the tally: where commits and queries wait (a lock, the WAL, the client...).
 */
export async function sampleWaitEvents(url, database) {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const tally = new Map();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await db.query(
        `SELECT state, coalesce(wait_event_type || ':' || wait_event, 'on CPU') AS wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 60) AS query
           FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND state <> 'idle'`,
        [database],
      );
      samples++;
      for (const row of rows) {
        const key = `${row.wait} | ${row.state} | ${row.query}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await db.end();
      return [
        `${samples} samples of pg_stat_activity (non-idle sessions of ${database}), every 10 ms; count = sessions seen in that state`,
        ...[...tally.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 40)
          .map(([key, count]) => `${String(count).padStart(7)}  ${key}`),
      ];
    },
  };
}
