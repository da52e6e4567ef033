import { AlreadyExistsError, type Decider, type NewEvent, NotFoundError, type StreamType } from '../shared/index.js';

/** A command on a resource named within a tenant: its identity is (tenant, name) (API-CONTRACT §5). */
export interface TenantResourceCommand {
  kind: string;
  tenantName: string;
  name: string;
}

/** Like a tenant's: never created, created, or deleted (and creatable again). */
export type TenantResourceState = { status: 'absent' | 'active' | 'deleted' };

export interface CreateDeleteRules<Create extends TenantResourceCommand, Delete extends TenantResourceCommand, Event extends NewEvent> {
  /** Identity parts (tenant, name). */
  stream: StreamType<readonly [string, string]>;
  /** How messages name the resource, e.g. `acl rule`. */
  noun: string;
  createKind: Create['kind'];
  createdType: Event['type'];
  created(command: Create): Event;
  deleted(command: Delete): Event;
}

/**
 * The rules of a resource that is only created and deleted, never updated (ACL rules, blacklist
 * entries): creating an existing one is refused (409; no upsert, unlike the real server), deleting a
 * missing one too (404). A deleted one can be created again, on the same stream. Whether the tenant
 * exists is `withinTenant`'s rule, around this decider.
 */
export function createDeleteDecider<Create extends TenantResourceCommand, Delete extends TenantResourceCommand, Event extends NewEvent>(
  rules: CreateDeleteRules<Create, Delete, Event>,
): Decider<TenantResourceState, Create | Delete, Event> {
  return {
    streamType: rules.stream.name,
    stateSchema: 1,
    streamId: (command) => rules.stream.id(command.tenantName, command.name),
    initialState: () => ({ status: 'absent' }),
    evolve: (_state, event) => ({ status: event.type === rules.createdType ? 'active' : 'deleted' }),
    decide: ({ status }, command) => {
      const what = `${rules.noun} ${command.name}`;
      if (command.kind === rules.createKind) {
        if (status === 'active') throw new AlreadyExistsError(`${what} already exists in tenant ${command.tenantName}`);
        return [rules.created(command as Create)];
      }
      if (status !== 'active') throw new NotFoundError(`${what} not found in tenant ${command.tenantName}`);
      return [rules.deleted(command as Delete)];
    },
  };
}
