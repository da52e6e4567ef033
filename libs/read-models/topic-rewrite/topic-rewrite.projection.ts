import type { TopicRewriteEvent } from '#libs/domain/topic-rewrite';
import { foldCase } from '../list-query/index.js';
import { lastPerKey, type ProjectionHandlers, setBased } from '../projection/index.js';

type DataOf<Type extends TopicRewriteEvent['type']> = Extract<TopicRewriteEvent, { type: Type }>['data'];

const byTenantAndName = (data: { tenant: string; name: string }) => JSON.stringify([data.tenant, data.name]);

/** TopicRewriteCreated / TopicRewriteDeleted → rows of rm_topic_rewrites, one statement per run of events of one type. */
export const topicRewriteProjection: ProjectionHandlers = {
  TopicRewriteCreated: setBased(async (db, events) => {
    const rows = lastPerKey<DataOf<'TopicRewriteCreated'>>(events, byTenantAndName).map((data) => ({
      ...data,
      tenant_folded: foldCase(data.tenant),
      name_folded: foldCase(data.name),
    }));
    await db.query(
      `INSERT INTO rm_topic_rewrites (tenant, name, tenant_folded, name_folded, description, action, source_topic, dest_topic, regex, create_time)
       SELECT tenant, name, tenant_folded, name_folded, "desc", action, source_topic, dest_topic, regex, create_time
         FROM jsonb_to_recordset($1::jsonb)
           AS r(tenant text, name text, tenant_folded text, name_folded text, "desc" text, action text, source_topic text,
                dest_topic text, regex text, create_time bigint)
       ON CONFLICT (tenant, name) DO UPDATE
         SET description = excluded.description, action = excluded.action, source_topic = excluded.source_topic,
             dest_topic = excluded.dest_topic, regex = excluded.regex, create_time = excluded.create_time`,
      [JSON.stringify(rows)],
    );
  }),
  TopicRewriteDeleted: setBased(async (db, events) => {
    const rows = lastPerKey<DataOf<'TopicRewriteDeleted'>>(events, byTenantAndName);
    await db.query(
      `DELETE FROM rm_topic_rewrites USING jsonb_to_recordset($1::jsonb) AS r(tenant text, name text)
        WHERE rm_topic_rewrites.tenant = r.tenant AND rm_topic_rewrites.name = r.name`,
      [JSON.stringify(rows)],
    );
  }),
};
