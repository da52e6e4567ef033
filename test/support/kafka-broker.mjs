// A single-node KRaft Kafka broker for tests, run straight from the Maven Central jars (no Kafka distribution needed).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { freePort, hasExited, logTail, spawnServer, stopChild, waitUntilReady } from './process-utils.mjs';

const KAFKA_VERSION = '4.1.1';
const POM = path.join(import.meta.dirname, 'kafka', 'pom.xml');
const MARKER = '.complete';

function cacheDir() {
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'robustmq-admin', `kafka-${KAFKA_VERSION}`);
}

/**
 * Downloads the broker jars with Maven once and reuses them afterwards. The jars land in a private dir that is
 * renamed into place with its marker already inside, so an interrupted or concurrent download is never mistaken
 * for a complete one. The marker holds the pom's hash: editing the pom refreshes the cache.
 */
export async function ensureKafkaJars() {
  const dir = cacheDir();
  const lib = path.join(dir, 'lib');
  const pomHash = crypto.createHash('sha256').update(fs.readFileSync(POM)).digest('hex');
  const isComplete = () => {
    try {
      return fs.readFileSync(path.join(lib, MARKER), 'utf8') === pomHash;
    } catch {
      return false;
    }
  };
  if (isComplete()) return lib;

  fs.mkdirSync(dir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(dir, 'lib.download-'));
  try {
    const args = ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${tmp}`];
    // Async so that Postgres can start meanwhile; output is only shown on failure.
    const mvn = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    mvn.stdout.on('data', (chunk) => (output += chunk));
    mvn.stderr.on('data', (chunk) => (output += chunk));
    const status = await new Promise((resolve) => mvn.once('close', resolve).once('error', (error) => resolve(error.message)));
    if (status !== 0)
      throw new Error(`mvn ${args.join(' ')} failed (${typeof status === 'number' ? `exit ${status}` : status}):\n${output}`);
    fs.writeFileSync(path.join(tmp, MARKER), pomHash);
    fs.chmodSync(tmp, 0o755); // mkdtemp makes it private; the cache is meant to be shared
    if (isComplete()) return lib; // another run finished first
    fs.rmSync(lib, { recursive: true, force: true }); // stale: incomplete or built from an older pom
    try {
      fs.renameSync(tmp, lib);
    } catch (error) {
      if (!isComplete()) throw error; // else a concurrent run renamed its copy first
    }
    return lib;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// Kafka 4 logs with log4j2; everything goes to the process output, which is redirected to broker.log.
// log4j2's own shutdown hook would stop logging while Kafka's hook is still shutting down: disable it.
const LOG4J2 = `
shutdownHook = disable
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = out
logger.stateChange.name = state.change.logger
logger.stateChange.level = WARN
logger.request.name = kafka.request.logger
logger.request.level = WARN
`;

function serverProperties({ port, advertisedPort, controllerPort, logDirs }) {
  return `
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controllerPort}
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${advertisedPort ?? port}
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${logDirs}
num.partitions=1
auto.create.topics.enable=true
group.initial.rebalance.delay.ms=0
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# One node: the default 50 partitions only slow down the first consumer group / transaction.
offsets.topic.num.partitions=1
transaction.state.log.num.partitions=1
`;
}

/** 16 random bytes, base64url without padding, like `kafka-storage random-uuid`. */
function randomClusterId() {
  let id;
  do id = crypto.randomBytes(16).toString('base64url');
  while (id.startsWith('-')); // the CLI would read a leading '-' as an option
  return id;
}

async function brokerAccepts(brokers) {
  // retries: 0 and no logging: the readiness loop does the retrying, and refused connections are expected.
  const kafka = new Kafka({
    clientId: 'test-broker-probe',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    // Looking up a group coordinator makes the broker create __consumer_offsets now, so that the tests' first consumer
    // group does not run into "group coordinator not available".
    await admin.describeGroups(['test-broker-probe']);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * Starts one combined broker+controller node. `stop()`/`start()` simulate an outage (same ports, same data);
 * `close()` stops it for good and deletes the data dir if this function created it.
 */
export async function startKafkaBroker({ jarsDir, dataDir, port, advertisedPort } = {}) {
  if (!jarsDir) throw new Error('startKafkaBroker: jarsDir is required (see ensureKafkaJars / KAFKA_JARS_DIR)');
  const ownsDataDir = !dataDir;
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-'));
  fs.mkdirSync(dir, { recursive: true });
  const propsFile = path.join(dir, 'server.properties');
  const log4jFile = path.join(dir, 'log4j2.properties');
  const logFile = path.join(dir, 'broker.log');
  const java = (mainClass, args) =>
    spawnServer(
      'java',
      ['-Xmx512m', '-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${log4jFile}`, '-cp', `${jarsDir}/*`, mainClass, ...args],
      { cwd: dir, logFile },
    );
  fs.writeFileSync(log4jFile, LOG4J2);

  const ports = { port: port ?? (await freePort()), controllerPort: await freePort() };
  const brokers = () => `127.0.0.1:${ports.port}`;
  const writeProps = () => fs.writeFileSync(propsFile, serverProperties({ ...ports, advertisedPort, logDirs: path.join(dir, 'kraft') }));
  let child;

  const launch = async () => {
    writeProps();
    let logFrom;
    ({ child, logFrom } = java('kafka.Kafka', [propsFile]));
    try {
      await waitUntilReady({ what: 'kafka broker', child, logFile, logFrom, timeoutMs: 60_000, probe: () => brokerAccepts(brokers()) });
    } catch (error) {
      await stopChild(child, 'SIGKILL', 5_000);
      throw error;
    }
  };
  const stop = () => (child ? stopChild(child, 'SIGTERM', 30_000) : Promise.resolve());
  const removeDir = () => ownsDataDir && fs.rmSync(dir, { recursive: true, force: true });

  try {
    writeProps();
    const { child: format, logFrom } = java('kafka.tools.StorageTool', ['format', '-t', randomClusterId(), '-c', propsFile]);
    await new Promise((resolve) => format.once('close', resolve).once('error', resolve));
    if (format.exitCode !== 0) {
      const reason = format.spawnError?.message ?? `exit ${format.exitCode}`;
      throw new Error(`kafka storage format failed (${reason}):\n${logTail(logFile, logFrom)}`);
    }

    // Freshly picked ports may be taken by someone else before the broker binds them: retry with new ones.
    for (let attempt = 1; ; attempt++) {
      try {
        await launch();
        break;
      } catch (error) {
        if (!error.addressInUse || port !== undefined || attempt >= 3) throw error;
        Object.assign(ports, { port: await freePort(), controllerPort: await freePort() });
      }
    }
  } catch (error) {
    removeDir();
    throw error;
  }

  return {
    brokers: brokers(),
    get pid() {
      return child.pid;
    },
    stop,
    /** Restarts after stop() on the same ports and data; a no-op while the broker is running. */
    start: async () => {
      if (!hasExited(child)) return;
      await launch();
    },
    close: async () => {
      await stop();
      removeDir();
    },
  };
}
