import { type ITopicConfig, Kafka, logLevel, Partitioners, type LogEntry, type Message, type Producer, type TopicMessages } from 'kafkajs';
import type { Settings } from '#libs/config';
import { MAX_EVENT_BYTES, type StructuredLogger } from '#libs/event-store';
import type { EventSink, OutboundRecord } from './event-sink.js';

/**
 * Topics are created with `kafkaTopicPartitions` partitions, `kafkaReplicationFactor` replicas and
 * `min.insync.replicas` = `kafkaMinInsyncReplicas` (the broker's defaults where unset): with acks -1,
 * a send succeeds only once at least that many in-sync replicas hold the batch.
 */
export type KafkaSinkSettings = Pick<Settings, 'kafkaBrokers' | 'kafkaClientId' | 'kafkaTopicPartitions'> &
  Partial<Pick<Settings, 'kafkaReplicationFactor' | 'kafkaMinInsyncReplicas'>>;

/** How long the broker may take to replicate a batch to all in-sync replicas before it answers with an error. */
const ACK_TIMEOUT_MS = 5_000;

const SEND_RETRY = { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 };

/**
 * Stays below the broker's default `message.max.bytes` (1 MiB per partition batch): one stream's
 * events all go to one partition, so a batch of a long stream could otherwise be refused for ever.
 * The event store refuses any event bigger than this, so a record sent alone always fits.
 */
export const MAX_SEND_BYTES = MAX_EVENT_BYTES;

/** The EventSink on kafkajs: acks from all in-sync replicas, order per key kept across retries. */
export class KafkajsEventSink implements EventSink {
  private readonly kafka: Kafka;
  /** The producer, once asked for; its connection may still be under way. */
  private producer: { producer: Producer; connected: Promise<Producer> } | undefined;
  private readonly existingTopics = new Set<string>();

  /** Without a logger, kafkajs' own log lines are dropped rather than printed to the console. */
  constructor(
    private readonly settings: KafkaSinkSettings,
    private readonly logger?: StructuredLogger,
  ) {
    this.kafka = new Kafka({
      clientId: settings.kafkaClientId,
      brokers: settings.kafkaBrokers,
      // Short timeouts and few retries: a broker that is down makes send() fail within seconds; the
      // log consumer runner then retries the batch with its own back-off, so nothing waits in here.
      connectionTimeout: 3_000,
      // Above ACK_TIMEOUT_MS, so a slow acknowledgement arrives as the broker's error rather than a timeout.
      requestTimeout: 10_000,
      retry: SEND_RETRY,
      logLevel: logger ? logLevel.WARN : logLevel.NOTHING,
      logCreator: () => (entry) => logTo(logger, entry),
    });
  }

  async send(records: readonly OutboundRecord[]): Promise<void> {
    if (records.length === 0) return;
    try {
      await this.createMissingTopics(records);
      const producer = await this.connectedProducer();
      for (const chunk of chunksOfAtMost(MAX_SEND_BYTES, records)) {
        await producer.sendBatch({ acks: -1, timeout: ACK_TIMEOUT_MS, topicMessages: byTopic(chunk) });
      }
    } catch (error) {
      // kafkajs producers can stay stuck on stale connections after a broker restart: start afresh,
      // and look the topics up again in case one was deleted meanwhile.
      await this.discardProducer();
      this.existingTopics.clear();
      throw error;
    }
  }

