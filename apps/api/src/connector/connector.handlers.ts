import { CommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { type CommandOutcome, runCommandAcross } from '#libs/application';
import { type ConnectorCommand, connectorInTenant, CreateConnector, DeleteConnector } from '#libs/domain/connector';
import { NotFoundError } from '#libs/domain/shared';
import { EventStore } from '#libs/event-store';
import {
  type ConnectorDetail,
  type ConnectorRow,
  connectorList,
  findConnector,
  GetConnector,
  ListConnectors,
} from '#libs/read-models/connector';
import { type ListPage, queryList } from '#libs/read-models/list-query';
import { DATABASE_POOL } from '../tokens.js';

/** Every connector command: the connector's stream, and the tenant's for a create (it must exist). */
@Injectable()
abstract class ConnectorCommandHandler<Command extends ConnectorCommand> {
  constructor(private readonly store: EventStore) {}

  execute(command: Command): Promise<CommandOutcome> {
    return runCommandAcross(this.store, connectorInTenant, command);
  }
}

@CommandHandler(CreateConnector)
export class CreateConnectorHandler extends ConnectorCommandHandler<CreateConnector> {}

@CommandHandler(DeleteConnector)
export class DeleteConnectorHandler extends ConnectorCommandHandler<DeleteConnector> {}

@QueryHandler(ListConnectors)
export class ListConnectorsHandler implements IQueryHandler<ListConnectors, ListPage<ConnectorRow>> {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  execute({ request }: ListConnectors): Promise<ListPage<ConnectorRow>> {
    return queryList(this.pool, connectorList, request);
  }
}

@QueryHandler(GetConnector)
export class GetConnectorHandler implements IQueryHandler<GetConnector, ConnectorDetail> {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  async execute(query: GetConnector): Promise<ConnectorDetail> {
    const detail = await findConnector(this.pool, query);
    if (!detail) throw new NotFoundError(`connector ${query.connectorName} not found in tenant ${query.tenant}`);
    return detail;
  }
}
