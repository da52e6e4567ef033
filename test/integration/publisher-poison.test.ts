import { Kafka, logLevel } from 'kafkajs';
import { DEFAULT_TENANT_CONFIG } from '#libs/domain/tenant';
import { EventStore, parkedEvents } from '#libs/event-store';
import { KafkaPublisher, KafkajsEventSink } from '#libs/messaging';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runnerFor, waitUntilCaughtUp } from '../support/consumers.js';
import { consumeTopic, uniqueTopicPrefix } from '../support/kafka-topics.js';

const MAX_MESSAGE_BYTES = 4096;

describe('the publisher and a record Kafka refuses', () => {
  let database: TestDatabase;
  afterEach(() => database?.drop());

  it('an event too large for its topic is parked after the retries, and the events after it are published', async () => {
    const brokers = process.env.KAFKA_BROKERS!;
    const topicPrefix = uniqueTopicPrefix();
    const topic = `${topicPrefix}tenant`;
    const kafka = new Kafka({ clientId: 'test-admin', brokers: [brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: String(MAX_MESSAGE_BYTES) }] }],
    });
    await admin.disconnect();

    database = await createTestDatabase();
    const store = new EventStore(database.pool);
    const created = (name: string, desc = '') => ({
      type: 'TenantCreated',
      data: { tenant_name: name, desc, config: DEFAULT_TENANT_CONFIG, create_time: 1 },
    });
    await store.appendToStream('tenant-small-1', 'tenant', 'no_stream', [created('small-1')]);
    const huge = await store.appendToStream('tenant-huge', 'tenant', 'no_stream', [created('huge', 'x'.repeat(4 * MAX_MESSAGE_BYTES))]);
    await store.appendToStream('tenant-small-2', 'tenant', 'no_stream', [created('small-2')]);

    const sink = new KafkajsEventSink({ kafkaBrokers: [brokers], kafkaClientId: 'test-publisher', kafkaTopicPartitions: 1 });
    const publisher = new KafkaPublisher(sink, { kafkaTopicPrefix: topicPrefix, cloudEventsSource: '/test' });
    const runner = runnerFor(database, publisher, 100, 50, { options: { maxAttempts: 2 } });
    runner.start();
    try {
      await waitUntilCaughtUp(database.pool, 'kafka-publisher', 60_000);
      const parked = await parkedEvents.list(database.pool);
      expect(parked).toEqual([expect.objectContaining({ consumer: 'kafka-publisher', position: huge.lastEvent.position, attempts: 3 })]);
      expect(parked[0]!.error).toContain('(MESSAGE_TOO_LARGE)');
      expect(runner.status().parkedEvents).toBe(1);

      const records = await consumeTopic(brokers, topic, 2, 30_000);
      expect([...new Set(records.map((record) => record.key))]).toEqual(['tenant-small-1', 'tenant-small-2']);
    } finally {
      await runner.stop();
      await sink.close();
    }
  }, 90_000);
});
