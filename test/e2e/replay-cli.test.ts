// `npm run replay`, run as the npm script runs it, against the test Postgres and Kafka: what it sends,
// compared with the event log and with what the live publisher sent.
import { EventStore, LOG_START, type RecordedEvent } from '#libs/event-store';
import { KafkaPublisher, KafkajsEventSink, toCloudEventRecord } from '#libs/messaging';
import { buildApps, freshEnv, REPLAY_MAIN, startBuilt } from '../support/built-app.js';
import { runnerFor, waitUntilCaughtUp } from '../support/consumers.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { type ConsumedRecord, consumeTopic, recordsInTopic, uniqueTopicPrefix } from '../support/kafka-topics.js';

const SOURCE = '/robustmq-admin/replay-test';

beforeAll(buildApps, 240_000);

describe('npm run replay', () => {
  const brokers = process.env.KAFKA_BROKERS!;
  const topicPrefix = uniqueTopicPrefix();
  let database: TestDatabase;
  let store: EventStore;
  /** The log, in log order. */
  let log: RecordedEvent[];
  let checkpointsBefore: unknown[];

  const checkpointRows = async () =>
    (await database.pool.query('SELECT consumer_name, transaction_id::text, position, updated_at FROM consumer_checkpoints ORDER BY 1'))
      .rows;

  async function append(streamId: string, streamType: string, version: number, type: string, data: object): Promise<void> {
    await store.appendToStream(streamId, streamType, version === 0 ? 'no_stream' : version, [{ type, data }], {
      correlation_id: `req-${type}`,
      actor: 'ops',
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new EventStore(database.pool);
    await append('tenant-acme', 'tenant', 0, 'TenantCreated', { tenant_name: 'acme', desc: 'v1' });
    await append('user-acme/alice', 'user', 0, 'UserCreated', { tenant: 'acme', username: 'alice' });
    await append('tenant-acme', 'tenant', 1, 'TenantUpdated', { tenant_name: 'acme', desc: 'v2' });
    await append('user-acme/bob', 'user', 0, 'UserCreated', { tenant: 'acme', username: 'bob' });
    await append('tenant-beta', 'tenant', 0, 'TenantCreated', { tenant_name: 'beta', desc: '' });
    // The live publisher sends these five, on topics of one partition each, and keeps its checkpoint there.
    const sink = new KafkajsEventSink({ kafkaBrokers: [brokers], kafkaClientId: 'replay-test', kafkaTopicPartitions: 1 });
    const publisher = runnerFor(database, new KafkaPublisher(sink, { kafkaTopicPrefix: topicPrefix, cloudEventsSource: SOURCE }));
    publisher.start();
    await waitUntilCaughtUp(database.pool, 'kafka-publisher', 60_000);
    await publisher.stop();
    await sink.close();
    // Two more that it has not sent yet.
    await append('user-acme/alice', 'user', 1, 'UserDeleted', { tenant: 'acme', username: 'alice' });
    await append('tenant-beta', 'tenant', 1, 'TenantUpdated', { tenant_name: 'beta', desc: 'later' });
    log = await store.readAllAfter(LOG_START, 100);
    checkpointsBefore = await checkpointRows();
  }, 120_000);
  afterAll(() => database?.drop());

  async function replay(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
    const run = startBuilt(
      REPLAY_MAIN,
      freshEnv({
        DATABASE_URL: database.url,
        KAFKA_BROKERS: brokers,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        KAFKA_TOPIC_PARTITIONS: '1',
        CLOUDEVENTS_SOURCE: SOURCE,
        LOG_LEVEL: 'warn',
        ...env,
      }),
      { args },
    );
    const code = await run.exited;
    return { code, output: run.output() };
  }

  /** The record the publisher sends for an event, as a reader decodes it. */
  const published = (event: RecordedEvent): ConsumedRecord => {
    const record = toCloudEventRecord(event, { topicPrefix, source: SOURCE });
    return { key: record.key, value: JSON.parse(record.value.toString()), headers: record.headers };
  };
  const recordedAtText = async (event: RecordedEvent): Promise<string> =>
    (
      await database.pool.query<{ text: string }>(
        `SELECT to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS text FROM events WHERE position = $1`,
        [event.position.toString()],
      )
    ).rows[0]!.text;

  it('a position range replayed to a separate topic holds exactly that range, in log order, with the original ids and records', async () => {
    const topic = `${topicPrefix}replay-positions`;
    const range = log.slice(1, 6);

    const { code, output } = await replay([
      '--from',
      String(range[0]!.position),
      '--to',
      String(range.at(-1)!.position),
      '--to-topic',
      topic,
    ]);

    expect({ code, output }).toEqual({ code: 0, output: expect.stringMatching(/replay done: 5 event\(s\) sent .* events\/s/) });
    const records = await consumeTopic(brokers, topic, range.length, 30_000);
    expect(records.map((record) => record.headers.ce_id)).toEqual(range.map((event) => event.eventId));
    expect(records).toEqual(range.map(published));
    expect(await recordsInTopic(brokers, topic)).toBe(range.length);
    expect(await checkpointRows()).toEqual(checkpointsBefore);
  }, 90_000);

  it('--type sends only that stream type, each record to its usual topic, the same as the live publisher sent', async () => {
    const users = log.filter((event) => event.streamType === 'user');
    const tenantRecords = await recordsInTopic(brokers, `${topicPrefix}tenant`);

    const { code, output } = await replay(['--from', '0', '--type', 'user']);

    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('replay done: 3 event(s) sent') });
    // The live publisher sent the first two user events; the replay sends all three again after them.
    const records = await consumeTopic(brokers, `${topicPrefix}user`, 5, 30_000);
    const [liveAlice, liveBob, ...replayed] = records;
    expect(replayed).toEqual(users.map(published));
    expect(replayed.slice(0, 2)).toEqual([liveAlice, liveBob]);
    expect(await recordsInTopic(brokers, `${topicPrefix}user`)).toBe(5);
    expect(await recordsInTopic(brokers, `${topicPrefix}tenant`)).toBe(tenantRecords);
    expect(await checkpointRows()).toEqual(checkpointsBefore);
  }, 90_000);

  it('time bounds replay from the first event recorded at or after --from to the last recorded at or before --to', async () => {
    const topic = `${topicPrefix}replay-times`;
    const range = log.slice(2, 5);

    const { code, output } = await replay([
      '--from',
      await recordedAtText(range[0]!),
      '--to',
      await recordedAtText(range.at(-1)!),
      '--to-topic',
      topic,
    ]);

    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('replay done: 3 event(s) sent') });
    const records = await consumeTopic(brokers, topic, range.length, 30_000);
    expect(records).toEqual(range.map(published));
    expect(await recordsInTopic(brokers, topic)).toBe(range.length);
  }, 90_000);

  it.each([
    [['--from', 'yesterday'], '--from "yesterday" is neither a log position'],
    [['--to', '5'], '--from is required'],
    [['--from', '1', '--type', 'tenants'], /--type "tenants" is not a stream type; the stream types are (\w+, )*tenant, /],
  ])(
    'bad arguments %j exit with code 2, the reason and the usage',
    async (args, reason) => {
      const { code, output } = await replay(args);

      expect(code).toBe(2);
      expect(output).toMatch(reason);
      expect(output).toContain('usage: npm run replay -- --from <position|ISO time>');
    },
    60_000,
  );

  it('without KAFKA_BROKERS it exits with code 1 and says so', async () => {
    const { code, output } = await replay(['--from', '0'], { KAFKA_BROKERS: '' });

    expect(code).toBe(1);
    expect(output).toContain('KAFKA_BROKERS is unset');
  }, 60_000);
});
