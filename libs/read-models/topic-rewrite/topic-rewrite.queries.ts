import type { TopicRewriteAction } from '#libs/domain/topic-rewrite';
import type { ListSpec } from '../list-query/index.js';

/** RobustMQ's topic rewrite row (research §3.7), plus `create_time`. */
export interface TopicRewriteRow {
  name: string;
  desc: string;
  tenant: string;
  action: TopicRewriteAction;
  source_topic: string;
  dest_topic: string;
  regex: string;
  create_time: number;
}

export const topicRewriteList: ListSpec<TopicRewriteRow> = {
  table: 'rm_topic_rewrites',
  sortable: { name: 'name', tenant: 'tenant', source_topic: 'source_topic', dest_topic: 'dest_topic', action: 'action' },
  filters: {
    tenant: { column: 'tenant_folded', match: 'fuzzy' },
    name: { column: 'name_folded', match: 'fuzzy' },
  },
  naturalOrder: ['tenant', 'name'],
  tenantColumn: 'tenant',
  toRow: (record) => ({
    name: record.name as string,
    desc: record.description as string,
    tenant: record.tenant as string,
    action: record.action as TopicRewriteAction,
    source_topic: record.source_topic as string,
    dest_topic: record.dest_topic as string,
    regex: record.regex as string,
    create_time: Number(record.create_time),
  }),
};
