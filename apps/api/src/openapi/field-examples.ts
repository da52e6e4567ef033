import type { SchemaObject } from '@nestjs/swagger';

/**
 * Example values of the API's text fields and parameters, by name, for the OpenAPI document: one
 * table, so that a body or a row in the document reads like a real one (and the examples of a create
 * body pass its validation). Enums, numbers and flags get theirs from their schemas. A new text field
 * needs an entry here: the OpenAPI test names every field without an example.
 */
const TEXT_EXAMPLES: Record<string, string> = {
  tenant: 'default',
  tenant_name: 'acme',
  name: 'sensor-rule-1',
  desc: 'what this is for',
  username: 'sensor-7',
  user_name: 'sensor',
  password: 'a-long-random-password',
  resource_name: 'sensor-7',
  topic: 'sensors/+/temperature',
  ip: '10.0.0.0/8',
  topic_name: 'sensors/7/temperature',
  topic_id: '5f0c9a7e2b4d4c1e8a3b6d9f0e1c2a3b',
  connector_name: 'to-kafka',
  config: '{"bootstrap_servers":"127.0.0.1:9092","topic":"mqtt-data"}',
  status: 'Idle',
  broker_id: '-',
  last_msg: 'the last message a broker sent',
  schema_name: 'temperature',
  schema: '{"type":"object","properties":{"value":{"type":"number"}},"required":["value"]}',
  source_topic: 'old/#',
  dest_topic: 'new/topic',
  regex: '^old/(.*)$',
  client_id: 'sensor-7',
  path: 'sensors/#',
  stream: 'tenant-acme',
  event_type: 'TenantCreated',
  actor: 'admin',
  request_id: '0b7e1f9c-2d43-4c8e-9f51-6a2d3b4c5e6f',
  resource_type: 'tenant',
  field: 'cluster.max_topics',
  data: 'sensor-7',
  error: 'tenant acme does not exist',
  message: 'tenant acme does not exist',
  log_level: 'info',
  sort_field: 'tenant_name',
};

/** An example for a field or parameter called `name` with this schema, or undefined when none is known. */
export function exampleFor(name: string, schema: SchemaObject): unknown {
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 0;
  if (schema.type === 'boolean') return false;
  if (schema.type === 'string' && Object.hasOwn(TEXT_EXAMPLES, name)) return TEXT_EXAMPLES[name];
  return undefined;
}
