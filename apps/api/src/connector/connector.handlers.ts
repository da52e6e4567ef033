import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { NotFoundError } from '#libs/domain/shared';
import { type ConnectorDetail, findConnector, GetConnector } from '#libs/read-models/connector';
import { DATABASE_POOL } from '../tokens.js';

@QueryHandler(GetConnector)
export class GetConnectorHandler implements IQueryHandler<GetConnector, ConnectorDetail> {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  async execute(query: GetConnector): Promise<ConnectorDetail> {
    const detail = await findConnector(this.pool, query);
    if (!detail) throw new NotFoundError(`connector ${query.connectorName} not found in tenant ${query.tenant}`);
    return detail;
  }
}
