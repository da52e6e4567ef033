/** RobustMQ's StorageType and TopicSource (common/metadata-struct/src/topic.rs, research §3.6). */
export const TOPIC_STORAGE_TYPES = ['EngineMemory', 'EngineSegment', 'EngineRocksDB', 'Mysql', 'MinIO', 'S3'] as const;
export const TOPIC_SOURCES = ['SystemInner', 'MQTT', 'NATS', 'MQ9', 'Kafka', 'AMQP'] as const;
export type TopicStorageType = (typeof TOPIC_STORAGE_TYPES)[number];
export type TopicSource = (typeof TOPIC_SOURCES)[number];

/** A topic's storage settings as RobustMQ's Topic record shows them; brokers own these, the API sets the defaults. */
export interface TopicConfig {
  max_segment_size: number | null;
  max_record_num: number | null;
  retention_sec: number;
}

/** RobustMQ's defaults for a new topic: 1 GiB segments, no record cap, one day's retention. */
export const DEFAULT_TOPIC_CONFIG: TopicConfig = { max_segment_size: 1_073_741_824, max_record_num: null, retention_sec: 86_400 };

/** Schema version 1 of each event; upcasters for later versions live beside this file. */
export type TopicCreated = {
  type: 'TopicCreated';
  data: {
    topic_id: string;
    tenant: string;
    topic_name: string;
    storage_type: TopicStorageType;
    source: TopicSource;
    partition: number;
    replication: number;
    config: TopicConfig;
    create_time: number;
  };
};

/** The soft delete: the topic is gone for the API at once; brokers clean its storage up later. */
export type TopicDeleted = {
  type: 'TopicDeleted';
  data: { topic_id: string; tenant: string; topic_name: string };
};

export type TopicEvent = TopicCreated | TopicDeleted;

/** On the tenant's topic counter stream: how many topics the tenant holds after a create or a delete. */
export type TopicCountChanged = {
  type: 'TopicCountChanged';
  data: { tenant: string; topic_count: number };
};

const TOPIC_EVENT_TYPE_RECORD: Record<TopicEvent['type'] | TopicCountChanged['type'], true> = {
  TopicCreated: true,
  TopicDeleted: true,
  TopicCountChanged: true,
};
/** Every event type of topics and their counters; the record's keys make the compiler check the list is complete. */
export const TOPIC_EVENT_TYPES = Object.keys(TOPIC_EVENT_TYPE_RECORD) as (TopicEvent['type'] | TopicCountChanged['type'])[];
