// A downstream service's view of robustmq-admin's events (docs/events.md): every topic of the prefix,
// duplicates dropped by ce_source + ce_id, offsets committed only once a record is handled, one line
// printed per change. Settings are environment variables; see README.md beside this file.
import { Kafka, logLevel } from 'kafkajs';

const settings = {
  brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',').map((broker) => broker.trim()),
  topicPrefix: process.env.KAFKA_TOPIC_PREFIX ?? 'robustmq.admin.',
  groupId: process.env.GROUP_ID ?? 'robustmq-admin-example-consumer',
  topicRefreshMs: positiveInteger('TOPIC_REFRESH_MS', 5_000),
  dedupCapacity: positiveInteger('DEDUP_CAPACITY', 10_000),
};

/**
 * The ce_source + ce_id seen last, least recently seen first. The publisher resends at most a batch
 * (500 events by default) after a failure, so a capacity well above that catches its redeliveries;
 * a replay (`npm run replay`) resends older events, which only a durable record of handled ids (a table
 * keyed by source and id, written with the change) would catch.
 */
class RecentIds {
  #ids = new Set();
  constructor(capacity) {
    this.capacity = capacity;
  }
  has(id) {
    return this.#ids.has(id);
  }
  add(id) {
    this.#ids.delete(id);
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) this.#ids.delete(this.#ids.values().next().value);
  }
}

const recent = new RecentIds(settings.dedupCapacity);
const kafka = new Kafka({ clientId: settings.groupId, brokers: settings.brokers, logLevel: logLevel.ERROR });
const admin = kafka.admin();
// The service's publisher creates each topic with its partitions; a consumer must not create one first.
const consumer = kafka.consumer({ groupId: settings.groupId, allowAutoTopicCreation: false });
const subscribed = new Set();
let running = false;
let refreshTimer;
let stopping = false;

/** The change as one line: type, stream, version, then the first plain fields of the data. */
function oneLine(headers, data) {
  const type = headers.ce_type.replace(/^io\.robustmq\.admin\./, '');
  const summary = Object.entries(data)
    .filter(([, value]) => value === null || typeof value !== 'object')
    .slice(0, 4)
    .map(([name, value]) => `${name}=${JSON.stringify(value).slice(0, 40)}`)
    .join(' ');
  return `${type} ${headers.ce_subject} v${headers.robustmq_stream_version} ${summary}`.trimEnd();
}

async function handle({ topic, partition, message }) {
  const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
  if (!headers.ce_id || !headers.ce_type || !message.value) {
    process.stderr.write(`skipped a record that is not a robustmq-admin event: ${topic}/${partition}@${message.offset}\n`);
  } else {
    const id = `${headers.ce_source} ${headers.ce_id}`;
    if (!recent.has(id)) process.stdout.write(`${oneLine(headers, JSON.parse(message.value.toString()))}\n`);
    recent.add(id);
  }
  // At least once: the offset is committed only after the record was handled. A crash before this
  // line makes Kafka deliver the record again, and the duplicate check above drops it.
  await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
}

/**
 * Subscribes to the prefix's topics that appeared since the last look: kafkajs matches a subscription
 * only against the topics that exist when it subscribes, and the service creates a topic with the
 * first event of a stream type. New topics are read from their beginning.
 */
async function refreshTopics() {
  const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(settings.topicPrefix) && !subscribed.has(topic));
  if (topics.length === 0) return;
  if (running) await consumer.stop();
  running = false;
  await consumer.subscribe({ topics, fromBeginning: true });
  for (const topic of topics) subscribed.add(topic);
  await consumer.run({ autoCommit: false, eachMessage: handle });
  running = true;
  process.stderr.write(`consuming ${[...subscribed].sort().join(', ')}\n`);
}

function scheduleRefresh() {
  refreshTimer = setTimeout(async () => {
    try {
      await refreshTopics();
    } catch (error) {
      process.stderr.write(`could not look for new topics (will try again): ${error.message}\n`);
    }
    if (!stopping) scheduleRefresh();
  }, settings.topicRefreshMs);
}

async function stop() {
  if (stopping) return;
  stopping = true;
  clearTimeout(refreshTimer);
  await consumer.disconnect();
  await admin.disconnect();
  process.exit(0);
}

function positiveInteger(name, fallback) {
  const text = process.env[name];
  if (text === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(text)) {
    process.stderr.write(`${name} must be a positive integer, got ${JSON.stringify(text)}\n`);
    process.exit(1);
  }
  return Number(text);
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stop());
try {
  await admin.connect();
  await consumer.connect();
  process.stderr.write(`connected to ${settings.brokers.join(',')}, group ${settings.groupId}, topics ${settings.topicPrefix}*\n`);
  await refreshTopics();
} catch (error) {
  process.stderr.write(`cannot consume from Kafka at ${settings.brokers.join(',')}: ${error.message}\n`);
  process.exit(1);
}
scheduleRefresh();
