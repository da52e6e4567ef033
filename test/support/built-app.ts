// The compiled apps as child processes, run the way `npm start` and `npm run start:worker` run them.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '#libs/database';

export { freePort };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const API_MAIN = path.join(ROOT, 'dist/apps/api/src/main.js');
export const WORKER_MAIN = path.join(ROOT, 'dist/apps/worker/src/main.js');
export const PARKED_MAIN = path.join(ROOT, 'dist/apps/parked/src/main.js');
export const REPLAY_MAIN = path.join(ROOT, 'dist/apps/replay/src/main.js');

export interface Started {
  child: ChildProcess;
  /** Everything the child wrote to stdout and stderr so far, for failure messages. */
  output: () => string;
  exited: Promise<number | null>;
}

/** The tests run what the npm scripts run, so dist must match the sources. */
export function buildApps(): void {
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}

/** The environment of a fresh checkout plus `settings`: none of the settings the test runner gives the other suites. */
export function freshEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'RUN_WORKERS', 'DATA_DIR', 'EMBEDDED_POSTGRES_PORT']) delete env[name];
  return { ...env, ...settings };
}

export interface StartOptions {
  /** The project's folder, as npm runs it there; a relative DATA_DIR lands in it. */
  cwd?: string;
  /** Run as another user (needs root). */
  uid?: number;
  gid?: number;
  /** Command-line arguments of the app. */
  args?: readonly string[];
}

export function startBuilt(main: string, env: NodeJS.ProcessEnv, { cwd = ROOT, uid, gid, args = [] }: StartOptions = {}): Started {
  const child = spawn(process.execPath, [main, ...args], { cwd, env, uid, gid, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Polls until the URL answers, failing early if the app exits and late after `timeoutMs`. */
export async function waitForHttp(url: string, app: Started, timeoutMs: number): Promise<Response> {
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
export async function exitWithin(app: Started, timeoutMs: number): Promise<number | null | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  try {
    return await Promise.race([app.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Stops a child that is still running: SIGTERM, then SIGKILL if it does not exit in time. */
export async function stopBuilt(app: Started | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null) return;
  app.child.kill('SIGTERM');
  if ((await exitWithin(app, 30_000)) === undefined) app.child.kill('SIGKILL');
}

/** A process that has exited but is not yet reaped by its parent (a zombie) counts as gone. */
export function isAlive(pid: number): boolean {
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
