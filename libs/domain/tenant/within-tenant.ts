import { type CrossStreamDecider, type Decider, type NewEvent, NotFoundError } from '../shared/index.js';
import { tenantDecider, type TenantState, tenantStream } from './tenant.js';
import type { TenantEvent } from './tenant.events.js';

export type WithinTenantStreams<State, Event extends NewEvent> = {
  tenant: { state: TenantState; event: TenantEvent };
  resource: { state: State; event: Event };
};

/**
 * A resource that lives in a tenant (users, ACL rules, topics, ...): its commands listed in
 * `needTenant` (the creates) are decided only while the tenant exists, read on the tenant's stream in
 * the event store, never on a read model that may lag. The append requires the tenant's stream to be
 * still at the version read, so a tenant deleted meanwhile makes the command retry and fail with 404.
 * Other commands (a delete) do not look at the tenant: deleting a tenant does not cascade, and what it
 * leaves behind can still be deleted.
 */
export function withinTenant<State, Command extends { kind: string; tenantName: string }, Event extends NewEvent>(
  resource: Decider<State, Command, Event>,
  needTenant: readonly Command['kind'][],
): CrossStreamDecider<Command, WithinTenantStreams<State, Event>> {
  return {
    streams: (command) => ({
      tenant: { id: tenantStream.id(command.tenantName), fold: tenantDecider },
      resource: { id: resource.streamId(command), fold: resource },
    }),
    decide: ({ tenant, resource: state }, command) => {
      if (needTenant.includes(command.kind) && tenant.status !== 'active') {
        throw new NotFoundError(`tenant ${command.tenantName} not found`);
      }
      return { resource: resource.decide(state, command) };
    },
  };
}
