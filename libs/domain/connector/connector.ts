import { AlreadyExistsError, type Decider, defineStreamType, InvalidInputError, NotFoundError } from '../shared/index.js';
import { withinTenant } from '../tenant/within-tenant.js';
import type { ConnectorCommand } from './connector.commands.js';
import { parseConnectorConfig } from './connector-config.js';
import type { ConnectorEvent } from './connector.events.js';

export type ConnectorState = { status: 'absent' | 'active' | 'deleted' };

/** One stream per (tenant, connector name), so names are unique within a tenant (API-CONTRACT §5). */
export const connectorStream = defineStreamType('connector', ['tenant', 'connector_name']);

export const connectorDecider: Decider<ConnectorState, ConnectorCommand, ConnectorEvent> = {
  streamType: connectorStream.name,
  stateSchema: 1,
  streamId: (command) => connectorStream.id(command.tenantName, command.connectorName),
  initialState: () => ({ status: 'absent' }),
  evolve: (_state, event) => ({ status: event.type === 'ConnectorCreated' ? 'active' : 'deleted' }),
  decide,
};

export const connectorInTenant = withinTenant(connectorDecider, ['CreateConnector']);

function decide(state: ConnectorState, command: ConnectorCommand): ConnectorEvent[] {
  const tenant = command.tenantName;
  const connector_name = command.connectorName;
  switch (command.kind) {
    case 'CreateConnector': {
      if (state.status === 'active') throw new AlreadyExistsError(`connector ${connector_name} already exists in tenant ${tenant}`);
      const parsed = parseConnectorConfig(command.connectorType, command.config);
      const problems = 'problems' in parsed ? [...parsed.problems] : [];
      if (command.failureStrategy.strategy === 'dead_message_queue' && command.failureStrategy.topic_name === undefined) {
        problems.push('failure_strategy.topic_name: is required for dead_message_queue (the dead-letter topic)');
      }
      if ('problems' in parsed || problems.length > 0) throw new InvalidInputError(problems);
      const data = {
        tenant,
        connector_name,
        connector_type: command.connectorType,
        config: parsed.config,
        topic_name: command.topicName,
        failure_strategy: command.failureStrategy,
        create_time: command.now,
      };
      return [{ type: 'ConnectorCreated', data }];
    }
    case 'DeleteConnector':
      if (state.status !== 'active') throw new NotFoundError(`connector ${connector_name} not found in tenant ${tenant}`);
      return [{ type: 'ConnectorDeleted', data: { tenant, connector_name } }];
  }
}
