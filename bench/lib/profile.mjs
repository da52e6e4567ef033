// Reading what BENCH_PROFILE=1 captures: the app's V8 CPU profile (top self-time functions) and the
// Postgres plans of the list statements.
import fs from 'node:fs';
import path from 'node:path';
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
    const { listSql, parseListQuery } = await import(`${ROOT}/dist/libs/read-models/list-query/index.js`);
    const { tenantList } = await import(`${ROOT}/dist/libs/read-models/tenant/index.js`);
    const sections = [];
    for (const [what, url] of Object.entries(queries)) {
      const query = Object.fromEntries(new URL(url, 'http://localhost').searchParams);
      const sql = listSql(tenantList, parseListQuery(tenantList, query));
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
