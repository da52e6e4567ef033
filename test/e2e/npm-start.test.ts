// The embedded mode of `npm start`, as a newcomer runs it: the built app, no DATABASE_URL, no Kafka,
// an empty data directory. Runs the compiled app as a child process, so it needs neither the test
// Postgres nor the test Kafka that test/run-tests.mjs starts.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'dist/apps/api/src/main.js');

interface Started {
  child: ChildProcess;
  /** Everything the child wrote to stdout and stderr so far, for failure messages. */
  output: () => string;
  exited: Promise<number | null>;
}

/** The environment of a fresh checkout: none of the settings the test runner gives the other suites. */
function embeddedEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...settings };
  for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'RUN_WORKERS']) delete env[name];
  return env;
}

function startApp(env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Polls until the URL answers, failing early if the app exits and late after `timeoutMs`. */
async function waitForHttp(url: string, app: Started, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (app.child.exitCode !== null) throw new Error(`the app exited with code ${app.child.exitCode} before serving:\n${app.output()}`);
    try {
      return await fetch(url);
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000}s:\n${app.output()}`);
    }
    await sleep(250);
  }
}

/** Resolves the exit code, or undefined if the child is still running after `timeoutMs`. */
async function exitWithin(app: Started, timeoutMs: number): Promise<number | null | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  try {
    return await Promise.race([app.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function readPostmasterPid(databaseDir: string): number {
  return Number(readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** A process that has exited but is not yet reaped by its parent (a zombie) counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc: signal 0 reached it
  }
}

describe('npm start in the embedded mode', () => {
  let workDir: string;
  let dataDir: string;
  let port: number;
  let app: Started | undefined;
  let postmasterPid: number | undefined;

  beforeAll(async () => {
    // The test runs what `npm start` runs, so dist must match the sources.
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
    workDir = mkdtempSync(path.join(os.tmpdir(), 'robustmq-admin-npm-start-'));
    // As root, the embedded Postgres runs as the `postgres` user, who must be able to reach the data directory.
    chmodSync(workDir, 0o755);
    dataDir = path.join(workDir, 'data');
    port = await freePort();
  }, 240_000);

  afterAll(async () => {
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGTERM');
      if ((await exitWithin(app, 30_000)) === undefined) app.child.kill('SIGKILL');
    }
    // A killed app cannot stop its Postgres: stop the one this test started (fast shutdown).
    if (postmasterPid && isAlive(postmasterPid)) process.kill(postmasterPid, 'SIGINT');
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it('starts from an empty data directory and serves GET /api/cluster/tenant/list with the default tenant', async () => {
    expect(existsSync(dataDir)).toBe(false);
    app = startApp(embeddedEnv({ DATA_DIR: dataDir, PORT: String(port) }));

    const response = await waitForHttp(`http://127.0.0.1:${port}/api/cluster/tenant/list`, app, 120_000);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ code: 0, error: null, data: { data: [{ tenant_name: 'default' }], total_count: 1 } });
    expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
  }, 150_000);

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
    const killed = startApp(embeddedEnv({ DATA_DIR: dataDir, PORT: String(port) }));
    app = killed;
    await waitForHttp(`http://127.0.0.1:${port}/api/cluster/tenant/list`, killed, 120_000);
    const orphan = readPostmasterPid(databaseDir);
    postmasterPid = orphan;
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(isAlive(orphan)).toBe(true);

    app = startApp(embeddedEnv({ DATA_DIR: dataDir, PORT: String(port) }));
    const response = await waitForHttp(`http://127.0.0.1:${port}/api/cluster/tenant/list`, app, 120_000);
    expect(await response.json()).toMatchObject({ code: 0, data: { data: [{ tenant_name: 'default' }] } });
    expect(isAlive(orphan)).toBe(false);

    postmasterPid = readPostmasterPid(databaseDir);
    app.child.kill('SIGTERM');
    expect(await exitWithin(app, 30_000)).toBe(0);
    expect(isAlive(postmasterPid)).toBe(false);
  }, 300_000);

  it('refuses a bad setting with exit code 1 and a message that names the variable', async () => {
    const bad = startApp(embeddedEnv({ DATA_DIR: dataDir, PORT: 'abc' }));

    const code = await exitWithin(bad, 30_000);

    expect(code).toBe(1);
    expect(bad.output()).toContain('PORT: must be an integer 0-65535 (got "abc")');
  }, 60_000);
});
