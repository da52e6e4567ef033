// Replaying a span of the log (libs/messaging replayLog, libs/event-store logSpans) when positions and
// log order disagree: a transaction that took its id first commits a higher position after another.
import { EventStore, LOG_START, logSpans, type RecordedEvent } from '#libs/event-store';
import { KafkajsEventSink, replayLog } from '#libs/messaging';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { consumeTopic, recordsInTopic, uniqueTopicPrefix } from '../support/kafka-topics.js';

describe('replaying a span of the log', () => {
  const brokers = process.env.KAFKA_BROKERS!;
  const topicPrefix = uniqueTopicPrefix();
  let database: TestDatabase;
  let sink: KafkajsEventSink;
  /** In log order: e0, e1, e2, e3; by position: e0, e2, e1, e3. */
  let e0: RecordedEvent, e1: RecordedEvent, e2: RecordedEvent, e3: RecordedEvent;

  beforeAll(async () => {
    database = await createTestDatabase();
    sink = new KafkajsEventSink({ kafkaBrokers: [brokers], kafkaClientId: 'log-replay-test', kafkaTopicPartitions: 1 });
    const store = new EventStore(database.pool);
    const created = (name: string) => [{ type: 'TenantCreated', data: { tenant_name: name } }];
    await store.appendToStream('tenant-e0', 'tenant', 'no_stream', created('e0'));
    const early = await database.pool.connect();
    try {
      await early.query('BEGIN');
      await early.query('SELECT pg_current_xact_id()'); // takes its transaction id now
      await store.appendToStream('tenant-e2', 'tenant', 'no_stream', created('e2'));
      await new EventStore(early).appendToStream('tenant-e1', 'tenant', 'no_stream', created('e1'));
      await early.query('COMMIT');
    } finally {
      early.release();
    }
    await store.appendToStream('tenant-e3', 'tenant', 'no_stream', created('e3'));
    [e0, e1, e2, e3] = await store.readAllAfter(LOG_START, 10);
    expect([e0, e1, e2, e3].map((event) => event!.streamId)).toEqual(['tenant-e0', 'tenant-e1', 'tenant-e2', 'tenant-e3']);
    expect(e1!.position).toBeGreaterThan(e2!.position);
  }, 60_000);
  afterAll(async () => {
    await sink?.close();
    await database?.drop();
  });

  async function replayedIds(from: bigint, to: bigint | undefined, topic: string): Promise<string[]> {
    const span = await logSpans.span(database.pool, from, to);
    const progress = await replayLog(
      new EventStore(database.pool),
      sink,
      { topicPrefix, source: '/log-replay-test' },
      { span: span!, toTopic: `${topicPrefix}${topic}`, batchSize: 2 },
    );
    expect(progress.done).toBe(true);
    const count = progress.replayed;
    const records = await consumeTopic(brokers, `${topicPrefix}${topic}`, count, 30_000);
    expect(await recordsInTopic(brokers, `${topicPrefix}${topic}`)).toBe(count);
    return records.map((record) => record.headers.ce_id!);
  }

  it('from the position of an event committed late, it also sends the events at higher positions that come before it in log order', async () => {
    expect(await replayedIds(e2.position, undefined, 'from-e2')).toEqual([e1.eventId, e2.eventId, e3.eventId]);
  }, 60_000);

  it('up to a position, it leaves out the events at higher positions that come before it in log order', async () => {
    expect(await replayedIds(e0.position, e2.position, 'to-e2')).toEqual([e0.eventId, e2.eventId]);
  }, 60_000);

  it('a range without any event is no span', async () => {
    expect(await logSpans.span(database.pool, e3.position + 1n, undefined)).toBeUndefined();
  });
});
