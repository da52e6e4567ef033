// A produce request that reached the broker but whose answer was lost is sent again by the client: the
// records must not be written twice. Real Kafka, behind a proxy that swallows exactly that one answer.
import { KafkajsEventSink } from '#libs/messaging';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker.mjs';
import { startKafkaResponseDropper, unusedPort, type KafkaResponseDropper } from '../support/kafka-response-dropper.js';
import { consumeTopic, recordsInTopic, uniqueTopicPrefix } from '../support/kafka-topics.js';

describe('the Kafka sink when the answer to a send is lost', () => {
  let broker: KafkaBroker;
  let dropper: KafkaResponseDropper;

  beforeAll(async () => {
    const jarsDir = process.env.KAFKA_JARS_DIR;
    if (!jarsDir) throw new Error('KAFKA_JARS_DIR is unset: run the tests with `npm test`, which provides the Kafka jars');
    const port = await unusedPort();
    dropper = await startKafkaResponseDropper(port);
    broker = await startKafkaBroker({ jarsDir, port, advertisedPort: dropper.port });
  }, 90_000);
  afterAll(async () => {
    await broker?.close();
    await dropper?.close();
  }, 60_000);

  it('retries the send, and the broker keeps each record once', async () => {
    const topic = `${uniqueTopicPrefix()}tenant`;
    const sink = new KafkajsEventSink({ kafkaBrokers: [broker.brokers], kafkaClientId: 'lost-response-test', kafkaTopicPartitions: 1 });
    const record = (key: string) => ({ topic, key, value: JSON.stringify({ key }), headers: { ce_id: key } });
    try {
      await sink.send([record('before')]);
      dropper.dropNextProduceResponse();
      await sink.send([record('a'), record('b'), record('c')]);
    } finally {
      await sink.close();
    }

    expect(dropper.dropped).toBe(1);
    expect(await recordsInTopic(broker.brokers, topic)).toBe(4);
    const records = await consumeTopic(broker.brokers, topic, 4, 30_000);
    expect(records.map((consumed) => consumed.key)).toEqual(['before', 'a', 'b', 'c']);
  }, 90_000);
});
