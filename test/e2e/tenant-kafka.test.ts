// Tenant commands over HTTP, their events read back from real Kafka: what downstream services see,
// and what happens to commands while Kafka is down.
import { EventStore, type RecordedEvent } from '#libs/event-store';
import { startTestApp } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';
import { checkpointPosition, waitUntil, waitUntilCaughtUp } from '../support/consumers.js';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker.mjs';
import { consumeTopic, distinctRecords, expectedCloudEvent, recordsInTopic, uniqueTopicPrefix } from '../support/kafka-topics.js';

const SOURCE = '/robustmq-admin/e2e';

describe('tenant events on Kafka', () => {
  it('creating, updating and deleting a tenant publishes three CloudEvents, in order, keyed by the tenant stream', async () => {
    const brokers = process.env.KAFKA_BROKERS!;
    const topicPrefix = uniqueTopicPrefix();
    const app = await startTestApp({ KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: topicPrefix, CLOUDEVENTS_SOURCE: SOURCE });
    try {
      const headers = { 'x-request-id': 'req-kafka-1' };
      expect((await app.post('/api/cluster/tenant/create', { tenant_name: 'acme', desc: 'v1' }, headers)).status).toBe(200);
      expect((await app.post('/api/cluster/tenant/update', { tenant_name: 'acme', desc: 'v2' }, headers)).status).toBe(200);
      expect((await app.post('/api/cluster/tenant/delete', { tenant_name: 'acme' }, headers)).status).toBe(200);

      await waitUntilCaughtUp(app.database.pool, 'kafka-publisher', 30_000);
      const records = await consumeTopic(brokers, `${topicPrefix}tenant`, 3, 30_000, (record) => record.key === 'tenant-acme');
      const stored = await new EventStore(app.database.pool).readStream('tenant-acme');
      expect(records).toEqual(
        stored.map((event, index) =>
          expectedCloudEvent(event, ['created', 'updated', 'deleted'][index]!, { source: SOURCE, correlationId: 'req-kafka-1' }),
        ),
      );
      // The default tenant's creation and these three: nothing twice.
      expect(await recordsInTopic(brokers, `${topicPrefix}tenant`)).toBe(4);
    } finally {
      await app.close();
    }
  }, 90_000);

  it('events written while Kafka is not configured are all published once it is', async () => {
    const brokers = process.env.KAFKA_BROKERS!;
    const topicPrefix = uniqueTopicPrefix();
    const database = await createTestDatabase();
    try {
      const withoutKafka = await startTestApp({ KAFKA_BROKERS: '' }, database);
      try {
        for (const name of ['first', 'second', 'third']) {
          expect((await withoutKafka.post('/api/tenant/create', { tenant_name: name })).status).toBe(200);
        }
      } finally {
        await withoutKafka.close();
      }

      const withKafka = await startTestApp({ KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: topicPrefix }, database);
      try {
        await waitUntilCaughtUp(withKafka.database.pool, 'kafka-publisher', 30_000);
        const records = await consumeTopic(brokers, `${topicPrefix}tenant`, 4, 30_000);
        expect(records.map((record) => record.key).sort()).toEqual(['tenant-default', 'tenant-first', 'tenant-second', 'tenant-third']);
        expect(await recordsInTopic(brokers, `${topicPrefix}tenant`)).toBe(4);
      } finally {
        await withKafka.close();
      }
    } finally {
      await database.drop();
    }
  }, 90_000);

  describe('while Kafka is down', () => {
    let broker: KafkaBroker;

    beforeAll(async () => {
      const jarsDir = process.env.KAFKA_JARS_DIR;
      if (!jarsDir) throw new Error('KAFKA_JARS_DIR is unset: run the tests with `npm test`, which provides the Kafka jars');
      broker = await startKafkaBroker({ jarsDir });
    }, 90_000);
    afterAll(() => broker?.close(), 60_000);

    it('50 commands all succeed, and once Kafka is back their 50 events arrive exactly once, in order', async () => {
      const topicPrefix = uniqueTopicPrefix();
      const app = await startTestApp({ KAFKA_BROKERS: broker.brokers, KAFKA_TOPIC_PREFIX: topicPrefix });
      try {
        await waitUntilCaughtUp(app.database.pool, 'kafka-publisher', 30_000);
        const publishedBeforeOutage = await checkpointPosition(app.database.pool, 'kafka-publisher');
        await broker.stop();

        const statuses = [(await app.post('/api/tenant/create', { tenant_name: 'busy', desc: 'change 1' })).status];
        for (let change = 2; change <= 50; change++) {
          statuses.push((await app.post('/api/tenant/update', { tenant_name: 'busy', desc: `change ${change}` })).status);
        }
        expect(statuses).toEqual(Array(50).fill(200));
        const listed = await app.get('/api/tenant/list?tenant_name=busy');
        expect(listed.body.data.data[0].desc).toBe('change 50');
        const publisher = app.service.workers!.runners.find((runner) => runner.status().name === 'kafka-publisher')!;
        await waitUntil('the publisher noticed that Kafka is down', () => publisher.status().lastError !== undefined, 30_000);
        expect(await checkpointPosition(app.database.pool, 'kafka-publisher')).toBe(publishedBeforeOutage);

        await broker.start();
        await waitUntilCaughtUp(app.database.pool, 'kafka-publisher', 60_000);
        const records = await consumeTopic(broker.brokers, `${topicPrefix}tenant`, 50, 30_000, (record) => record.key === 'tenant-busy');
        expect(records.map((record) => (record.value as { desc: string }).desc)).toEqual(
          Array.from({ length: 50 }, (_, i) => `change ${i + 1}`),
        );
        expect(await recordsInTopic(broker.brokers, `${topicPrefix}tenant`)).toBe(51);
      } finally {
        await app.close();
      }
    }, 180_000);
  });
});

