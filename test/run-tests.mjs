// `npm test`: starts the Postgres and Kafka the tests need (unless DATABASE_URL / KAFKA_BROKERS are given), runs jest
// with them, always stops what it started and exits with jest's exit code. Extra arguments go to jest.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const jestArgs = process.argv.slice(2);
const log = (message) => console.log(`[test] ${message}`);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

// Before importing the helpers: they need pg and kafkajs.
if (!fs.existsSync(path.join(root, 'node_modules'))) {
  log('node_modules is missing: running npm ci');
  const ci = spawnSync('npm', ['ci'], { cwd: root, stdio: 'inherit' });
  if (ci.status !== 0) process.exit(ci.status ?? 1);
}

const env = { ...process.env };
const starting = []; // promises of the services being started
const stoppers = []; // stop() of every service that did start
let jest;
let signal;
const resultsFile = path.join(os.tmpdir(), `robustmq-admin-jest-${process.pid}.json`);

// Ctrl-C reaches jest and the servers directly (same process group); a CI runner's SIGTERM only reaches us.
for (const name of ['SIGINT', 'SIGTERM']) {
  process.on(name, () => {
    signal ??= name;
    log(`${name} received: stopping`);
    jest?.kill(name);
  });
}

if (!env.DATABASE_URL) {
  const { startPostgres } = await import('./support/postgres-server.mjs');
  const since = Date.now();
  starting.push(
    startPostgres().then((postgres) => {
      stoppers.push(postgres.stop);
      env.DATABASE_URL = postgres.url;
      log(`postgres ready at ${postgres.url} in ${seconds(since)} (pid ${postgres.pid})`);
    }),
  );
}

if (!env.KAFKA_BROKERS || !env.KAFKA_JARS_DIR) {
  const { ensureKafkaJars, startKafkaBroker } = await import('./support/kafka-broker.mjs');
  starting.push(
    (async () => {
      const since = Date.now();
      if (!env.KAFKA_JARS_DIR) {
        try {
          env.KAFKA_JARS_DIR = await ensureKafkaJars();
        } catch (error) {
          if (!env.KAFKA_BROKERS) throw error;
          log(`warning: no Kafka jars, tests that start their own broker will fail: ${error.message}`);
          return;
        }
      }
      if (env.KAFKA_BROKERS) return;
      const jarsTime = seconds(since);
      const broker = await startKafkaBroker({ jarsDir: env.KAFKA_JARS_DIR });
      stoppers.push(broker.close);
      env.KAFKA_BROKERS = broker.brokers;
      log(`kafka ready at ${broker.brokers} in ${seconds(since)} (pid ${broker.pid}; jars ${jarsTime}: ${env.KAFKA_JARS_DIR})`);
    })(),
  );
}

function runJest() {
  // The machine has 2 cores and integration tests share one Postgres and one Kafka: one worker unless told otherwise.
  const chooseWorkers = !jestArgs.some((arg) => /^(-w|--maxWorkers|-i|--runInBand)(=|$)|^-w\d/.test(arg));
  const args = [
    '--experimental-vm-modules', // jest runs the tests as ES modules
    '--disable-warning=ExperimentalWarning',
    path.join(root, 'node_modules/jest/bin/jest.js'),
    ...(chooseWorkers ? ['--runInBand'] : []),
    '--json',
    `--outputFile=${resultsFile}`,
    ...jestArgs,
  ];
  jest = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  return new Promise((resolve) => jest.once('exit', (code) => resolve(code ?? 1)));
}

// One plain closing line that any CI reads the same way: "tests: N passed, N failed".
function printTotals() {
  try {
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    // A suite that failed to run (e.g. an error outside any test) counts as a failure too.
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    console.log(`tests: ${results.numPassedTests} passed, ${failed} failed`);
  } catch {
    // jest did not get far enough to write its results; its own output says why.
  } finally {
    fs.rmSync(resultsFile, { force: true });
  }
}

let exitCode = 1;
try {
  const results = await Promise.allSettled(starting);
  const failures = results.filter((result) => result.status === 'rejected').map((result) => result.reason);
  if (failures.length) throw new Error(failures.map((error) => error?.message ?? error).join('\n\n'));
  if (!signal) {
    exitCode = await runJest();
    printTotals();
  }
} catch (error) {
  console.error(`[test] could not start the test services:\n${error.message}`);
} finally {
  await Promise.allSettled(stoppers.map((stop) => stop()));
}
process.exit(signal ? 128 + os.constants.signals[signal] : exitCode);
