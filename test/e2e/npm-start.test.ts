// The embedded mode of `npm start`, as a newcomer runs it: the built app, no DATABASE_URL, no Kafka,
// an empty data directory. Runs the compiled app as a child process, so it needs neither the test
// Postgres nor the test Kafka that test/run-tests.mjs starts.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  API_MAIN,
  buildApps,
  exitWithin,
  freePort,
  freshEnv,
  isAlive,
  type Started,
  startBuilt,
  stopBuilt,
  waitForHttp,
} from '../support/built-app.js';

const startApp = (env: NodeJS.ProcessEnv): Started => startBuilt(API_MAIN, env);

function readPostmasterPid(databaseDir: string): number {
  return Number(readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** The embedded server's port, from the lock file it writes in its data folder. */
function readPostmasterPort(databaseDir: string): number {
  return Number(readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
}

/** Connects as `postgres` with `password`: the error code on refusal (28P01: wrong password), 'ok' otherwise. */
async function tryPassword(port: number, password: string): Promise<string> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  try {
    await client.connect();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The stored password and the file's permission bits. */
function storedPassword(dataDir: string): { password: string; mode: number } {
  const file = path.join(dataDir, 'postgres-password');
  return { password: readFileSync(file, 'utf8').trim(), mode: statSync(file).mode & 0o777 };
}

describe('npm start in the embedded mode', () => {
  let workDir: string;
  let dataDir: string;
  let port: number;
  let app: Started | undefined;
  let postmasterPid: number | undefined;

  beforeAll(async () => {
    buildApps();
    workDir = mkdtempSync(path.join(os.tmpdir(), 'robustmq-admin-npm-start-'));
    // As root, the embedded Postgres runs as the `postgres` user, who must be able to reach the data directory.
    chmodSync(workDir, 0o755);
    dataDir = path.join(workDir, 'data');
    port = await freePort();
  }, 240_000);

  afterAll(async () => {
    await stopBuilt(app);
    // A killed app cannot stop its Postgres: stop the one this test started (fast shutdown).
    if (postmasterPid && isAlive(postmasterPid)) process.kill(postmasterPid, 'SIGINT');
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it('starts from an empty data directory and serves GET /api/cluster/tenant/list with the default tenant', async () => {
    expect(existsSync(dataDir)).toBe(false);
    app = startApp(freshEnv({ DATA_DIR: dataDir, PORT: String(port) }));

    const response = await waitForHttp(`http://127.0.0.1:${port}/api/cluster/tenant/list`, app, 120_000);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ code: 0, error: null, data: { data: [{ tenant_name: 'default' }], total_count: 1 } });
    expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
  }, 150_000);

  it('keeps a random password for the embedded Postgres in DATA_DIR/postgres-password (mode 0600); the old default postgres is refused', async () => {
    const port = readPostmasterPort(path.join(dataDir, 'postgres'));
    const { password, mode } = storedPassword(dataDir);

    expect(mode).toBe(0o600);
    expect(password).toMatch(/^[\w-]{32}$/);
    expect(await tryPassword(port, password)).toBe('ok');
    expect(await tryPassword(port, 'postgres')).toBe('28P01');
  }, 30_000);

  it('a second app on the same DATA_DIR while the first runs: one line naming the other app, exit 1, the first unharmed', async () => {
    const second = startApp(freshEnv({ DATA_DIR: dataDir, PORT: String(await freePort()) }));

    const code = await exitWithin(second, 60_000);

    expect(code).toBe(1);
    const fatal = second
      .output()
      .split('\n')
      .filter((line) => line.includes('"level":60'))
      .map((line) => JSON.parse(line) as { msg: string; err?: unknown });
    expect(fatal).toEqual([
      expect.objectContaining({
        msg: expect.stringMatching(
          new RegExp(
            `^robustmq-admin cannot start: a Postgres server already runs on .* for another robustmq-admin \\(pid ${app!.child.pid}\\): stop that one, or choose another DATA_DIR$`,
          ),
        ) as unknown,
      }),
    ]);
    expect(fatal[0].err).toBeUndefined();
    expect((await fetch(`http://127.0.0.1:${port}/api/cluster/tenant/list`)).status).toBe(200);
  }, 90_000);

  it('stops on SIGTERM with exit code 0, and stops the embedded Postgres it started', async () => {
    expect(app?.child.exitCode).toBeNull();
    const databaseDir = path.join(dataDir, 'postgres');
    postmasterPid = readPostmasterPid(databaseDir);
    expect(isAlive(postmasterPid)).toBe(true);

    app!.child.kill('SIGTERM');
    const code = await exitWithin(app!, 30_000);

    expect({ code, output: code === 0 ? '' : app!.output() }).toEqual({ code: 0, output: '' });
    expect(existsSync(path.join(databaseDir, 'postmaster.pid'))).toBe(false);
    expect(isAlive(postmasterPid)).toBe(false);
  }, 60_000);

  it('after being killed with SIGKILL, starts again on the same data, taking back the Postgres left running', async () => {
    const databaseDir = path.join(dataDir, 'postgres');
    const killed = startApp(freshEnv({ DATA_DIR: dataDir, PORT: String(port) }));
    app = killed;
    await waitForHttp(`http://127.0.0.1:${port}/api/cluster/tenant/list`, killed, 120_000);
    const orphan = readPostmasterPid(databaseDir);
    postmasterPid = orphan;
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(isAlive(orphan)).toBe(true);

    app = startApp(freshEnv({ DATA_DIR: dataDir, PORT: String(port) }));
    const response = await waitForHttp(`http://127.0.0.1:${port}/api/cluster/tenant/list`, app, 120_000);
    expect(await response.json()).toMatchObject({ code: 0, data: { data: [{ tenant_name: 'default' }] } });
    expect(isAlive(orphan)).toBe(false);

    postmasterPid = readPostmasterPid(databaseDir);
    app.child.kill('SIGTERM');
    expect(await exitWithin(app, 30_000)).toBe(0);
    expect(isAlive(postmasterPid)).toBe(false);
  }, 300_000);

  it('a data folder made by an earlier version (password postgres, none stored) keeps working: the password is replaced and stored', async () => {
    const databaseDir = path.join(dataDir, 'postgres');
    const earlier = startApp(freshEnv({ DATA_DIR: dataDir, PORT: String(port) }));
    app = earlier;
    await waitForHttp(`http://127.0.0.1:${port}/api/cluster/tenant/list`, earlier, 120_000);
    // What an earlier version left: the password postgres, and no password file.
    const client = new pg.Client({
      host: '127.0.0.1',
      port: readPostmasterPort(databaseDir),
      user: 'postgres',
      password: storedPassword(dataDir).password,
      database: 'postgres',
    });
    await client.connect();
    await client.query(`ALTER ROLE postgres PASSWORD 'postgres'`);
    await client.end();
    earlier.child.kill('SIGTERM');
    expect(await exitWithin(earlier, 30_000)).toBe(0);
    rmSync(path.join(dataDir, 'postgres-password'));

    app = startApp(freshEnv({ DATA_DIR: dataDir, PORT: String(port) }));
    const response = await waitForHttp(`http://127.0.0.1:${port}/api/cluster/tenant/list`, app, 120_000);

    expect(await response.json()).toMatchObject({ code: 0, data: { data: [{ tenant_name: 'default' }] } });
    const { password, mode } = storedPassword(dataDir);
    const postgresPort = readPostmasterPort(databaseDir);
    expect(mode).toBe(0o600);
    expect(await tryPassword(postgresPort, password)).toBe('ok');
    expect(await tryPassword(postgresPort, 'postgres')).toBe('28P01');
    postmasterPid = readPostmasterPid(databaseDir);
    app.child.kill('SIGTERM');
    expect(await exitWithin(app, 30_000)).toBe(0);
  }, 300_000);

  it('refuses a bad setting with exit code 1 and a message that names the variable', async () => {
    const bad = startApp(freshEnv({ DATA_DIR: dataDir, PORT: 'abc' }));

    const code = await exitWithin(bad, 30_000);

    expect(code).toBe(1);
    expect(bad.output()).toContain('PORT: must be an integer 0-65535 (got "abc")');
  }, 60_000);
});
