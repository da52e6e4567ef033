import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppendObserver, AppendOutcome, LogConsumerRunner, Queryable } from '#libs/event-store';
import type { EventSink, OutboundRecord } from '#libs/messaging';
import { type ConsumerLag, ConsumerLagSampler } from './consumer-lag.js';

const PREFIX = 'robustmq_admin_';

/** The route label of requests no route serves: one value, so that random URLs cannot grow the series. */
export const UNROUTED = '(no route)';

/** From 1 ms (an append) to 10 s (a command waiting for read-your-writes, a statement timing out). */
const SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type RequestLabels = 'method' | 'route' | 'status';

/**
 * Every metric of one process, in a registry of its own (no global state: tests run several
 * services in one process). The libraries report through small interfaces (`AppendObserver`, the
 * `EventSink` wrapped by `measuredSink`, the runners' `status()`), so only this lib knows prom-client.
 */
export class ServiceMetrics implements AppendObserver {
  readonly registry = new Registry();
  private readonly requests: Counter<RequestLabels>;
  private readonly requestSeconds: Histogram<RequestLabels>;
  private readonly appendSeconds: Histogram<'outcome'>;
  private readonly appendConflicts: Counter;
  private readonly kafkaSendErrors: Counter;
  private readonly kafkaRecordsSent: Counter;
  private followed: { runners: readonly LogConsumerRunner[]; lag: ConsumerLagSampler } | undefined;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: `${PREFIX}http_requests_total`,
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'Time from receiving an HTTP request to the end of its answer, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.appendSeconds = new Histogram({
      name: `${PREFIX}event_append_duration_seconds`,
      help: 'Time of one append to the event log, by outcome (appended, conflict, failed).',
      labelNames: ['outcome'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.appendConflicts = new Counter({
      name: `${PREFIX}event_append_conflicts_total`,
      help: 'Appends refused because another writer changed a stream first (the command is retried, or answers 409).',
      registers,
    });
    this.kafkaSendErrors = new Counter({
      name: `${PREFIX}kafka_send_errors_total`,
      help: 'Sends to Kafka that failed (the publisher retries the batch later, or parks a record Kafka refuses).',
      registers,
    });
    this.kafkaRecordsSent = new Counter({
      name: `${PREFIX}kafka_records_sent_total`,
      help: 'Records Kafka acknowledged.',
      registers,
    });
    this.logConsumerGauge('lag_events', 'Committed events after the log consumer checkpoint.', (lag) => lag.events);
    this.logConsumerGauge(
      'lag_seconds',
      'Age of the oldest event the log consumer has not handled yet (0 when caught up).',
      (lag) => lag.seconds,
    );
    this.logConsumerGauge('parked_events', 'Events the log consumer parked (npm run parked -- list).', (lag) => lag.parked);
    const leader: Gauge<'consumer'> = new Gauge({
      name: `${PREFIX}log_consumer_leader`,
      help: 'Whether this process runs the log consumer (1, it holds its lock) or stands by (0).',
      labelNames: ['consumer'],
      registers,
      collect: () => {
        for (const { name, isLeader } of this.followed?.runners.map((runner) => runner.status()) ?? []) {
          leader.set({ consumer: name }, isLeader ? 1 : 0);
        }
      },
    });
  }

  appendFinished(outcome: AppendOutcome, seconds: number): void {
    this.appendSeconds.observe({ outcome }, seconds);
    if (outcome === 'conflict') this.appendConflicts.inc();
  }

  /** `route` is the pattern of the route that matched (`/api/cluster/tenant/list`), never the URL. */
  requestFinished(method: string, route: string | undefined, status: number, seconds: number): void {
    const labels = { method, route: route ?? UNROUTED, status: String(status) };
    this.requests.inc(labels);
    this.requestSeconds.observe(labels, seconds);
  }

  /** The sink, counting the records Kafka acknowledged and the sends that failed. */
  measuredSink(sink: EventSink): EventSink {
    const { kafkaSendErrors, kafkaRecordsSent } = this;
    return {
      async send(records: readonly OutboundRecord[]) {
        try {
          await sink.send(records);
        } catch (error) {
          kafkaSendErrors.inc();
          throw error;
        }
        kafkaRecordsSent.inc(records.length);
      },
      checkConnection: (timeoutMs: number) => sink.checkConnection(timeoutMs),
      close: () => sink.close(),
    };
  }

  /** Reports the lag, parked events and leadership of these runners; `db` answers the lag query. */
  followLogConsumers(runners: readonly LogConsumerRunner[], db: Queryable): void {
    const lag = new ConsumerLagSampler(db, () => runners.map((runner) => runner.status().name));
    this.followed = { runners, lag };
  }

  /** The Prometheus text exposition of every metric. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private logConsumerGauge(name: string, help: string, value: (lag: ConsumerLag) => number): void {
    const gauge: Gauge<'consumer'> = new Gauge({
      name: `${PREFIX}log_consumer_${name}`,
      help,
      labelNames: ['consumer'],
      registers: [this.registry],
      collect: async () => {
        if (!this.followed) return;
        for (const [consumer, lag] of await this.followed.lag.current()) gauge.set({ consumer }, value(lag));
      },
    });
  }
}
