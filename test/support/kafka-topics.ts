import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import type { RecordedEvent } from '#libs/event-store';
import { waitUntil } from './consumers.js';

export interface ConsumedRecord {
  key: string;
  value: unknown;
  headers: Record<string, string>;
}

/** A topic prefix of its own, so a test reads only topics that it wrote. */
export const uniqueTopicPrefix = (): string => `test.${randomBytes(4).toString('hex')}.`;

/** Reads topics from the beginning until `count` records arrived (`accept` filters, e.g. by key), in partition order. */
export async function consumeTopic(
  brokers: string,
  topic: string | readonly string[],
  count: number,
  timeoutMs: number,
  accept: (record: ConsumedRecord) => boolean = () => true,
): Promise<ConsumedRecord[]> {
  const kafka = new Kafka({ clientId: 'test-reader', brokers: [brokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(4).toString('hex')}` });
  const records: ConsumedRecord[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: typeof topic === 'string' ? [topic] : [...topic], fromBeginning: true });
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

/**
 * Every record of a topic, each event once (by ce_id, as consumers are told to drop duplicates), in the
 * order of its first delivery: at-least-once publishing resends a batch whose send failed after the
 * broker stored part of it.
 */
export async function distinctRecords(brokers: string, topic: string, timeoutMs: number): Promise<ConsumedRecord[]> {
  return distinctRecordsOfTopics(brokers, [topic], timeoutMs);
}

/** `distinctRecords` of several topics at once, read by one consumer: a key's records keep their order. */
export async function distinctRecordsOfTopics(brokers: string, topics: readonly string[], timeoutMs: number): Promise<ConsumedRecord[]> {
  let count = 0;
  for (const topic of topics) count += await recordsInTopic(brokers, topic);
  const records = await consumeTopic(brokers, topics, count, timeoutMs);
  const seen = new Set<string>();
  return records.filter((record) => !seen.has(record.headers.ce_id!) && seen.add(record.headers.ce_id!));
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

/**
 * The record the publisher must send for an event of the log: its data as the value, keyed by its stream,
 * and the CloudEvents headers; `action` completes the ce_type (`io.robustmq.admin.<stream type>.<action>.v1`).
 */
export function expectedCloudEvent(
  event: RecordedEvent,
  action: string,
  context: { source: string; correlationId: string },
): ConsumedRecord {
  return {
    key: event.streamId,
    value: event.data,
    headers: {
      ce_specversion: '1.0',
      ce_id: event.eventId,
      ce_type: `io.robustmq.admin.${event.streamType}.${action}.v1`,
      ce_source: context.source,
      ce_subject: event.streamId,
      ce_time: event.recordedAt.toISOString(),
      'content-type': 'application/json',
      robustmq_position: event.position.toString(),
      robustmq_stream_version: String(event.streamVersion),
      ce_correlationid: context.correlationId,
      ce_actor: 'anonymous',
    },
  };
}
