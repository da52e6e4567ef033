import { AlreadyExistsError, InvalidInputError, NotFoundError } from '../shared/index.js';
import { deciderSpecification } from '../shared/decider-specification.js';
import { CreateConnector, DeleteConnector } from './connector.commands.js';
import { CONNECTOR_TYPES, type ConnectorEvent } from './connector.events.js';
import { connectorDecider } from './connector.js';
import { parseConnectorConfig, REQUIRED_CONFIG_FIELDS } from './connector-config.js';

const given = deciderSpecification(connectorDecider);
const NOW = 1_738_800_000;
const KAFKA_CONFIG = { bootstrap_servers: 'kafka:9092', topic: 'sensor-data', sasl_password: 'secret' };

const createKafka = (config: string = JSON.stringify(KAFKA_CONFIG), failure_strategy: object = { strategy: 'discard' }) =>
  new CreateConnector('acme', 'kafka-sink', 'kafka', config, 'sensor/temperature', failure_strategy as never, NOW);

const created: ConnectorEvent = {
  type: 'ConnectorCreated',
  data: {
    tenant: 'acme',
    connector_name: 'kafka-sink',
    connector_type: 'kafka',
    config: KAFKA_CONFIG,
    topic_name: 'sensor/temperature',
    failure_strategy: { strategy: 'discard' },
    create_time: NOW,
  },
};

describe('connector', () => {
  it('given no connector, when a kafka connector is created, then its config is recorded as an object', () =>
    given([]).when(createKafka()).then([created]));

  it('given a connector, when it is created again, then it is refused as existing', () =>
    given([created]).when(createKafka()).thenThrows(AlreadyExistsError, 'connector kafka-sink already exists in tenant acme'));

  it('given no connector, when its config is not JSON, then it is refused without echoing the text', () =>
    given([])
      .when(createKafka('{"sasl_password": hunter2}'))
      .thenThrows(InvalidInputError, 'config: must be a JSON text (a string holding a JSON object)'));

  it.each(['[]', '"text"', '42', 'null'])(
    'given no connector, when its config is the JSON %s, then it is refused as not an object',
    (config) => given([]).when(createKafka(config)).thenThrows(InvalidInputError, 'config: must be a JSON object'),
  );

  it.each([
    ['a NUL in a value', '{"bootstrap_servers":"b:9092","topic":"t","password":"pw\\u0000"}'],
    ['a NUL in a key, deep down', '{"bootstrap_servers":"b:9092","topic":"t","sasl":[{"pass\\u0000":"pw"}]}'],
    ['an unpaired surrogate', '{"bootstrap_servers":"b:9092","topic":"t","password":"\\ud800"}'],
  ])(
    'given no connector, when its config holds %s (escaped in the JSON text), then it is refused before Postgres sees it',
    (_case, config) =>
      given([]).when(createKafka(config)).thenThrows(InvalidInputError, 'config: must not contain NUL characters or unpaired surrogates'),
  );

  it('given no connector, when a kafka config lacks topic and has an empty bootstrap_servers, then both fields are named', () =>
    given([])
      .when(createKafka('{"bootstrap_servers":" "}'))
      .thenThrows(
        InvalidInputError,
        'config.bootstrap_servers: is required for a kafka connector (a non-empty string); config.topic: is required for a kafka connector (a non-empty string)',
      ));

  it('given no connector, when the strategy is dead_message_queue without a topic, then it is refused', () =>
    given([])
      .when(createKafka(undefined, { strategy: 'dead_message_queue' }))
      .thenThrows(InvalidInputError, 'failure_strategy.topic_name: is required for dead_message_queue (the dead-letter topic)'));

  it('given no connector, when the strategy is dead_message_queue with a topic, then the strategy is kept as given', () =>
    given([])
      .when(createKafka(undefined, { strategy: 'dead_message_queue', topic_name: 'dlq/sensor', retry_total_times: 5 }))
      .then([
        {
          ...created,
          data: { ...created.data, failure_strategy: { strategy: 'dead_message_queue', topic_name: 'dlq/sensor', retry_total_times: 5 } },
        },
      ] as ConnectorEvent[]));

  it('given a connector, when it is deleted, then the deletion is recorded; deleting it again is refused as not found', () => {
    given([created])
      .when(new DeleteConnector('acme', 'kafka-sink'))
      .then([{ type: 'ConnectorDeleted', data: { tenant: 'acme', connector_name: 'kafka-sink' } }]);
    given([created, { type: 'ConnectorDeleted', data: { tenant: 'acme', connector_name: 'kafka-sink' } }])
      .when(new DeleteConnector('acme', 'kafka-sink'))
      .thenThrows(NotFoundError, 'connector kafka-sink not found in tenant acme');
  });

  it('every connector type of the API document, and greptime, has its required fields, and a config with them all is accepted', () => {
    expect(Object.keys(REQUIRED_CONFIG_FIELDS).sort()).toEqual([...CONNECTOR_TYPES].sort());
    for (const type of CONNECTOR_TYPES) {
      const config = Object.fromEntries(REQUIRED_CONFIG_FIELDS[type].map((field) => [field, 'x']));
      expect({ type, parsed: parseConnectorConfig(type, JSON.stringify(config)) }).toEqual({ type, parsed: { config } });
      expect({ type, parsed: parseConnectorConfig(type, '{}') }).toEqual({ type, parsed: { problems: expect.any(Array) } });
    }
  });
});
