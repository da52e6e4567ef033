import type { ConnectorEvent } from '#libs/domain/connector';
import { redactSecrets } from '#libs/domain/shared';
import { foldCase } from '../list-query/index.js';
import { lastPerKey, type ProjectionHandlers, setBased } from '../projection/index.js';

type DataOf<Type extends ConnectorEvent['type']> = Extract<ConnectorEvent, { type: Type }>['data'];

const byIdentity = (data: { tenant: string; connector_name: string }) => JSON.stringify([data.tenant, data.connector_name]);

/** A new connector waits for a broker to take it: Idle, on no broker yet ("-", as RobustMQ shows it). */
const NEW_CONNECTOR = { status: 'Idle', broker_id: '-' };

/**
 * ConnectorCreated / ConnectorDeleted → rows of rm_connectors, one statement per run of events of one
 * type. The config is kept as JSON text with its secrets redacted (the same rule as the Kafka records),
 * so no password or token ever reaches a read model or a response.
 */
export const connectorProjection: ProjectionHandlers = {
  ConnectorCreated: setBased(async (db, events) => {
    const rows = lastPerKey<DataOf<'ConnectorCreated'>>(events, byIdentity).map((data) => ({
      tenant: data.tenant,
      connector_name: data.connector_name,
      connector_name_folded: foldCase(data.connector_name),
      connector_type: data.connector_type,
      config: JSON.stringify(redactSecrets(data.config)),
      topic_name: data.topic_name,
      failure_strategy: data.failure_strategy,
      ...NEW_CONNECTOR,
      create_time: data.create_time,
    }));
    await db.query(
      `INSERT INTO rm_connectors (tenant, connector_name, connector_name_folded, connector_type, config, topic_name,
                                  failure_strategy, status, broker_id, create_time, update_time)
       SELECT tenant, connector_name, connector_name_folded, connector_type, config, topic_name,
              failure_strategy, status, broker_id, create_time, create_time
         FROM jsonb_to_recordset($1::jsonb)
           AS r(tenant text, connector_name text, connector_name_folded text, connector_type text, config text, topic_name text,
                failure_strategy jsonb, status text, broker_id text, create_time bigint)
       ON CONFLICT (tenant, connector_name) DO UPDATE
         SET connector_type = excluded.connector_type, config = excluded.config, topic_name = excluded.topic_name,
             failure_strategy = excluded.failure_strategy, status = excluded.status, broker_id = excluded.broker_id,
             create_time = excluded.create_time, update_time = excluded.update_time,
             last_send_time = 0, send_success_total = 0, send_fail_total = 0, last_msg = NULL`,
      [JSON.stringify(rows)],
    );
  }),
  ConnectorDeleted: setBased(async (db, events) => {
    const keys = lastPerKey<DataOf<'ConnectorDeleted'>>(events, byIdentity);
    await db.query(
      `DELETE FROM rm_connectors USING jsonb_to_recordset($1::jsonb) AS r(tenant text, connector_name text)
        WHERE rm_connectors.tenant = r.tenant AND rm_connectors.connector_name = r.connector_name`,
      [JSON.stringify(keys.map(({ tenant, connector_name }) => ({ tenant, connector_name })))],
    );
  }),
};
