import type { Settings } from '#libs/config';
import type { LogConsumer, RecordedEvent } from '#libs/event-store';
import { toCloudEventRecord, type CloudEventsMapping } from './cloud-events.js';
import type { EventSink } from './event-sink.js';

export const KAFKA_PUBLISHER_NAME = 'kafka-publisher';

export type PublisherSettings = Pick<Settings, 'kafkaTopicPrefix' | 'cloudEventsSource'>;

/** The mapping the publisher sends with; a replay (`npm run replay`) uses it too, so it resends the very same records. */
export function publishedCloudEventsMapping(settings: PublisherSettings): CloudEventsMapping {
  return { topicPrefix: settings.kafkaTopicPrefix, source: settings.cloudEventsSource };
}

/**
 * Kafka's answers that refuse a record for what it is, so no retry can help. Every other failure
 * (a broker down, a leader moving, a timeout) is transient: the batch waits and is sent again.
 */
const RECORD_REFUSALS = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE']);

/** kafkajs wraps the broker's answer (KafkaJSProtocolError) in its retry errors, as `cause`. */
export function isRecordRefusedByKafka(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const type = (current as { type?: unknown }).type;
    if (current.name === 'KafkaJSProtocolError' && typeof type === 'string' && RECORD_REFUSALS.has(type)) return true;
  }
  return false;
}

/**
 * The outbox relay: the event log is the outbox, and this consumer sends it to Kafka in log order.
 * Its checkpoint moves only after `handle` returns, that is after Kafka acknowledged the batch; a
 * failed send throws, and the runner retries the same batch later, or, when Kafka refused a record
 * for what it is, finds that event and parks it. Delivery is at-least-once: consumers drop
 * duplicates by `ce_id` (with `ce_source`).
 */
export class KafkaPublisher implements LogConsumer {
  readonly name = KAFKA_PUBLISHER_NAME;
  readonly delivery = 'at-least-once';
  private readonly mapping: CloudEventsMapping;

  constructor(
    private readonly sink: EventSink,
    settings: PublisherSettings,
  ) {
    this.mapping = publishedCloudEventsMapping(settings);
  }

  isTransientFailure(error: unknown): boolean {
    return !isRecordRefusedByKafka(error);
  }

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    await this.sink.send(events.map((event) => toCloudEventRecord(event, this.mapping)));
  }
}
