import { isSystemTopic } from '#libs/domain/shared';
import { type TopicEvent, topicKey } from '#libs/domain/topic';
import { foldCase } from '../list-query/index.js';
import { lastPerKey, type ProjectionHandlers, setBased } from '../projection/index.js';

type DataOf<Type extends TopicEvent['type']> = Extract<TopicEvent, { type: Type }>['data'];

const byTenantAndName = (data: { tenant: string; topic_name: string }) => JSON.stringify([data.tenant, data.topic_name]);

/**
 * TopicCreated / TopicDeleted → rows of rm_topics, one statement per run of events of one type. A
 * topic created again after its deletion replaces the row, with its new id. The counter stream's
 * TopicCountChanged is for the quota only: lists count rows (rm_counts).
 */
export const topicProjection: ProjectionHandlers = {
  TopicCreated: setBased(async (db, events) => {
    const rows = lastPerKey<DataOf<'TopicCreated'>>(events, byTenantAndName).map((data) => ({
      ...data,
      topic_key: topicKey(data.topic_name),
      topic_name_folded: foldCase(data.topic_name),
      topic_type: isSystemTopic(data.topic_name) ? 'system' : 'normal',
    }));
    await db.query(
      `INSERT INTO rm_topics (tenant, topic_key, topic_name, topic_name_folded, topic_type, topic_id, storage_type, source,
                              partition, replication, config, create_time)
       SELECT tenant, topic_key, topic_name, topic_name_folded, topic_type, topic_id, storage_type, source,
              partition, replication, config, create_time
         FROM jsonb_to_recordset($1::jsonb)
           AS r(tenant text, topic_key text, topic_name text, topic_name_folded text, topic_type text, topic_id text,
                storage_type text, source text, partition integer, replication integer, config jsonb, create_time bigint)
       ON CONFLICT (tenant, topic_key) DO UPDATE
         SET topic_name = excluded.topic_name, topic_name_folded = excluded.topic_name_folded, topic_type = excluded.topic_type,
             topic_id = excluded.topic_id, storage_type = excluded.storage_type, source = excluded.source,
             partition = excluded.partition, replication = excluded.replication, config = excluded.config,
             create_time = excluded.create_time`,
      [JSON.stringify(rows)],
    );
  }),
  TopicDeleted: setBased(async (db, events) => {
    const rows = lastPerKey<DataOf<'TopicDeleted'>>(events, byTenantAndName).map((data) => ({
      tenant: data.tenant,
      topic_key: topicKey(data.topic_name),
    }));
    await db.query(
      `DELETE FROM rm_topics USING jsonb_to_recordset($1::jsonb) AS r(tenant text, topic_key text)
        WHERE rm_topics.tenant = r.tenant AND rm_topics.topic_key = r.topic_key`,
      [JSON.stringify(rows)],
    );
  }),
};
