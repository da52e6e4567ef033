import { defineStreamType, InvalidInputError } from '../shared/index.js';
import { createDeleteDecider, withinTenant } from '../tenant/index.js';
import type { CreateConnector, DeleteConnector } from './connector.commands.js';
import { parseConnectorConfig } from './connector-config.js';
import type { ConnectorCreated, ConnectorEvent } from './connector.events.js';

/** One stream per (tenant, connector name), so names are unique within a tenant (API-CONTRACT §5). */
export const connectorStream = defineStreamType('connector', ['tenant', 'connector_name']);

export const connectorDecider = createDeleteDecider<CreateConnector, DeleteConnector, ConnectorEvent>({
  stream: connectorStream,
  noun: 'connector',
  createKind: 'CreateConnector',
  createdType: 'ConnectorCreated',
  created,
  deleted: ({ tenantName, name }) => ({ type: 'ConnectorDeleted', data: { tenant: tenantName, connector_name: name } }),
});

/** What the API runs: a connector is created only in a tenant that exists; deleting one does not look at the tenant. */
export const connectorInTenant = withinTenant(connectorDecider, ['CreateConnector']);

/** The created event, once the config fits the connector's type and the failure strategy is complete. */
function created(command: CreateConnector): ConnectorCreated {
  const parsed = parseConnectorConfig(command.connectorType, command.config);
  const problems = 'problems' in parsed ? [...parsed.problems] : [];
  if (command.failureStrategy.strategy === 'dead_message_queue' && command.failureStrategy.topic_name === undefined) {
    problems.push('failure_strategy.topic_name: is required for dead_message_queue (the dead-letter topic)');
  }
  if ('problems' in parsed || problems.length > 0) throw new InvalidInputError(problems);
  const data = {
    tenant: command.tenantName,
    connector_name: command.name,
    connector_type: command.connectorType,
    config: parsed.config,
    topic_name: command.topicName,
    failure_strategy: command.failureStrategy,
    create_time: command.now,
  };
  return { type: 'ConnectorCreated', data };
}
