import type { SchemaObject } from '@nestjs/swagger';
import type { Settings } from '#libs/config';
import { CONFIG_TYPES, type FieldRule, type FieldSpecs, SECTIONS, UNSIGNED_MAX } from '#libs/domain/cluster-config';
import { staticBrokerConfig } from './broker-config.js';

/**
 * The schemas of the configuration's answers in the OpenAPI document, derived from what makes them:
 * the dynamic sections from their field rules (the ones config/set checks), the static sections from
 * the values this service shows.
 */

function fieldSchema(rule: FieldRule): SchemaObject {
  switch (rule.kind) {
    case 'bool':
      return { type: 'boolean' };
    case 'unsigned':
      return { type: 'integer', minimum: rule.min ?? 0, maximum: UNSIGNED_MAX[rule.width] };
    case 'percent':
      return { type: 'number', minimum: 0, maximum: 100 };
    case 'enum':
      return { type: 'string', enum: [...rule.values] };
    case 'text':
      return { type: 'string', maxLength: rule.maxLength };
    case 'object':
      return sectionSchema(rule.fields);
  }
}

function sectionSchema(fields: FieldSpecs): SchemaObject {
  const properties = Object.fromEntries(Object.entries(fields).map(([name, spec]) => [name, fieldSchema(spec.rule)]));
  return { type: 'object', required: Object.keys(fields), additionalProperties: false, properties };
}

/** The schema a value of the static part has: its types, every field present, the value as the example. */
function schemaOfValue(value: unknown): SchemaObject {
  if (value === null) return { type: 'object', additionalProperties: true, nullable: true };
  if (Array.isArray(value)) return { type: 'array', items: value.length > 0 ? schemaOfValue(value[0]) : {} };
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return {
      type: 'object',
      required: entries.map(([name]) => name),
      properties: Object.fromEntries(entries.map(([name, field]) => [name, schemaOfValue(field)])),
    };
  }
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number', example: value };
  return { type: typeof value as 'string' | 'boolean', example: value };
}

/** The whole BrokerConfig of config/get: the static sections, then each dynamic section under its key. */
export function brokerConfigSchema(settings: Settings): SchemaObject {
  const schema = schemaOfValue(staticBrokerConfig(settings));
  for (const configType of CONFIG_TYPES) {
    const { key, fields } = SECTIONS[configType];
    schema.properties![key] = { ...sectionSchema(fields), description: `config_type ${configType}` };
    schema.required!.push(key);
  }
  return schema;
}

/** A row of config/history. */
export const CONFIG_HISTORY_ROW: SchemaObject = {
  type: 'object',
  required: ['version', 'config_type', 'event_type', 'changes', 'restored_version', 'actor', 'request_id', 'time'],
  properties: {
    version: { type: 'integer', minimum: 1, description: "the configuration's version after this change" },
    config_type: { type: 'string', enum: CONFIG_TYPES },
    event_type: { type: 'string', enum: ['ClusterConfigSet', 'ClusterConfigRolledBack'] },
    changes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'before', 'after'],
        properties: {
          field: { type: 'string', description: 'the path of the field, e.g. cluster.max_topics' },
          before: { description: 'its value before (any JSON value)' },
          after: { description: 'its value after (any JSON value)' },
        },
      },
    },
    restored_version: { type: 'integer', minimum: 0, nullable: true, description: 'the version a rollback restored; null for a set' },
    actor: { type: 'string', nullable: true },
    request_id: { type: 'string', nullable: true },
    time: { type: 'integer', minimum: 0, description: 'unix seconds' },
  },
};

/** config/get's data: a reference to the schema the document adds from `brokerConfigSchema` (it depends on the settings' types only). */
export const BROKER_CONFIG: SchemaObject = { $ref: '#/components/schemas/BrokerConfig' } as SchemaObject;
