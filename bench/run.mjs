// `npm run bench`: builds the app, starts a throw-away Postgres and Kafka (the tests' own), runs every scenario
// beside its same-run baseline, writes bench/results/latest.json and the table in bench/README.md, and stops
// everything it started, by PID, also on failure or Ctrl-C.
//   BENCH_QUICK=1 or --quick   small sizes, a smoke run of a minute or two
//   BENCH_ONLY=create,list     only these groups: append, create, list, config, consumers, catchup, scaleout, rebuild
//   BENCH_PROFILE=1            the all-in-one app runs with --cpu-prof (top self-time functions), and Postgres'
//                              wait events are sampled during the create scenarios
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureKafkaJars, startKafkaBroker } from '../test/support/kafka-broker.mjs';
import { startPostgres } from '../test/support/postgres-server.mjs';
import { createDatabase, queryOnce, waitForProjection } from './lib/database.mjs';
import { listPlans, sampleWaitEvents, topSelfTime } from './lib/profile.mjs';
import { API_MAIN, BASELINE_MAIN, ROOT, WORKER_MAIN, build, freePort, peakRssMb, startNode, stopAllStarted } from './lib/processes.mjs';
import { machine, toResult, writeReadmeTable, writeResults } from './lib/report.mjs';
import { appendScenarios } from './scenarios/append.mjs';
import {
  LIST_QUERIES,
  createScenarios,
  createWithoutWaitingScenarios,
  listScenarios,
  scaleOutScenario,
  seedTenants,
  seedUsers,
  topicCreateScenarios,
} from './scenarios/http.mjs';
import { catchUpScenario, drainScenario, lagScenarios } from './scenarios/log-consumers.mjs';
import { configScenarios, raiseAdminRateLimit } from './scenarios/config.mjs';
import { rebuildScenario } from './scenarios/rebuild.mjs';

const quick = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
const SIZES = quick
  ? {
      warmupSeconds: 1,
      appendSeconds: 1,
      httpSeconds: 2,
      listRows: 2_000,
      lagSeconds: 2,
      backlog: 5_000,
      catchupEvents: 20_000,
      catchupCapSeconds: 20,
      rebuildEvents: 20_000,
    }
  : {
      warmupSeconds: 3,
      appendSeconds: 5,
      httpSeconds: 10,
      listRows: 100_000,
      lagSeconds: 10,
      backlog: 100_000,
      catchupEvents: 1_000_000,
      catchupCapSeconds: 90,
      rebuildEvents: 1_000_000,
    };
const GROUPS = ['append', 'create', 'list', 'config', 'consumers', 'catchup', 'scaleout', 'rebuild'];
const only = new Set((process.env.BENCH_ONLY ?? GROUPS.join(',')).split(',').map((group) => group.trim()));
const profile = process.env.BENCH_PROFILE === '1';
const RESULTS = path.join(ROOT, 'bench/results');
const MACHINE_NOTES =
  process.env.BENCH_MACHINE_NOTES ??
  'Postgres is the tests’ throw-away cluster (fsync and synchronous_commit off), Kafka one KRaft node, all on this machine with the load generator.';

const runId = Date.now().toString(36);
const log = (message) => console.log(`[bench] ${message}`);
const services = []; // close() of Postgres and Kafka, once started
let stopping = false;

