// The topics the publisher creates carry KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS,
// against the real (single-broker) test Kafka.
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { KafkajsEventSink } from '#libs/messaging';
import { uniqueTopicPrefix } from '../support/kafka-topics.js';

const brokers = () => process.env.KAFKA_BROKERS!;

async function describeTopic(topic: string) {
  const admin = new Kafka({ clientId: 'topic-settings-test', brokers: [brokers()], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const { resources } = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }],
      includeSynonyms: false,
    });
    return {
      partitions: metadata!.partitions.length,
      replicas: metadata!.partitions[0]!.replicas.length,
      minInsyncReplicas: resources[0]!.configEntries.find((entry) => entry.configName === 'min.insync.replicas')?.configValue,
    };
  } finally {
    await admin.disconnect();
  }
}

const record = (topic: string) => ({ topic, key: 'k', value: '{}', headers: {} });

describe('topics created by the publisher', () => {
  it('have the configured partitions, replication factor and min.insync.replicas (single-broker values)', async () => {
    const topic = `${uniqueTopicPrefix()}tenant`;
    const sink = new KafkajsEventSink({
      kafkaBrokers: [brokers()],
      kafkaClientId: 'topic-settings-test',
      kafkaTopicPartitions: 2,
      kafkaReplicationFactor: 1,
      kafkaMinInsyncReplicas: 1,
    });
    try {
      await sink.send([record(topic)]);
    } finally {
      await sink.close();
    }

    expect(await describeTopic(topic)).toEqual({ partitions: 2, replicas: 1, minInsyncReplicas: '1' });
  }, 60_000);

  it('carry a min.insync.replicas other than the broker default of 1', async () => {
    // A single broker holds one replica, and caps the effective minimum at the replica count (Kafka 3.7+),
    // so a send still succeeds; what this shows is that the setting reaches the topic.
    const topic = `${uniqueTopicPrefix()}tenant`;
    const sink = new KafkajsEventSink({
      kafkaBrokers: [brokers()],
      kafkaClientId: 'topic-settings-test',
      kafkaTopicPartitions: 1,
      kafkaReplicationFactor: 1,
      kafkaMinInsyncReplicas: 2,
    });
    try {
      await sink.send([record(topic)]);
    } finally {
      await sink.close();
    }

    expect(await describeTopic(topic)).toEqual({ partitions: 1, replicas: 1, minInsyncReplicas: '2' });
  }, 60_000);
});