describe('topic and topic rewrite events on Kafka', () => {
  it('a topic created, deleted and created again, and a rewrite rule created and deleted, are published in order per stream, with the count on the tenant topic counter', async () => {
    const brokers = process.env.KAFKA_BROKERS!;
    const topicPrefix = uniqueTopicPrefix();
    const app = await startTestApp({ KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: topicPrefix, CLOUDEVENTS_SOURCE: SOURCE });
    try {
      const headers = { 'x-request-id': 'req-kafka-1' };
      const topic = { tenant: 'default', topic_name: 'sensor/temperature' };
      const rule = { tenant: 'default', name: 'move-x', action: 'All', source_topic: 'x/#', dest_topic: 'z/$1', regex: '^x/(.+)$' };
      const statuses = [
        await app.post('/api/cluster/topic/create', topic, headers),
        await app.post('/api/mqtt/topic/delete', topic, headers),
        await app.post('/api/cluster/topic/create', { ...topic, partition: 2 }, headers),
        await app.post('/api/cluster/topic-rewrite/create', rule, headers),
        await app.post('/api/mqtt/topic-rewrite/delete', { tenant: 'default', name: 'move-x' }, headers),
      ].map((response) => response.status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);

      await waitUntilCaughtUp(app.database.pool, 'kafka-publisher', 30_000);
      const store = new EventStore(app.database.pool);
      const topicKey = 'topic-default/sensor%2Ftemperature';
      const storedTopic = await store.readStream(topicKey);
      const storedCount = await store.readStream('topic_count-default');
      const storedRule = await store.readStream('topic_rewrite-default/move-x');
      const context = { source: SOURCE, correlationId: 'req-kafka-1' };
      const topicAction = (event: RecordedEvent) => (event.eventType === 'TopicCreated' ? 'created' : 'deleted');

      expect(await distinctRecords(brokers, `${topicPrefix}topic`, 30_000)).toEqual(
        storedTopic.map((event) => expectedCloudEvent(event, topicAction(event), context)),
      );
      expect(storedTopic.map((event) => event.eventType)).toEqual(['TopicCreated', 'TopicDeleted', 'TopicCreated']);
      const [first, deleted, second] = storedTopic.map((event) => event.data as { topic_id: string });
      expect(deleted!.topic_id).toBe(first!.topic_id);
      expect(second!.topic_id).not.toBe(first!.topic_id);

      const counts = await distinctRecords(brokers, `${topicPrefix}topic_count`, 30_000);
      expect(counts).toEqual(storedCount.map((event) => expectedCloudEvent(event, 'changed', context)));
      expect(counts.map((record) => record.value)).toEqual([1, 0, 1].map((topic_count) => ({ tenant: 'default', topic_count })));

      expect(await distinctRecords(brokers, `${topicPrefix}topic_rewrite`, 30_000)).toEqual(
        storedRule.map((event, index) => expectedCloudEvent(event, ['created', 'deleted'][index]!, context)),
      );
    } finally {
      await app.close();
    }
  }, 90_000);
});