  /**
   * The producer the sends use: connected already (a failed send discards it, so one that is kept has
   * worked or has not been tried yet), or connected now, on a deadline. On a standby instance, whose
   * publisher sends nothing, this makes the producer that taking over will use.
   */
  async checkConnection(timeoutMs: number): Promise<void> {
    const connecting = this.connectedProducer();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no connection to the Kafka brokers within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([connecting, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.discardProducer();
  }

  private connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer.connected;
    const producer = this.kafka.producer({
      // Java-compatible murmur2: a stream lands on the same partition as with any other Kafka client.
      createPartitioner: Partitioners.DefaultPartitioner,
      // One request in flight per broker, so a retried request cannot overtake a later one.
      maxInFlightRequests: 1,
      // A request whose answer was lost (a timeout, a partition that refused part of a batch) is sent
      // again with the same sequence numbers, and the broker keeps its records once.
      idempotent: true,
      // Bounded, unlike kafkajs' default for idempotent producers: a failed send() discards this
      // producer, and its successor gets a new producer id, so no sequence outlives the failure.
      retry: SEND_RETRY,
      // Topics are created explicitly, with the configured partition count.
      allowAutoTopicCreation: false,
    });
    const current = { producer, connected: producer.connect().then(() => producer) };
    this.producer = current;
    // A connection that fails is not kept: the next send or check starts afresh.
    current.connected.catch(() => {
      if (this.producer === current) this.producer = undefined;
    });
    return current.connected;
  }

  private async discardProducer(): Promise<void> {
    const current = this.producer;
    this.producer = undefined;
    await current?.producer.disconnect().catch(() => undefined);
  }

  private async createMissingTopics(records: readonly OutboundRecord[]): Promise<void> {
    const unseen = [...new Set(records.map((record) => record.topic))].filter((topic) => !this.existingTopics.has(topic));
    if (unseen.length === 0) return;
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      // Asking first keeps kafkajs from logging an error for every topic that already exists.
      const existing = new Set(await admin.listTopics());
      const missing = unseen.filter((topic) => !existing.has(topic));
      if (missing.length > 0) {
        // Its answer is false when another instance created them first, which is just as good.
        await admin.createTopics({ topics: missing.map((topic) => this.newTopic(topic)) });
        this.logger?.info({ topics: missing }, 'created kafka topics');
      }
      for (const topic of unseen) this.existingTopics.add(topic);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private newTopic(topic: string): ITopicConfig {
    const { kafkaTopicPartitions, kafkaReplicationFactor, kafkaMinInsyncReplicas } = this.settings;
    return {
      topic,
      numPartitions: kafkaTopicPartitions,
      ...(kafkaReplicationFactor === undefined ? {} : { replicationFactor: kafkaReplicationFactor }),
      configEntries: kafkaMinInsyncReplicas === undefined ? [] : [{ name: 'min.insync.replicas', value: String(kafkaMinInsyncReplicas) }],
    };
  }
}

/** Splits records, in order, into runs of at most `maxBytes` (a single bigger record runs alone). */
export function chunksOfAtMost(maxBytes: number, records: readonly OutboundRecord[]): OutboundRecord[][] {
  const chunks: OutboundRecord[][] = [];
  let current: OutboundRecord[] = [];
  let currentBytes = 0;
  for (const record of records) {
    const bytes = approximateSize(record);
    if (current.length > 0 && currentBytes + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(record);
    currentBytes += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function approximateSize(record: OutboundRecord): number {
  let bytes = Buffer.byteLength(record.key) + Buffer.byteLength(record.value);
  for (const [name, value] of Object.entries(record.headers)) bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  return bytes;
}

/** Groups records by topic; within a topic they keep their order, which is all the order Kafka keeps. */
function byTopic(records: readonly OutboundRecord[]): TopicMessages[] {
  const messagesByTopic = new Map<string, Message[]>();
  for (const { topic, key, value, headers } of records) {
    const messages = messagesByTopic.get(topic) ?? [];
    messages.push({ key, value, headers });
    messagesByTopic.set(topic, messages);
  }
  return [...messagesByTopic].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * kafkajs logs every failed connection attempt and error response, a dozen lines per send while a
 * broker is down. Each such error is either retried away or rejects send(), whose caller reports it
 * once, so these lines are dropped.
 */
const RETRIED_CONNECTION_NAMESPACES = new Set(['Connection', 'BrokerPool']);

/**
 * Logged for every producer with bounded retries; it does not apply here, as the producer is
 * discarded after a failed send (see `connectedProducer`).
 */
const BOUNDED_RETRIES_WARNING = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';

function logTo(logger: StructuredLogger | undefined, { level, namespace, log }: LogEntry): void {
  if (!logger || RETRIED_CONNECTION_NAMESPACES.has(namespace) || log.message === BOUNDED_RETRIES_WARNING) return;
  const { message, ...details } = log;
  const object = { component: 'kafkajs', namespace, ...details };
  if (level === logLevel.ERROR) logger.error(object, message);
  else if (level === logLevel.WARN) logger.warn(object, message);
  else logger.info(object, message);
}
