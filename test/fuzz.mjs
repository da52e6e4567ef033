// `npm run fuzz`: contract fuzzing. Builds the app, starts a throw-away Postgres (unless DATABASE_URL is
// given) and the API (with a bearer token), and runs schemathesis against it from its own OpenAPI
// document: no 5xx, every answer's status, content type and body as the document says. Stops what it
// started, by PID. Exit code: schemathesis' (0 when nothing was found). Extra arguments go to schemathesis.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, stopChild } from './support/process-utils.mjs';

const SCHEMATHESIS_VERSION = '4.32.5';
/** Test cases per operation and phase: the whole run takes 2-4 minutes on the 2-core CI machine. */
const MAX_EXAMPLES = process.env.FUZZ_MAX_EXAMPLES ?? '15';
/**
 * No 5xx; status, content type and body as documented; input the document forbids is refused; a token
 * is required where the document says so; a deleted resource is gone, a created one is there.
 */
const CHECKS = [
  'not_a_server_error',
  'response_schema_conformance',
  'status_code_conformance',
  'content_type_conformance',
  'negative_data_rejection',
  'ignored_auth',
  'use_after_free',
  'ensure_resource_availability',
];

const root = path.resolve(import.meta.dirname, '..');
const extraArgs = process.argv.slice(2);
const log = (message) => console.log(`[fuzz] ${message}`);
const cacheDir = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'robustmq-admin');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'robustmq-admin-fuzz-'));

const stoppers = [];
let signal;
for (const name of ['SIGINT', 'SIGTERM']) {
  process.on(name, () => {
    signal ??= name;
    log(`${name} received: stopping`);
  });
}

/** schemathesis in a virtualenv of its own, in the cache folder, installed once from PyPI at a pinned version. */
function ensureSchemathesis() {
  const venv = path.join(cacheDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
  const installed = path.join(venv, '.installed');
  if (fs.existsSync(installed)) return path.join(venv, 'bin', 'schemathesis');
  log(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${venv}`);
  fs.rmSync(venv, { recursive: true, force: true });
  const run = (cmd, args) => {
    const result = spawnSync(cmd, args, { stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (it needs python3 with venv, and PyPI)`);
  };
  run('python3', ['-m', 'venv', venv]);
  run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`]);
  // Written last: an install that was interrupted is redone.
  fs.writeFileSync(installed, `${SCHEMATHESIS_VERSION}\n`);
  return path.join(venv, 'bin', 'schemathesis');
}

async function startApi(databaseUrl, token) {
  const port = await freePort();
  const logFile = path.join(workDir, 'api.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(root, 'dist/apps/api/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      ADMIN_TOKENS: `fuzz:${token}`,
      KAFKA_BROKERS: '',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  stoppers.push(() => stopChild(child, 'SIGTERM', 15_000));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}):\n${fs.readFileSync(logFile, 'utf8')}`);
    try {
      const response = await fetch(`${url}/api/docs/openapi.json`, { headers: { authorization: `Bearer ${token}` } });
      if (response.ok) return { url, pid: child.pid, document: await response.text(), logFile };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API did not answer within 60 s:\n${fs.readFileSync(logFile, 'utf8')}`);
    await sleep(200);
  }
}

/** The default admin rate limit (50 per path and second) would answer most of the fuzzer's requests 429. */
async function raiseRateLimit(url, token) {
  const response = await fetch(`${url}/api/cluster/config/set`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ config_type: 'ClusterLimit', config: { max_admin_http_uri_rate: 1_000_000 } }),
  });
  if (!response.ok) throw new Error(`could not raise the rate limit: ${response.status} ${await response.text()}`);
}

function runSchemathesis(bin, documentFile, url, token) {
  const args = [
    'run',
    documentFile,
    '--url',
    url,
    '--header',
    `Authorization: Bearer ${token}`,
    '--checks',
    CHECKS.join(','),
    '--max-examples',
    MAX_EXAMPLES,
    '--workers',
    '2',
    '--request-timeout',
    '30',
    '--suppress-health-check',
    'too_slow,filter_too_much',
    '--report',
    'junit',
    '--report-dir',
    path.join(root, 'schemathesis-report'),
    ...extraArgs,
  ];
  log(`schemathesis ${args.map((arg) => (arg.includes(token) ? arg.replace(token, '<token>') : arg)).join(' ')}`);
  const child = spawn(bin, args, { cwd: root, stdio: 'inherit' });
  stoppers.push(() => stopChild(child, 'SIGTERM', 5000));
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

let exitCode = 1;
try {
  const bin = ensureSchemathesis();
  log('building the app');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const { startPostgres } = await import('./support/postgres-server.mjs');
    const postgres = await startPostgres();
    stoppers.push(postgres.stop);
    databaseUrl = postgres.url;
    log(`postgres ready at ${postgres.url} (pid ${postgres.pid})`);
  }
  const token = randomBytes(24).toString('hex');
  const api = await startApi(databaseUrl, token);
  log(`API ready at ${api.url} (pid ${api.pid}); its log: ${api.logFile}`);
  await raiseRateLimit(api.url, token);
  const documentFile = path.join(workDir, 'openapi.json');
  fs.writeFileSync(documentFile, api.document);
  if (!signal) exitCode = await runSchemathesis(bin, documentFile, api.url, token);
  log(exitCode === 0 ? 'no failures' : `schemathesis exited with ${exitCode}; the API's log: ${api.logFile}`);
} catch (error) {
  console.error(`[fuzz] ${error.message}`);
} finally {
  for (const stop of stoppers.reverse()) await stop().catch((error) => console.error(`[fuzz] stopping: ${error.message}`));
  if (exitCode === 0) fs.rmSync(workDir, { recursive: true, force: true });
}
process.exit(signal ? 128 + os.constants.signals[signal] : exitCode);
