// Smoke check of what test/run-tests.mjs provides: if this fails, look at the services, not at the application.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import pg from 'pg';

const { DATABASE_URL, KAFKA_BROKERS } = process.env;

describe('the test infrastructure', () => {
  it('provides a Postgres database where the pg_trgm extension can be created', async () => {
    expect(DATABASE_URL).toBeDefined();
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      await client.query('create extension if not exists pg_trgm');
      const { rows } = await client.query(`select similarity('robustmq', 'robustmq-admin') > 0 as similar`);
      expect(rows[0].similar).toBe(true);
    } finally {
      await client.end();
    }
  });

  it('provides a Kafka broker that delivers a produced message to a consumer', async () => {
    expect(KAFKA_BROKERS).toBeDefined();
    const kafka = new Kafka({ clientId: 'infrastructure-test', brokers: KAFKA_BROKERS!.split(','), logLevel: logLevel.WARN });
    const topic = `infrastructure-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
    await admin.disconnect();

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const consumer = kafka.consumer({ groupId: topic });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const received = new Promise<string>((resolve) => {
        void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) });
      });
      await producer.connect();
      await producer.send({ topic, messages: [{ value: 'hello from the infrastructure test' }] });
      await expect(received).resolves.toBe('hello from the infrastructure test');
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  }, 60_000);
});
