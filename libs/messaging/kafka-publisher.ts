import type { Settings } from '#libs/config';
import type { LogConsumer, RecordedEvent } from '#libs/event-store';
import { toCloudEventRecord, type CloudEventsMapping } from './cloud-events.js';
import type { EventSink } from './event-sink.js';

export const KAFKA_PUBLISHER_NAME = 'kafka-publisher';

export type PublisherSettings = Pick<Settings, 'kafkaTopicPrefix' | 'cloudEventsSource'>;

/**
 * The outbox relay: the event log is the outbox, and this consumer sends it to Kafka in log order.
 * Its checkpoint moves only after `handle` returns, that is after Kafka acknowledged the batch; a
 * failed send throws, and the runner retries the same batch later. Delivery is at-least-once:
 * consumers drop duplicates by `ce_id` (with `ce_source`).
 */
export class KafkaPublisher implements LogConsumer {
  readonly name = KAFKA_PUBLISHER_NAME;
  readonly delivery = 'at-least-once';
  private readonly mapping: CloudEventsMapping;

  constructor(
    private readonly sink: EventSink,
    settings: PublisherSettings,
  ) {
    this.mapping = { topicPrefix: settings.kafkaTopicPrefix, source: settings.cloudEventsSource };
  }

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    await this.sink.send(events.map((event) => toCloudEventRecord(event, this.mapping)));
  }
}
