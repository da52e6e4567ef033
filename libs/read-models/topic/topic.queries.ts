import type { TopicConfig, TopicSource, TopicStorageType } from '#libs/domain/topic';
import type { ListSpec } from '../list-query/index.js';

/** RobustMQ's Topic record, as list rows and the detail's `topic_info` show it (research §3.6). */
export interface TopicRow {
  topic_id: string;
  tenant: string;
  topic_name: string;
  storage_type: TopicStorageType;
  source: TopicSource;
  partition: number;
  replication: number;
  /** Partition number → its shard's name, `<topic_id>-<partition>`. */
  storage_name_list: Record<string, string>;
  config: TopicConfig;
  mark_delete: boolean;
  create_time: number;
}

/** What brokers report about a topic; this service has no broker connection yet, so they hold their empty values. */
export interface TopicDetail {
  topic_info: TopicRow;
  retain_message: null;
  sub_list: { client_id: string; path: string }[];
  storage_list: Record<string, unknown>;
}

export const topicList: ListSpec<TopicRow> = {
  table: 'rm_topics',
  sortable: { topic_name: 'topic_key', tenant: 'tenant' },
  filters: {
    tenant: { column: 'tenant', match: 'exact' },
    topic_name: { column: 'topic_name_folded', match: 'fuzzy' },
    topic_type: { column: 'topic_type', match: 'exact' },
  },
  naturalOrder: ['tenant', 'topic_key'],
  tenantColumn: 'tenant',
  toRow: (record) => {
    const topicId = record.topic_id as string;
    const partition = Number(record.partition);
    const config = record.config as TopicConfig;
    return {
      topic_id: topicId,
      tenant: record.tenant as string,
      topic_name: record.topic_name as string,
      storage_type: record.storage_type as TopicStorageType,
      source: record.source as TopicSource,
      partition,
      replication: Number(record.replication),
      storage_name_list: Object.fromEntries(Array.from({ length: partition }, (_, index) => [String(index), `${topicId}-${index}`])),
      config: { max_segment_size: config.max_segment_size, max_record_num: config.max_record_num, retention_sec: config.retention_sec },
      mark_delete: false,
      create_time: Number(record.create_time),
    };
  },
};

export class GetTopicDetail {
  constructor(
    readonly tenant: string,
    readonly topicName: string,
  ) {}
}
