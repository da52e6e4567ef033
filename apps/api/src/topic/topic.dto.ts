import { IsOptional } from 'class-validator';
import { topicNameProblem } from '#libs/domain/shared';
import { TOPIC_SOURCES, TOPIC_STORAGE_TYPES, type TopicSource, type TopicStorageType } from '#libs/domain/topic';
import { topicList } from '#libs/read-models/topic';
import { FilterParameter, ListQueryDto, QueryParameter, SortFieldParameter } from '../http/list-query.dto.js';
import { OneOf, OptionalInteger, RequiredName, RequiredRule } from '../http/validators.js';

/** Partitions and replicas are u32 in RobustMQ; capped here, since a topic lists one shard name per partition. */
export const MAX_PARTITIONS = 1000;
export const MAX_REPLICAS = 1000;

/** `POST .../topic/create` (RobustMQ's later CreateTopicReq): the storage fields are optional, with RobustMQ's defaults. */
export class CreateTopicDto {
  @RequiredName(128) tenant: string;
  @RequiredRule(topicNameProblem) topic_name: string;
  @IsOptional() @OneOf(TOPIC_STORAGE_TYPES) storage_type?: TopicStorageType | null;
  @IsOptional() @OneOf(TOPIC_SOURCES) source?: TopicSource | null;
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
  @QueryParameter((text) => TOPIC_TYPES.includes(text), `must be one of ${TOPIC_TYPES.join(', ')}`) topic_type?: string;
}
