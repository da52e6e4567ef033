import { AlreadyExistsError, ConflictError, type Decider, defineStreamType, InvalidInputError, NotFoundError } from '../shared/index.js';
import { withinTenant } from '../tenant/within-tenant.js';
import type { SchemaCommand } from './schema.commands.js';
import type { SchemaEvent } from './schema.events.js';
import { schemaTextProblem } from './schema-text.js';

/** `bindings`: the resource names the schema is bound to, sorted. */
export type SchemaState = { status: 'absent' | 'deleted' } | { status: 'active'; bindings: string[] };

/**
 * One stream per (tenant, schema name), holding the schema and its bindings: a delete and a bind of
 * one schema append to the same stream, so one of them sees the other, and no binding outlives its schema.
 */
export const schemaStream = defineStreamType('schema', ['tenant', 'schema_name']);

export const schemaDecider: Decider<SchemaState, SchemaCommand, SchemaEvent> = {
  streamType: schemaStream.name,
  stateSchema: 1,
  streamId: (command) => schemaStream.id(command.tenantName, command.schemaName),
  initialState: () => ({ status: 'absent' }),
  evolve,
  decide,
};

/** Creates and binds need the tenant to exist; deletes and unbinds do not look at it. */
export const schemaInTenant = withinTenant(schemaDecider, ['CreateSchema', 'BindSchema']);

function evolve(state: SchemaState, event: SchemaEvent): SchemaState {
  const bindings = state.status === 'active' ? state.bindings : [];
  switch (event.type) {
    case 'SchemaCreated':
      return { status: 'active', bindings: [] };
    case 'SchemaDeleted':
      return { status: 'deleted' };
    case 'SchemaBound':
      return { status: 'active', bindings: [...bindings, event.data.resource_name].sort() };
    case 'SchemaUnbound':
      return { status: 'active', bindings: bindings.filter((name) => name !== event.data.resource_name) };
  }
}

function decide(state: SchemaState, command: SchemaCommand): SchemaEvent[] {
  const tenant = command.tenantName;
  const schema_name = command.schemaName;
  if (command.kind === 'CreateSchema') {
    if (state.status === 'active') throw new AlreadyExistsError(`schema ${schema_name} already exists in tenant ${tenant}`);
    const problem = schemaTextProblem(command.schemaType, command.schema);
    if (problem) throw new InvalidInputError([`schema: ${problem}`]);
    const { schemaType: schema_type, schema, desc = '', now: create_time } = command;
    return [{ type: 'SchemaCreated', data: { tenant, schema_name, schema_type, schema, desc, create_time } }];
  }
  if (state.status !== 'active') throw new NotFoundError(`schema ${schema_name} not found in tenant ${tenant}`);
  switch (command.kind) {
    case 'DeleteSchema':
      if (state.bindings.length > 0) {
        throw new ConflictError(`schema ${schema_name} is bound to ${state.bindings.join(', ')}: delete those bindings first`);
      }
      return [{ type: 'SchemaDeleted', data: { tenant, schema_name } }];
    case 'BindSchema': {
      const resource_name = command.resourceName;
      if (state.bindings.includes(resource_name))
        throw new AlreadyExistsError(`schema ${schema_name} is already bound to ${resource_name}`);
      return [{ type: 'SchemaBound', data: { tenant, schema_name, resource_name, create_time: command.now } }];
    }
    case 'UnbindSchema': {
      const resource_name = command.resourceName;
      if (!state.bindings.includes(resource_name)) throw new NotFoundError(`schema ${schema_name} is not bound to ${resource_name}`);
      return [{ type: 'SchemaUnbound', data: { tenant, schema_name, resource_name } }];
    }
  }
}
