import type { Settings } from '#libs/config';
import { type EventStore, type LogConsumer, LogConsumerRunner } from '#libs/event-store';
import { KafkaPublisher, KafkajsEventSink } from '#libs/messaging';
import { projections } from '#libs/read-models';
import type { Database } from './database.js';
import type { Logger } from './logger.js';

export interface Workers {
  runners: LogConsumerRunner[];
  stop(): Promise<void>;
}

/**
 * The projectors and, when Kafka is configured, the publisher. Without KAFKA_BROKERS the publisher
 * does not run: its checkpoint stays put, so every event is published once Kafka is configured.
 */
export function startWorkers(settings: Settings, database: Database, store: EventStore, logger: Logger): Workers {
  const consumers: LogConsumer[] = [...projections];
  const sink = settings.kafkaBrokers.length > 0 ? new KafkajsEventSink(settings, logger) : undefined;
  if (sink) consumers.push(new KafkaPublisher(sink, settings));
  else logger.warn({}, 'KAFKA_BROKERS is unset: events are kept in the log and published once Kafka is configured');

  const runners = consumers.map(
    (consumer) =>
      new LogConsumerRunner(
        consumer,
        database.pool,
        database.newSession,
        store,
        {
          batchSize: settings.consumerBatchSize,
          pollIntervalMs: settings.consumerPollIntervalMs,
          standbyRetryMs: 1_000,
          maxBackoffMs: 5_000,
        },
        logger,
      ),
  );
  for (const runner of runners) runner.start();
  return {
    runners,
    async stop() {
      await Promise.all(runners.map((runner) => runner.stop()));
      await sink?.close();
    },
  };
}
