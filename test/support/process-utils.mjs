// Small helpers shared by the throw-away servers started for tests.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port that was free a moment ago. Another process may still grab it first, so callers retry on "Address already in use". */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// A child that failed to spawn (e.g. ENOENT) emits 'error' and never 'exit'.
export const hasExited = (child) => child.exitCode !== null || child.signalCode !== null || child.spawnError !== undefined;

/** Spawns a server whose stdout/stderr are appended to `logFile`; `logFrom` marks where this run's output starts. */
export function spawnServer(cmd, args, { logFile, ...options }) {
  const logFrom = fileSize(logFile);
  const log = fs.openSync(logFile, 'a');
  try {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', log, log] });
    child.spawnError = undefined;
    child.on('error', (error) => (child.spawnError = error));
    return { child, logFrom };
  } finally {
    fs.closeSync(log);
  }
}

/** Resolves true when the child exited within `ms`, false otherwise. */
export function waitForExit(child, ms) {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    child.once('exit', onExit);
  });
}

/** Signals only this child (by its PID) and escalates to SIGKILL if it does not exit in time. */
export async function stopChild(child, signal, graceMs) {
  if (hasExited(child)) return;
  child.kill(signal);
  if (await waitForExit(child, graceMs)) return;
  child.kill('SIGKILL');
  await waitForExit(child, 10_000);
}

export function fileSize(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** The last `lines` lines written to `file` after byte `from` (log excerpts for error messages). */
export function logTail(file, from = 0, lines = 40) {
  try {
    const text = fs.readFileSync(file).subarray(from).toString('utf8');
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Polls `probe` until it succeeds. Fails fast when the server process dies (so a port clash can be retried)
 * and otherwise after `timeoutMs`; both errors carry the tail of the server log.
 */
export async function waitUntilReady({ what, child, probe, timeoutMs, logFile, logFrom }) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    if (hasExited(child)) {
      const log = logTail(logFile, logFrom);
      throw Object.assign(
        new Error(
          `${what} ${child.spawnError ? `failed to start (${child.spawnError.message})` : `exited (code ${child.exitCode}, signal ${child.signalCode})`} during startup. Log ${logFile}:\n${log}`,
        ),
        { addressInUse: /address already in use/i.test(log) },
      );
    }
    try {
      return await probe();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what} not ready after ${timeoutMs / 1000}s (last error: ${lastError?.message}). Log ${logFile}:\n${logTail(logFile, logFrom)}`,
      );
    }
    await sleep(250);
  }
}
