export const SCHEMA_TYPES = ['json', 'avro', 'protobuf'] as const;
export type SchemaType = (typeof SCHEMA_TYPES)[number];

/** Schema version 1 of each event; upcasters for later versions live beside this file. */
export type SchemaCreated = {
  type: 'SchemaCreated';
  data: { tenant: string; schema_name: string; schema_type: SchemaType; schema: string; desc: string; create_time: number };
};

export type SchemaDeleted = {
  type: 'SchemaDeleted';
  data: { tenant: string; schema_name: string };
};

/** A binding lives on its schema's stream, so a schema and its bindings change in one order. */
export type SchemaBound = {
  type: 'SchemaBound';
  data: { tenant: string; schema_name: string; resource_name: string; create_time: number };
};

export type SchemaUnbound = {
  type: 'SchemaUnbound';
  data: { tenant: string; schema_name: string; resource_name: string };
};

export type SchemaEvent = SchemaCreated | SchemaDeleted | SchemaBound | SchemaUnbound;

/** Every schema event type; the record's keys make the compiler check the list is complete. */
const SCHEMA_EVENT_TYPE_RECORD: Record<SchemaEvent['type'], true> = {
  SchemaCreated: true,
  SchemaDeleted: true,
  SchemaBound: true,
  SchemaUnbound: true,
};
export const SCHEMA_EVENT_TYPES: readonly SchemaEvent['type'][] = Object.keys(SCHEMA_EVENT_TYPE_RECORD) as SchemaEvent['type'][];
