import type { ConnectorType, FailureStrategy } from './connector.events.js';

export class CreateConnector {
  readonly kind = 'CreateConnector';
  constructor(
    readonly tenantName: string,
    readonly name: string,
    readonly connectorType: ConnectorType,
    /** The request's config: a JSON text, checked against the type's fields by `decide`. */
    readonly config: string,
    readonly topicName: string,
    readonly failureStrategy: FailureStrategy,
    /** Unix seconds; the clock is read at the edge so the rules stay pure. */
    readonly now: number,
  ) {}
}

export class DeleteConnector {
  readonly kind = 'DeleteConnector';
  constructor(
    readonly tenantName: string,
    readonly name: string,
  ) {}
}

export type ConnectorCommand = CreateConnector | DeleteConnector;
