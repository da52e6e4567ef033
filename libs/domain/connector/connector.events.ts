export const CONNECTOR_TYPES = [
  'kafka',
  'pulsar',
  'rabbitmq',
  'postgres',
  'mysql',
  'mongodb',
  'elasticsearch',
  'redis',
  'webhook',
  'opentsdb',
  'mqtt',
  'clickhouse',
  'influxdb',
  'cassandra',
  's3',
  'file',
  'greptime',
] as const;
export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

export const FAILURE_STRATEGIES = ['discard', 'discard_after_retry', 'dead_message_queue'] as const;

/** What a connector does with a message it could not deliver; the optional fields are kept as given. */
export interface FailureStrategy {
  strategy: (typeof FAILURE_STRATEGIES)[number];
  retry_total_times?: number;
  wait_time_ms?: number;
  /** The dead-letter topic of `dead_message_queue`. */
  topic_name?: string;
}

/**
 * Schema version 1 of each event. `config` is the parsed JSON object of the request's config string:
 * as an object, its secret fields (passwords, tokens) are found and redacted wherever events leave
 * the service (Kafka, read models).
 */
export type ConnectorCreated = {
  type: 'ConnectorCreated';
  data: {
    tenant: string;
    connector_name: string;
    connector_type: ConnectorType;
    config: Record<string, unknown>;
    topic_name: string;
    failure_strategy: FailureStrategy;
    create_time: number;
  };
};

export type ConnectorDeleted = {
  type: 'ConnectorDeleted';
  data: { tenant: string; connector_name: string };
};

export type ConnectorEvent = ConnectorCreated | ConnectorDeleted;

/** Every connector event type; the record's keys make the compiler check the list is complete. */
const CONNECTOR_EVENT_TYPE_RECORD: Record<ConnectorEvent['type'], true> = { ConnectorCreated: true, ConnectorDeleted: true };
export const CONNECTOR_EVENT_TYPES: readonly ConnectorEvent['type'][] = Object.keys(
  CONNECTOR_EVENT_TYPE_RECORD,
) as ConnectorEvent['type'][];
