// The example consumer (examples/consumer), run as its README says, against the test broker and the
// events the service publishes there: each change printed once, in order per stream, offsets kept.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { EventStore, LOG_START } from '#libs/event-store';
import { startTestApp, type TestApp } from '../support/app.js';
import { exitWithin, ROOT } from '../support/built-app.js';
import { waitUntil } from '../support/consumers.js';
import { consumeTopic, recordsInTopic, uniqueTopicPrefix } from '../support/kafka-topics.js';

const CONSUMER = path.join(ROOT, 'examples/consumer/consumer.mjs');

interface RunningConsumer {
  child: ChildProcess;
  /** The lines printed on stdout: one per change. */
  lines: () => string[];
  stderr: () => string;
  exited: Promise<number | null>;
}

interface Change {
  type: string;
  stream: string;
  version: number;
}

describe('the example consumer', () => {
  const brokers = process.env.KAFKA_BROKERS!;
  const topicPrefix = uniqueTopicPrefix();
  const groupId = `example-${randomBytes(4).toString('hex')}`;
  const admin = new Kafka({ clientId: 'example-consumer-test', brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
  let app: TestApp | undefined;
  let running: RunningConsumer | undefined;

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await stop(running);
    await app?.close();
    await admin.disconnect();
  }, 60_000);

  function startConsumer(): RunningConsumer {
    const child = spawn(process.execPath, [CONSUMER], {
      cwd: ROOT,
      env: { ...process.env, KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: topicPrefix, GROUP_ID: groupId, TOPIC_REFRESH_MS: '200' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, lines: () => stdout.split('\n').filter(Boolean), stderr: () => stderr, exited };
  }

  /** SIGTERM to the consumer this test started, by its PID; SIGKILL if it does not exit in time. */
  async function stop(consumer: RunningConsumer | undefined): Promise<number | null | undefined> {
    if (!consumer || consumer.child.exitCode !== null) return consumer?.child.exitCode;
    consumer.child.kill('SIGTERM');
    const code = await exitWithin({ child: consumer.child, output: consumer.stderr, exited: consumer.exited }, 30_000);
    if (code === undefined) consumer.child.kill('SIGKILL');
    return code;
  }

  const changes = (consumer: RunningConsumer): Change[] =>
    consumer.lines().map((line) => {
      const [type, stream, version] = line.split(' ');
      return { type: type!, stream: stream!, version: Number(version!.slice(1)) };
    });
  const printed = (consumer: RunningConsumer, stream: string, version: number) =>
    changes(consumer).some((change) => change.stream === stream && change.version === version);

  /** The group has committed every record of the prefix's topics: the consumer handled all it will. */
  async function committedEverything(): Promise<boolean> {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const topic of topics) {
      const high = await admin.fetchTopicOffsets(topic);
      const partitions = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
      for (const { partition, high: end } of high) {
        if (Number(end) > 0 && partitions.find((entry) => entry.partition === partition)?.offset !== end) return false;
      }
    }
    return true;
  }

  it('prints each change once, in order per stream, even a record sent twice and topics created after it started', async () => {
    running = startConsumer();
    await waitUntil('the consumer connected', () => running!.stderr().includes('connected to'), 30_000);
    app = await startTestApp({ KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: topicPrefix });
    expect((await app.post('/api/cluster/tenant/create', { tenant_name: 'acme' })).status).toBe(200);
    expect((await app.post('/api/cluster/tenant/update', { tenant_name: 'acme', desc: 'v2' })).status).toBe(200);
    await waitUntil('acme v2 was printed', () => printed(running!, 'tenant-acme', 2), 60_000);

    // A stream type whose topic did not exist until now.
    const acl = {
      tenant: 'acme',
      name: 'r1',
      resource_type: 'User',
      resource_name: 'alice',
      topic: 'a/#',
      action: 'All',
      permission: 'Allow',
    };
    expect((await app.post('/api/cluster/acl/create', acl)).status).toBe(200);
    // The first record of acme sent again, as the publisher does after a failed send; then a later change of acme.
    const [first] = await consumeTopic(brokers, `${topicPrefix}tenant`, 1, 30_000, (record) => record.key === 'tenant-acme');
    const producer = new Kafka({ clientId: 'duplicate-sender', brokers: [brokers], logLevel: logLevel.NOTHING }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    await producer.send({
      topic: `${topicPrefix}tenant`,
      messages: [{ key: first!.key, value: JSON.stringify(first!.value), headers: first!.headers }],
    });
    await producer.disconnect();
    expect((await app.post('/api/cluster/tenant/update', { tenant_name: 'acme', desc: 'v3' })).status).toBe(200);

    await waitUntil(
      'acme v3 and the ACL rule were printed',
      () => printed(running!, 'tenant-acme', 3) && printed(running!, 'acl-acme/r1', 1),
      60_000,
    );
    await waitUntil('the consumer committed every record', committedEverything, 60_000);
    const log = await new EventStore(app.database.pool).readAllAfter(LOG_START, 1_000);
    const printedChanges = changes(running);
    // Each event of the log once; the duplicate record (in Kafka, before acme v3 in its partition) was read and dropped.
    const byStreamVersion = (a: Pick<Change, 'stream' | 'version'>, b: Pick<Change, 'stream' | 'version'>) =>
      a.stream.localeCompare(b.stream) || a.version - b.version;
    expect([...printedChanges].sort(byStreamVersion).map(({ stream, version }) => ({ stream, version }))).toEqual(
      log.map((event) => ({ stream: event.streamId, version: event.streamVersion })).sort(byStreamVersion),
    );
    expect(await recordsInTopic(brokers, `${topicPrefix}tenant`)).toBe(log.filter((event) => event.streamType === 'tenant').length + 1);
    for (const stream of new Set(printedChanges.map((change) => change.stream))) {
      const versions = printedChanges.filter((change) => change.stream === stream).map((change) => change.version);
      expect({ stream, versions }).toEqual({ stream, versions: versions.map((_, index) => index + 1) });
    }
    expect(printedChanges.filter((change) => change.stream === 'tenant-acme')).toEqual([
      { type: 'tenant.created.v1', stream: 'tenant-acme', version: 1 },
      { type: 'tenant.updated.v1', stream: 'tenant-acme', version: 2 },
      { type: 'tenant.updated.v1', stream: 'tenant-acme', version: 3 },
    ]);
    expect(running.lines().find((line) => line.startsWith('tenant.updated.v1 tenant-acme v3'))).toContain('desc="v3"');
  }, 180_000);

  it('started again in the same group, it prints only what was published since: its offsets were committed', async () => {
    expect(await stop(running)).toBe(0);
    expect((await app!.post('/api/cluster/tenant/create', { tenant_name: 'beta' })).status).toBe(200);

    running = startConsumer();
    await waitUntil('beta was printed', () => printed(running!, 'tenant-beta', 1), 60_000);
    await waitUntil('the consumer committed every record', committedEverything, 60_000);

    expect(changes(running)).toEqual([{ type: 'tenant.created.v1', stream: 'tenant-beta', version: 1 }]);
  }, 120_000);
});
