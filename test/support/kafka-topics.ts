import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { waitUntil } from './consumers.js';

export interface ConsumedRecord {
  key: string;
  value: unknown;
  headers: Record<string, string>;
}

/** A topic prefix of its own, so a test reads only topics that it wrote. */
export const uniqueTopicPrefix = (): string => `test.${randomBytes(4).toString('hex')}.`;

/** Reads a topic from the beginning until `count` records arrived (`accept` filters, e.g. by key), in partition order. */
export async function consumeTopic(
  brokers: string,
  topic: string,
  count: number,
  timeoutMs: number,
  accept: (record: ConsumedRecord) => boolean = () => true,
): Promise<ConsumedRecord[]> {
  const kafka = new Kafka({ clientId: 'test-reader', brokers: [brokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(4).toString('hex')}` });
  const records: ConsumedRecord[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const record = decode(message);
        if (accept(record)) records.push(record);
      },
    });
    await waitUntil(`${count} records were read from ${topic}`, () => records.length >= count, timeoutMs);
    return records;
  } finally {
    await consumer.disconnect();
  }
}

/** How many records the topic holds in all, duplicates included. */
export async function recordsInTopic(brokers: string, topic: string): Promise<number> {
  const admin = new Kafka({ clientId: 'test-admin', brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
}

function decode(message: KafkaMessage): ConsumedRecord {
  const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
  return { key: String(message.key), value: JSON.parse(String(message.value)), headers };
}
