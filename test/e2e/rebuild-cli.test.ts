// `npm run rebuild -- <projection|all>`, run as the npm script runs it, beside a running service.
import path from 'node:path';
import { projections, readModelTables, SHADOW_SCHEMA } from '#libs/read-models';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildApps, freshEnv, ROOT, type Started, startBuilt } from '../support/built-app.js';
import { waitUntil, waitUntilCaughtUp } from '../support/consumers.js';
import { appendMixedEvents } from '../support/mixed-events.js';

const REBUILD_MAIN = path.join(ROOT, 'dist/apps/rebuild/src/main.js');
const READ_MODEL_TABLES = projections.flatMap(readModelTables);
const LISTS = ['tenant', 'user', 'acl', 'blacklist', 'topic', 'topic-rewrite', 'audit'].map(
  (resource) => `/api/cluster/${resource}/list?limit=5`,
);

beforeAll(buildApps, 240_000);

describe('npm run rebuild', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
    await appendMixedEvents(app.service.store, 10_000);
    await caughtUp();
  }, 300_000);
  afterAll(() => app?.close());

  const caughtUp = async () => {
    for (const projection of projections) await waitUntilCaughtUp(app.database.pool, projection.name, 120_000);
  };
  const rebuild = (...args: string[]): Started =>
    startBuilt(REBUILD_MAIN, freshEnv({ DATABASE_URL: app.database.url, LOG_LEVEL: 'warn' }), { args });
  const query = async (sql: string) => (await app.database.pool.query(sql)).rows;

  /** Every row of every read model (rm_counts without its zero rows, which a list reads as no row), as text, in order. */
  const readModels = async () => {
    const tables: Record<string, string[]> = {};
    for (const table of READ_MODEL_TABLES) {
      tables[table] = (await query(`SELECT row_to_json(t)::text AS row FROM ${table} t ORDER BY 1`)).map((row) => row.row);
    }
    tables.rm_counts = (await query('SELECT row_to_json(c)::text AS row FROM rm_counts c WHERE row_count <> 0 ORDER BY 1')).map(
      (row) => row.row,
    );
    return tables;
  };
  /** The live tables' ids: a swap replaces them. */
  const tableIds = async () =>
    Object.fromEntries(
      (
        await query(
          `SELECT relname, oid::text FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
              AND relname = ANY('{${READ_MODEL_TABLES.join(',')}}')`,
        )
      ).map((row) => [row.relname, row.oid]),
    );
  const shadowSchemaExists = async () => (await query(`SELECT 1 FROM pg_namespace WHERE nspname = '${SHADOW_SCHEMA}'`)).length === 1;

  /** Reads every list again and again until stopped; each answer must be a 200 with at least one row. */
  const readerLoop = () => {
    let running = true;
    const problems: string[] = [];
    let reads = 0;
    const loop = (async () => {
      while (running) {
        for (const list of LISTS) {
          const response = await app.get(list).catch((error: Error) => ({ status: 0, body: error.message }));
          reads++;
          if (response.status !== 200 || !(response.body?.data?.data?.length > 0))
            problems.push(`${list}: ${response.status} ${JSON.stringify(response.body)}`);
        }
      }
    })();
    return {
      async stop() {
        running = false;
        await loop;
        return { problems, reads };
      },
    };
  };

  it('an unknown projection name exits 1 with a message listing the valid ones', async () => {
    const run = rebuild('no-such-projection');

    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`unknown projection "no-such-projection"; valid: ${projections.map((p) => p.name).join(', ')}, all`);
  }, 60_000);

  it('all: builds new tables identical, row by row, to the live ones and swaps them in, while every list keeps answering with rows', async () => {
    const before = await readModels();
    const idsBefore = await tableIds();
    const readers = readerLoop();

    const run = rebuild('all');
    const code = await run.exited;
    const { problems, reads } = await readers.stop();

    expect({ code, output: run.output() }).toEqual({
      code: 0,
      output: expect.stringMatching(/rebuilt meta, mqtt, audit-log: \d+ events in .* events\/s/),
    });
    expect(problems).toEqual([]);
    expect(reads).toBeGreaterThan(LISTS.length);
    // New tables: the swap happened.
    const idsAfter = await tableIds();
    for (const table of READ_MODEL_TABLES) expect(idsAfter[table]).not.toBe(idsBefore[table]);
    expect(await readModels()).toEqual(before);
    expect(await shadowSchemaExists()).toBe(false);
    // Indexes, constraints and count triggers came along, named as the migrations named them.
    expect(
      await query("SELECT 1 FROM pg_indexes WHERE indexname IN ('rm_acl_by_name', 'rm_tenants_pkey', 'rm_audit_by_time')"),
    ).toHaveLength(3);
    expect(await query("SELECT 1 FROM pg_trigger WHERE tgname = 'rm_audit_count_inserts'")).toHaveLength(1);
  }, 300_000);

  it('commands arriving during a rebuild are neither lost nor applied twice after the swap', async () => {
    const created: string[] = [];
    let rebuilding = true;
    const writer = (async () => {
      for (let index = 0; rebuilding || index < 5; index++) {
        const name = `during-${index}`;
        const response = await app.post('/api/cluster/tenant/create', { tenant_name: name });
        if (response.status !== 200) throw new Error(`create ${name}: ${response.status} ${JSON.stringify(response.body)}`);
        created.push(name);
      }
    })();

    const run = rebuild('all', '--batch-size', '500');
    const code = await run.exited;
    rebuilding = false;
    await writer;
    await caughtUp();

    expect({ code, output: run.output() }).toEqual({ code: 0, output: expect.stringContaining('rebuilt') });
    const listed = (await query("SELECT tenant_name FROM rm_tenants WHERE tenant_name LIKE 'during-%'")).map((row) => row.tenant_name);
    expect(listed.sort()).toEqual([...created].sort());
    // One audit row per event, and counts that match the rows: nothing applied twice.
    expect((await query('SELECT (SELECT count(*) FROM rm_audit) = (SELECT count(*) FROM events) AS same'))[0].same).toBe(true);
    expect(
      await query(
        `SELECT table_name, row_count, actual FROM rm_counts
           JOIN (SELECT 'rm_tenants' AS name, count(*) AS actual FROM rm_tenants UNION ALL SELECT 'rm_audit', count(*) FROM rm_audit) t
             ON t.name = table_name
          WHERE tenant = '' AND row_count <> actual`,
      ),
    ).toEqual([]);
    // And what the live projectors made of them equals what the log says: a rebuild now changes nothing.
    const live = await readModels();
    const again = rebuild('all');
    expect(await again.exited).toBe(0);
    expect(await readModels()).toEqual(live);
  }, 300_000);

  it('interrupted (SIGTERM, or kill -9) it leaves the live read models untouched, and a rerun succeeds', async () => {
    const before = await readModels();
    const idsBefore = await tableIds();
    // A reader that keeps a live table locked keeps every run from swapping, whatever phase the kill finds it in.
    const reader = await app.database.pool.connect();
    try {
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM rm_tenants');

      const stopped = rebuild('all', '--batch-size', '100');
      await waitUntil('the first run is building', () => stopped.output().includes('rebuild: building'), 60_000);
      stopped.child.kill('SIGTERM');
      expect(await stopped.exited).toBe(143);
      expect(stopped.output()).toContain('nothing was swapped');
      expect(await shadowSchemaExists()).toBe(false);

      const killed = rebuild('all', '--batch-size', '100');
      await waitUntil('the second run is building', () => killed.output().includes('rebuild: building'), 60_000);
      killed.child.kill('SIGKILL');
      await killed.exited;
      // What the killed run leaves behind is only its own schema.
      expect(await shadowSchemaExists()).toBe(true);
      expect(await tableIds()).toEqual(idsBefore);
    } finally {
      await reader.query('COMMIT');
      reader.release();
    }
    expect(await readModels()).toEqual(before);

    const rerun = rebuild('all');
    expect(await rerun.exited).toBe(0);
    expect(await shadowSchemaExists()).toBe(false);
    expect(await readModels()).toEqual(before);
  }, 300_000);
});
