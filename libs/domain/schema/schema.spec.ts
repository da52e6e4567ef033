import { AlreadyExistsError, ConflictError, InvalidInputError, NotFoundError } from '../shared/index.js';
import { deciderSpecification } from '../shared/decider-specification.js';
import { BindSchema, CreateSchema, DeleteSchema, UnbindSchema } from './schema.commands.js';
import type { SchemaEvent } from './schema.events.js';
import { schemaDecider, schemaStream } from './schema.js';

const given = deciderSpecification(schemaDecider);
const NOW = 1_738_800_000;
const JSON_SCHEMA = '{"type":"object","properties":{"temperature":{"type":"number"}}}';

const created: SchemaEvent = {
  type: 'SchemaCreated',
  data: { tenant: 'acme', schema_name: 'sensor', schema_type: 'json', schema: JSON_SCHEMA, desc: '', create_time: NOW },
};
const bound = (resource_name: string): SchemaEvent => ({
  type: 'SchemaBound',
  data: { tenant: 'acme', schema_name: 'sensor', resource_name, create_time: NOW },
});
const unbound = (resource_name: string): SchemaEvent => ({
  type: 'SchemaUnbound',
  data: { tenant: 'acme', schema_name: 'sensor', resource_name },
});
const deleted: SchemaEvent = { type: 'SchemaDeleted', data: { tenant: 'acme', schema_name: 'sensor' } };

describe('schema', () => {
  it('a schema and its bindings share one stream per (tenant, schema name)', () => {
    expect(schemaDecider.streamId(new BindSchema('acme', 'sensor', 'a/#', NOW))).toBe(schemaStream.id('acme', 'sensor'));
    expect(schemaDecider.streamId(new DeleteSchema('acme', 'sensor'))).toBe(schemaStream.id('acme', 'sensor'));
  });

  it('given no schema, when a valid one is created, then it is recorded with an empty desc by default', () =>
    given([])
      .when(new CreateSchema('acme', 'sensor', 'json', JSON_SCHEMA, undefined, NOW))
      .then([created]));

  it('given no schema, when one whose text is not a schema of its type is created, then it is refused naming the parser problem', () =>
    given([])
      .when(new CreateSchema('acme', 'sensor', 'avro', '{"type":"record","name":"A","fields":[{"name":"x","type":"Foo"}]}', '', NOW))
      .thenThrows(InvalidInputError, 'schema: is not a valid Avro schema: undefined type name: Foo'));

  it('given a schema, when it is created again, then it is refused as existing', () =>
    given([created])
      .when(new CreateSchema('acme', 'sensor', 'json', JSON_SCHEMA, '', NOW))
      .thenThrows(AlreadyExistsError, 'schema sensor already exists in tenant acme'));

  it('given a deleted schema, when it is created again, then it is a new schema', () =>
    given([created, deleted])
      .when(new CreateSchema('acme', 'sensor', 'json', JSON_SCHEMA, '', NOW))
      .then([created]));

  it('given a schema, when it is bound to a topic filter, then the binding is recorded on the schema stream', () =>
    given([created])
      .when(new BindSchema('acme', 'sensor', 'sensor/+', NOW))
      .then([bound('sensor/+')]));

  it('given no schema, when it is bound, then it is refused as not found', () =>
    given([])
      .when(new BindSchema('acme', 'sensor', 'sensor/+', NOW))
      .thenThrows(NotFoundError, 'schema sensor not found in tenant acme'));

  it('given a deleted schema, when it is bound, then it is refused as not found', () =>
    given([created, deleted])
      .when(new BindSchema('acme', 'sensor', 'sensor/+', NOW))
      .thenThrows(NotFoundError));

  it('given a binding, when the same binding is created again, then it is refused as existing', () =>
    given([created, bound('sensor/+')])
      .when(new BindSchema('acme', 'sensor', 'sensor/+', NOW))
      .thenThrows(AlreadyExistsError, 'schema sensor is already bound to sensor/+'));

  it('given a bound schema, when it is deleted, then it is refused with 409 naming its bindings', () =>
    given([created, bound('b/#'), bound('a/+')])
      .when(new DeleteSchema('acme', 'sensor'))
      .thenThrows(ConflictError, 'schema sensor is bound to a/+, b/#: delete those bindings first'));

  it('given a schema whose bindings were all deleted, when it is deleted, then the deletion is recorded', () =>
    given([created, bound('a/+'), unbound('a/+')])
      .when(new DeleteSchema('acme', 'sensor'))
      .then([deleted]));

  it('given a binding, when it is deleted, then the unbinding is recorded', () =>
    given([created, bound('a/+')])
      .when(new UnbindSchema('acme', 'sensor', 'a/+'))
      .then([unbound('a/+')]));

  it('given no such binding, when it is deleted, then it is refused as not found', () =>
    given([created])
      .when(new UnbindSchema('acme', 'sensor', 'a/+'))
      .thenThrows(NotFoundError, 'schema sensor is not bound to a/+'));

  it('given no schema, when it is deleted, then it is refused as not found', () =>
    given([]).when(new DeleteSchema('acme', 'sensor')).thenThrows(NotFoundError, 'schema sensor not found in tenant acme'));
});
