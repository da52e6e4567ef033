import { topicNameProblem } from '#libs/domain/shared';
import { TOPIC_SOURCES, TOPIC_STORAGE_TYPES, type TopicSource, type TopicStorageType } from '#libs/domain/topic';
import { topicList } from '#libs/read-models/topic';
import { FilterParameter, ListQueryDto, QueryParameter, SortFieldParameter } from '../http/list-query.dto.js';
import { OptionalInteger, OptionalOneOf, RequiredName, RequiredRule } from '../http/validators.js';
import { ApiProperty } from '@nestjs/swagger';
import { Among, Flag, Integer, Nested, NullableInteger, Text, TextMap, UnixSeconds } from '../openapi/response-fields.js';

/** Partitions and replicas are u32 in RobustMQ; capped here, since a topic lists one shard name per partition. */
export const MAX_PARTITIONS = 1000;
export const MAX_REPLICAS = 1000;

/** `POST .../topic/create` (RobustMQ's later CreateTopicReq): the storage fields are optional, with RobustMQ's defaults. */
export class CreateTopicDto {
  @RequiredName(128) tenant: string;
  @RequiredRule(topicNameProblem) topic_name: string;
  @OptionalOneOf(TOPIC_STORAGE_TYPES) storage_type?: TopicStorageType | null;
  @OptionalOneOf(TOPIC_SOURCES) source?: TopicSource | null;
  @OptionalInteger(1, MAX_PARTITIONS) partition?: number | null;
  @OptionalInteger(1, MAX_REPLICAS) replication?: number | null;
}

/** Body of delete and query of detail: the topic's identity (tenant, topic_name). */
export class TopicIdentityDto {
  @RequiredName(128) tenant: string;
  @RequiredRule(topicNameProblem) topic_name: string;
}

const TOPIC_TYPES = ['all', 'normal', 'system'];

/** `GET .../topic/list`: exact tenant, a substring of the name, normal (no `$` prefix) or system topics. */
export class TopicListQueryDto extends ListQueryDto {
  @SortFieldParameter(topicList) sort_field?: string;
  @FilterParameter() tenant?: string;
  @FilterParameter() topic_name?: string;
  @QueryParameter((text) => TOPIC_TYPES.includes(text), `must be one of ${TOPIC_TYPES.join(', ')}`, { type: 'string', enum: TOPIC_TYPES })
  topic_type?: string;
}

export class TopicConfigRow {
  @NullableInteger() max_segment_size: number | null;
  @NullableInteger() max_record_num: number | null;
  @Integer() retention_sec: number;
}

/** RobustMQ's Topic record, as list rows and the detail's `topic_info` show it. */
export class TopicRow {
  @Text() topic_id: string;
  @Text() tenant: string;
  @Text() topic_name: string;
  @Among(TOPIC_STORAGE_TYPES) storage_type: TopicStorageType;
  @Among(TOPIC_SOURCES) source: TopicSource;
  @Integer() partition: number;
  @Integer() replication: number;
  @TextMap('partition number → the name of its shard') storage_name_list: Record<string, string>;
  @Nested(() => TopicConfigRow) config: TopicConfigRow;
  @Flag('always false: a deleted topic leaves the list') mark_delete: boolean;
  @UnixSeconds() create_time: number;
}

export class TopicSubscriptionRow {
  @Text() client_id: string;
  @Text() path: string;
}

/** What brokers report about a topic: empty until this service hears from brokers. */
export class TopicDetailRow {
  @Nested(() => TopicRow) topic_info: TopicRow;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'the retained message; null until brokers report it',
  })
  retain_message: null;
  @ApiProperty({ type: () => TopicSubscriptionRow, isArray: true }) sub_list: TopicSubscriptionRow[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'per shard; {} until brokers report them' } as object)
  storage_list: Record<string, unknown>;
}
