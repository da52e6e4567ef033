import { AlreadyExistsError, type Decider, defineStreamType, NotFoundError, RejectedError } from '../shared/index.js';
import type { TenantCommand } from './tenant.commands.js';
import { DEFAULT_TENANT_CONFIG, DEFAULT_TENANT_NAME, type TenantConfig, type TenantEvent } from './tenant.events.js';

export type TenantState = { status: 'absent' } | { status: 'active'; desc: string; config: TenantConfig } | { status: 'deleted' };

/** One stream per tenant name: creating with "no stream" expectations is what keeps names unique. */
export const tenantStream = defineStreamType('tenant', ['tenant_name']);

export const tenantDecider: Decider<TenantState, TenantCommand, TenantEvent> = {
  streamType: tenantStream.name,
  stateSchema: 1,
  streamId: (command) => tenantStream.id(command.tenantName),
  initialState: () => ({ status: 'absent' }),
  evolve,
  decide,
};

function evolve(_state: TenantState, event: TenantEvent): TenantState {
  switch (event.type) {
    case 'TenantCreated':
    case 'TenantUpdated':
      return { status: 'active', desc: event.data.desc, config: event.data.config };
    case 'TenantDeleted':
      return { status: 'deleted' };
  }
}

function decide(state: TenantState, command: TenantCommand): TenantEvent[] {
  const tenant_name = command.tenantName;
  switch (command.kind) {
    case 'CreateTenant': {
      if (state.status === 'active') throw new AlreadyExistsError(`tenant ${tenant_name} already exists`);
      const config = { ...DEFAULT_TENANT_CONFIG, ...command.config };
      return [{ type: 'TenantCreated', data: { tenant_name, desc: command.desc ?? '', config, create_time: command.now } }];
    }
    case 'UpdateTenant': {
      if (state.status !== 'active') throw new NotFoundError(`tenant ${tenant_name} not found`);
      const desc = command.desc ?? state.desc;
      const config = { ...state.config, ...command.config };
      if (desc === state.desc && sameConfig(config, state.config)) return [];
      return [{ type: 'TenantUpdated', data: { tenant_name, desc, config } }];
    }
    case 'DeleteTenant': {
      if (tenant_name === DEFAULT_TENANT_NAME) throw new RejectedError(`tenant ${DEFAULT_TENANT_NAME} cannot be deleted`);
      if (state.status !== 'active') throw new NotFoundError(`tenant ${tenant_name} not found`);
      return [{ type: 'TenantDeleted', data: { tenant_name } }];
    }
  }
}

function sameConfig(a: TenantConfig, b: TenantConfig): boolean {
  return (Object.keys(DEFAULT_TENANT_CONFIG) as (keyof TenantConfig)[]).every((field) => a[field] === b[field]);
}
