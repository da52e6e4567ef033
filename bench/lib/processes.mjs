// The processes a bench run starts: the built apps and the baseline server. Each is stopped by its own PID.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, stopChild } from '../../test/support/process-utils.mjs';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const API_MAIN = path.join(ROOT, 'dist/apps/api/src/main.js');
export const WORKER_MAIN = path.join(ROOT, 'dist/apps/worker/src/main.js');
export const MIGRATE_MAIN = path.join(ROOT, 'dist/apps/migrate/src/main.js');
export const REBUILD_MAIN = path.join(ROOT, 'dist/apps/rebuild/src/main.js');
export const BASELINE_MAIN = path.join(ROOT, 'bench/baseline-server.mjs');

/** Every process this run started and has not stopped yet, so that a failure or Ctrl-C stops them all. */
const running = new Set();

export function build() {
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
}

/** Settings of a fresh checkout plus `settings`: nothing from the caller's DATABASE_URL / KAFKA_BROKERS leaks in. */
function envWith(settings) {
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'RUN_WORKERS', 'PORT', 'NODE_OPTIONS']) delete env[name];
  return { ...env, LOG_LEVEL: 'warn', ...settings };
}

/**
 * Starts `node [nodeArgs] main` with `settings` as environment. With a `port`, resolves once `readyPath`
 * answers over HTTP; the app's output is kept for error messages.
 */
export async function startNode(main, settings, { port, readyPath = '/', nodeArgs = [], args = [], timeoutMs = 60_000 } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, main, ...args], {
    cwd: ROOT,
    env: envWith({ ...settings, ...(port ? { PORT: String(port) } : {}) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => (output = (output + chunk).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const app = {
    child,
    pid: child.pid,
    port,
    url: port ? `http://127.0.0.1:${port}` : undefined,
    output: () => output,
    stop: () => stopApp(app),
  };
  running.add(app);
  if (port) await waitForHttp(app, readyPath, timeoutMs);
  return app;
}

async function waitForHttp(app, readyPath, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (app.child.exitCode !== null) throw new Error(`${app.child.spawnargs.join(' ')} exited (${app.child.exitCode}):\n${app.output()}`);
    try {
      await fetch(app.url + readyPath);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${app.url}${readyPath} did not answer in ${timeoutMs / 1000}s:\n${app.output()}`);
    }
    await sleep(200);
  }
}

async function stopApp(app) {
  running.delete(app);
  await stopChild(app.child, 'SIGTERM', 30_000);
}

/** Runs a process to its end (the migrate app) and resolves its output (the last 20,000 characters); fails with it when it exits non-zero. */
export async function runToEnd(main, settings, args = []) {
  const app = await startNode(main, settings, { args });
  const code = await new Promise((resolve) =>
    app.child.exitCode !== null ? resolve(app.child.exitCode) : app.child.once('exit', resolve),
  );
  running.delete(app);
  if (code !== 0) throw new Error(`${main} exited with ${code}:\n${app.output()}`);
  return app.output();
}

export async function stopAllStarted() {
  await Promise.allSettled([...running].map((app) => stopApp(app)));
}

export { freePort };

/** Peak resident set size (VmHWM) of a running process, in MB: the kernel keeps the high-water mark for us. */
export function peakRssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}
