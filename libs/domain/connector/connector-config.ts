import { holdsUnstorableText } from '../shared/index.js';
import type { ConnectorType } from './connector.events.js';

/**
 * The fields each connector type cannot do without: RobustMQ's per-type config structs
 * (`metadata-struct/src/connector/config_*.rs`) refuse a config without them, or with them empty.
 * Their other fields have defaults there, and are kept as given here. Decided once, in this table.
 */
export const REQUIRED_CONFIG_FIELDS: Readonly<Record<ConnectorType, readonly string[]>> = {
  kafka: ['bootstrap_servers', 'topic'],
  pulsar: ['server', 'topic'],
  rabbitmq: ['server', 'username', 'exchange'],
  postgres: ['host', 'database', 'username', 'table'],
  mysql: ['host', 'database', 'username', 'table'],
  mongodb: ['host', 'database', 'collection'],
  elasticsearch: ['url', 'index'],
  redis: ['server', 'command_template'],
  webhook: ['url'],
  opentsdb: ['server'],
  mqtt: ['server'],
  clickhouse: ['url', 'database', 'table'],
  influxdb: ['server'],
  cassandra: ['nodes', 'keyspace', 'table'],
  s3: ['bucket'],
  file: ['local_file_path'],
  greptime: ['server_addr', 'database', 'user'],
};

export const CONFIG_MAX_CHARACTERS = 4096;

/**
 * The config object of a connector's JSON text, or the problems with it (`config: ...`). Messages name
 * fields, never values: a config may hold a password.
 */
export function parseConnectorConfig(type: ConnectorType, text: string): { config: Record<string, unknown> } | { problems: string[] } {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return { problems: ['config: must be a JSON text (a string holding a JSON object)'] };
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    return { problems: ['config: must be a JSON object'] };
  }
  if (holdsUnstorableText(config)) return { problems: ['config: must not contain NUL characters or unpaired surrogates'] };
  const fields = config as Record<string, unknown>;
  const problems = REQUIRED_CONFIG_FIELDS[type]
    .filter((field) => !Object.hasOwn(fields, field) || typeof fields[field] !== 'string' || fields[field].trim() === '')
    .map((field) => `config.${field}: is required for a ${type} connector (a non-empty string)`);
  return problems.length > 0 ? { problems } : { config: fields };
}
