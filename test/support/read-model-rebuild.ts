// Read models compared with a fresh rebuild from the log: a projection that applied an event twice, or
// lost one, ends with other rows than one that applied the whole log once, in order.
import type pg from 'pg';
import { projections } from '#libs/read-models';
import { runnerFor, waitUntilCaughtUp } from './consumers.js';
import type { TestDatabase } from './database.js';

/** Every row of every read-model table, each table's rows in a stable order. */
export type ReadModelSnapshot = Record<string, string[]>;

export async function readModelSnapshot(pool: pg.Pool): Promise<ReadModelSnapshot> {
  const tables = await readModelTables(pool);
  const snapshot: ReadModelSnapshot = {};
  for (const table of tables) {
    // A count that went back to 0 may be a row of 0 or no row, depending on how events were batched.
    const where = table === 'rm_counts' ? 'WHERE row_count <> 0' : '';
    const result = await pool.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ${table} t ${where} ORDER BY 1`);
    snapshot[table] = result.rows.map((row) => row.row);
  }
  return snapshot;
}

/**
 * Empties the read models, moves every projection's checkpoint back to the start of the log and
 * replays it, in this process; then returns what that built. No other projector may run meanwhile.
 */
export async function rebuildReadModels(database: Pick<TestDatabase, 'url' | 'pool'>): Promise<ReadModelSnapshot> {
  const { pool } = database;
  await pool.query(`TRUNCATE ${(await readModelTables(pool)).join(', ')}`);
  await pool.query("UPDATE consumer_checkpoints SET transaction_id = '0', position = 0 WHERE consumer_name = ANY($1)", [
    projections.map((projection) => projection.name),
  ]);
  const runners = projections.map((projection) => runnerFor({ ...database, drop: async () => undefined }, projection, 1000));
  for (const runner of runners) runner.start();
  try {
    for (const projection of projections) await waitUntilCaughtUp(pool, projection.name, 120_000);
  } finally {
    await Promise.all(runners.map((runner) => runner.stop()));
  }
  return readModelSnapshot(pool);
}

async function readModelTables(pool: pg.Pool): Promise<string[]> {
  const result = await pool.query<{ name: string }>(
    "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'rm\\_%' ORDER BY 1",
  );
  return result.rows.map((row) => row.name);
}
