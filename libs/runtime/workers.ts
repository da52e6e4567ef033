import type { Settings } from '#libs/config';
import { type EventStore, type LogConsumer, LogConsumerRunner, type WakeUps } from '#libs/event-store';
import { type EventSink, KafkaPublisher, KafkajsEventSink } from '#libs/messaging';
import type { ServiceMetrics } from '#libs/metrics';
import { DOMAIN_EVENT_TYPES, projections, unaccountedEventTypes } from '#libs/read-models';
import type { Database } from './database.js';
import type { Logger } from './logger.js';

/**
 * A projection that is behind reads this many times its batch size at once: fewer, bigger set-based
 * statements per event (bench: catch-up 41k → 51k events/s at 4×; 10× was no faster and raised peak
 * RSS). The publisher keeps its batch size: bigger sends drained a Kafka backlog slower (24k → 20k
 * events/s) and took 40 MB more memory.
 */
const CATCH_UP_BATCH_FACTOR = 4;

export interface Workers {
  runners: LogConsumerRunner[];
  /** The publisher's Kafka connection, when Kafka is configured (its readiness is checked through it). */
  sink: EventSink | undefined;
  stop(): Promise<void>;
}

export interface LogConsumers {
  consumers: LogConsumer[];
  /** The Kafka connection behind the publisher, if Kafka is configured; closed by whoever made it. */
  sink: EventSink | undefined;
}

/**
 * The projectors and, when Kafka is configured, the publisher. Without KAFKA_BROKERS the publisher
 * does not run: its checkpoint stays put, so every event is published once Kafka is configured.
 */
export function logConsumers(settings: Settings, logger: Logger, metrics?: ServiceMetrics): LogConsumers {
  const consumers: LogConsumer[] = [...projections];
  const sink = settings.kafkaBrokers.length > 0 ? new KafkajsEventSink(settings, logger) : undefined;
  if (sink) consumers.push(new KafkaPublisher(metrics ? metrics.measuredSink(sink) : sink, settings));
  return { consumers, sink };
}

/** Warns about event types of the domain that a projection neither handles nor ignores on purpose. */
export function reportUnaccountedEventTypes(logger: Logger): void {
  for (const projection of projections) {
    const eventTypes = unaccountedEventTypes(projection, DOMAIN_EVENT_TYPES);
    if (eventTypes.length > 0) {
      logger.warn(
        { projection: projection.name, eventTypes },
        'a projection neither handles nor ignores these event types: add handlers, or list them as ignored',
      );
    }
  }
}

export function startWorkers(
  settings: Settings,
  database: Database,
  store: EventStore,
  logger: Logger,
  wakeUps?: WakeUps,
  metrics?: ServiceMetrics,
): Workers {
  reportUnaccountedEventTypes(logger);
  const { consumers, sink } = logConsumers(settings, logger, metrics);
  if (!sink) logger.warn({}, 'KAFKA_BROKERS is unset: events are kept in the log and published once Kafka is configured');

  const runners = consumers.map(
    (consumer) =>
      new LogConsumerRunner(
        consumer,
        database.pool,
        database.newSession,
        store,
        {
          batchSize: settings.consumerBatchSize,
          catchUpBatchSize: settings.consumerBatchSize * (consumer.delivery === 'transactional' ? CATCH_UP_BATCH_FACTOR : 1),
          pollIntervalMs: settings.consumerPollIntervalMs,
          standbyRetryMs: 1_000,
          maxBackoffMs: 5_000,
          maxAttempts: settings.consumerMaxAttempts,
          leaderCheckIntervalMs: 1_000,
          leaderCheckTimeoutMs: 3_000,
        },
        logger,
        wakeUps,
      ),
  );
  for (const runner of runners) runner.start();
  metrics?.followLogConsumers(runners, database.pool);
  return {
    runners,
    sink,
    async stop() {
      await Promise.all(runners.map((runner) => runner.stop()));
      await sink?.close();
    },
  };
}
