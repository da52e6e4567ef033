import type { Queryable } from '#libs/event-store';
import type { FailureStrategy } from '#libs/domain/connector';
import type { ListSpec } from '../list-query/index.js';

/** A list row: RobustMQ's ConnectorListRow, with unix-second times (API-CONTRACT §5), and the failure strategy. */
export interface ConnectorRow {
  tenant: string;
  connector_name: string;
  connector_type: string;
  /** JSON text, secrets redacted. */
  config: string;
  topic_name: string;
  failure_strategy: FailureStrategy;
  status: string;
  broker_id: string;
  create_time: number;
  update_time: number;
}

/** The detail: the list row plus the delivery statistics (0/0/0/null until a broker reports them). */
export interface ConnectorDetail extends ConnectorRow {
  last_send_time: number;
  send_success_total: number;
  send_fail_total: number;
  last_msg: string | null;
}

export const connectorList: ListSpec<ConnectorRow> = {
  table: 'rm_connectors',
  sortable: {
    tenant: 'tenant',
    connector_name: 'connector_name',
    connector_type: 'connector_type',
    topic_name: 'topic_name',
    status: 'status',
    broker_id: 'broker_id',
  },
  filters: {
    tenant: { column: 'tenant', match: 'exact' },
    connector_name: { column: 'connector_name_folded', match: 'fuzzy' },
  },
  naturalOrder: ['tenant', 'connector_name'],
  tenantColumn: 'tenant',
  toRow: (record) => ({
    tenant: record.tenant as string,
    connector_name: record.connector_name as string,
    connector_type: record.connector_type as string,
    config: record.config as string,
    topic_name: record.topic_name as string,
    failure_strategy: record.failure_strategy as FailureStrategy,
    status: record.status as string,
    broker_id: record.broker_id as string,
    create_time: Number(record.create_time),
    update_time: Number(record.update_time),
  }),
};

export class GetConnector {
  constructor(
    readonly tenant: string,
    readonly connectorName: string,
  ) {}
}

/** The connector's detail, or undefined when there is no such connector. */
export async function findConnector(db: Queryable, { tenant, connectorName }: GetConnector): Promise<ConnectorDetail | undefined> {
  const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM rm_connectors WHERE tenant = $1 AND connector_name = $2', [
    tenant,
    connectorName,
  ]);
  const [record] = rows;
  if (!record) return undefined;
  return {
    ...connectorList.toRow(record),
    last_send_time: Number(record.last_send_time),
    send_success_total: Number(record.send_success_total),
    send_fail_total: Number(record.send_fail_total),
    last_msg: (record.last_msg as string | null) ?? null,
  };
}