async function stopEverything() {
  await stopAllStarted();
  await Promise.allSettled(services.map((close) => close()));
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping what this run started`);
    // Stopping Postgres ends the connections the scenarios still hold: expected now, not a crash.
    process.on('uncaughtException', (error) => log(`while stopping: ${error.message}`));
    await stopEverything();
    process.exit(128 + os.constants.signals[signal]);
  });
}

async function startServices() {
  const since = Date.now();
  const [postgres, broker] = await Promise.all([
    startPostgres().then((server) => (services.push(server.stop), server)),
    ensureKafkaJars().then((jarsDir) => startKafkaBroker({ jarsDir }).then((server) => (services.push(server.close), server))),
  ]);
  log(`postgres (pid ${postgres.pid}) and kafka (pid ${broker.pid}) ready in ${((Date.now() - since) / 1000).toFixed(1)}s`);
  return { postgres, broker };
}

async function versions(adminUrl) {
  const packageVersion = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  const { rows } = await queryOnce(adminUrl, 'SHOW server_version');
  const kafka = /KAFKA_VERSION = '([^']+)'/.exec(fs.readFileSync(path.join(ROOT, 'test/support/kafka-broker.mjs'), 'utf8'))?.[1];
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    'robustmq-admin': `${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version} (${commit})`,
    node: process.version,
    postgres: rows[0].server_version,
    kafka,
    ...Object.fromEntries(
      ['pg', 'kafkajs', 'fastify', 'autocannon', '@event-driven-io/emmett-postgresql'].map((name) => [name, packageVersion(name)]),
    ),
  };
}

async function main() {
  log(`${quick ? 'quick' : 'full'} run ${runId}: ${[...only].join(', ')}`);
  const [{ postgres, broker }] = await Promise.all([startServices(), Promise.resolve().then(build)]);
  const adminUrl = postgres.url;
  const result = {
    date: new Date().toISOString(),
    mode: quick ? 'quick (BENCH_QUICK=1)' : 'full',
    machine: machine(MACHINE_NOTES),
    versions: await versions(adminUrl),
    scenarios: [],
  };
  const measured = [];
  const extras = {};

  if (only.has('append')) measured.push(...(await appendScenarios({ adminUrl, sizes: SIZES, runId })));

  const appDatabaseUrl = await createDatabase(adminUrl, 'bench_app');
  const baselineDatabaseUrl = await createDatabase(adminUrl, 'bench_baseline');
  const needsApp = ['create', 'list', 'config', 'consumers', 'scaleout'].some((group) => only.has(group));
  if (needsApp) {
    const baseline = await startNode(
      BASELINE_MAIN,
      { DATABASE_URL: baselineDatabaseUrl },
      { port: await freePort(), readyPath: '/tenant/none' },
    );
    const profileDir = path.join(RESULTS, 'profile');
    if (profile) fs.rmSync(profileDir, { recursive: true, force: true });
    const app = await startNode(
      API_MAIN,
      { DATABASE_URL: appDatabaseUrl, KAFKA_BROKERS: broker.brokers },
      {
        port: await freePort(),
        readyPath: '/api/cluster/tenant/list',
        nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      },
    );
    log(`app pid ${app.pid} on ${app.url}, baseline pid ${baseline.pid} on ${baseline.url}`);
    // Applies to every app process on this database, the later ones included (they follow the configuration).
    await raiseAdminRateLimit(app);
    if (only.has('create')) {
      // Creates answer once applied (read-your-writes): a backlog left by an earlier scenario would count as create latency.
      await waitForProjection(appDatabaseUrl, 'the projection to apply earlier events', 300_000);
      const waits = profile ? await sampleWaitEvents(adminUrl, 'bench_app') : undefined;
      measured.push(...(await createScenarios({ app, baseline, sizes: SIZES, runId })));
      await waitForProjection(appDatabaseUrl, 'the projection to apply the tenant creates', 300_000);
      measured.push(...(await topicCreateScenarios({ app, baseline, sizes: SIZES, runId })));
      if (waits) extras.createWaitEvents = (await waits.stop()).join('\n');
      const noWait = await startNode(
        API_MAIN,
        { DATABASE_URL: appDatabaseUrl, KAFKA_BROKERS: broker.brokers, RUN_WORKERS: 'false', READ_YOUR_WRITES_TIMEOUT_MS: '0' },
        { port: await freePort(), readyPath: '/api/cluster/tenant/list' },
      );
      measured.push(...(await createWithoutWaitingScenarios({ app: noWait, baseline, sizes: SIZES, runId })));
      await noWait.stop();
    }
    if (only.has('list')) {
      await seedTenants({ appDatabaseUrl, baselineDatabaseUrl, sizes: SIZES });
      await seedUsers({ appDatabaseUrl, sizes: SIZES });
      measured.push(...(await listScenarios({ app, baseline, sizes: SIZES })));
      const db = new pg.Client({ connectionString: appDatabaseUrl });
      await db.connect();
      extras.listPlans = await listPlans(db, LIST_QUERIES(SIZES.listRows));
      await db.end();
    }
    if (only.has('config')) {
      // Databases and apps of their own: one configuration stream starts near-empty, the other is grown to 10,000 events.
      const configApps = {};
      for (const which of ['short', 'long']) {
        const databaseUrl = await createDatabase(adminUrl, `bench_config_${which}`);
        const configApp = await startNode(
          API_MAIN,
          { DATABASE_URL: databaseUrl },
          { port: await freePort(), readyPath: '/api/cluster/config/get' },
        );
        await raiseAdminRateLimit(configApp);
        configApps[which] = { app: configApp, databaseUrl };
      }
      measured.push(
        ...(await configScenarios({
          shortApp: configApps.short.app,
          longApp: configApps.long.app,
          shortDatabaseUrl: configApps.short.databaseUrl,
          longDatabaseUrl: configApps.long.databaseUrl,
          baseline,
          sizes: SIZES,
        })),
      );
      await Promise.all([configApps.short.app.stop(), configApps.long.app.stop()]);
    }
    if (only.has('consumers')) {
      measured.push(...(await lagScenarios({ appDatabaseUrl, brokers: broker.brokers, sizes: SIZES, runId })));
      measured.push(...(await drainScenario({ appDatabaseUrl, broker, sizes: SIZES, runId })));
    }
    const peak = peakRssMb(app.pid);
    measured.push({
      name: `memory: peak RSS (VmHWM) of the all-in-one app process over the ${[...only].filter((g) => g !== 'append' && g !== 'catchup' && g !== 'scaleout').join(', ')} scenarios`,
      figure: peak,
      unit: 'MB',
      baseline: { name: 'none: absolute target', figure: null },
      target: '<= 250 MB',
      meets: (mb) => mb <= 250,
    });
    log(`app peak RSS ${peak} MB`);
    await app.stop();
    if (profile) extras.cpuProfileTop = topSelfTime(profileDir).join('\n');

    if (only.has('scaleout')) {
      const worker = await startNode(WORKER_MAIN, { DATABASE_URL: appDatabaseUrl, KAFKA_BROKERS: broker.brokers });
      const apiOnly = { DATABASE_URL: appDatabaseUrl, KAFKA_BROKERS: broker.brokers, RUN_WORKERS: 'false' };
      const apis = [];
      for (let index = 0; index < 2; index++) {
        apis.push(await startNode(API_MAIN, apiOnly, { port: await freePort(), readyPath: '/api/cluster/tenant/list' }));
      }
      await waitForProjection(appDatabaseUrl, 'the worker to apply the backlog of the earlier scenarios', 300_000);
      measured.push(...(await scaleOutScenario({ apis, sizes: SIZES, runId })));
      await Promise.all([...apis, worker].map((child) => child.stop()));
    }
    await baseline.stop();
  }
  if (only.has('catchup')) measured.push(...(await catchUpScenario({ adminUrl, sizes: SIZES })));
  if (only.has('rebuild')) measured.push(...(await rebuildScenario({ adminUrl, sizes: SIZES })));

  result.scenarios = measured.map(toResult);
  const partial = only.size < GROUPS.length;
  const file = path.join(RESULTS, partial ? 'partial.json' : 'latest.json');
  writeResults(file, result);
  if (extras.listPlans) fs.writeFileSync(path.join(RESULTS, 'list-plans.txt'), `${extras.listPlans}\n`);
  if (extras.createWaitEvents) fs.writeFileSync(path.join(RESULTS, 'create-wait-events.txt'), `${extras.createWaitEvents}\n`);
  if (extras.cpuProfileTop) fs.writeFileSync(path.join(RESULTS, 'cpu-profile-top.txt'), `${extras.cpuProfileTop}\n`);
  if (!partial) writeReadmeTable(path.join(ROOT, 'bench/README.md'), result);
  log(
    `wrote ${path.relative(ROOT, file)}${partial ? ' (a partial run: BENCH_ONLY; the README table is left as it was)' : ' and the table in bench/README.md'}`,
  );
  for (const scenario of result.scenarios) {
    log(
      `${scenario.met ? 'met    ' : 'NOT MET'} ${scenario.name}: ${scenario.figure} ${scenario.unit.split(' ')[0]}, ratio ${scenario.ratio ?? '–'} (${scenario.target})`,
    );
  }
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  console.error(`[bench] failed: ${error.stack ?? error}`);
  exitCode = 1;
} finally {
  if (!stopping) await stopEverything();
}
process.exit(exitCode);
