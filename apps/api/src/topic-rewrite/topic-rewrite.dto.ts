import { applyDecorators } from '@nestjs/common';
import { regexProblem, topicFilterProblem, topicNameProblem } from '#libs/domain/shared';
import { TOPIC_REWRITE_ACTIONS, type TopicRewriteAction } from '#libs/domain/topic-rewrite';
import { topicRewriteList } from '#libs/read-models/topic-rewrite';
import { FilterParameter, ListQueryDto, SortFieldParameter } from '../http/list-query.dto.js';
import { OptionalText, RequiredName, RequiredRule, RequiredString, SatisfiesRule } from '../http/validators.js';
import { Among, Text, UnixSeconds } from '../openapi/response-fields.js';

/** RobustMQ's limit on both topics of a rule (1-256 characters), and the MQTT rules on top. */
const RuleTopic = (problemOf: (text: string) => string | undefined) => applyDecorators(RequiredName(256), SatisfiesRule(problemOf));

/** `POST .../topic-rewrite/create` (RobustMQ's CreateTopicRewriteReq): the source is a topic filter, the destination a topic name. */
export class CreateTopicRewriteDto {
  @RequiredName(128) tenant: string;
  @RequiredName(256) name: string;
  @OptionalText(500) desc?: string | null;
  @RequiredString(TOPIC_REWRITE_ACTIONS) action: TopicRewriteAction;
  @RuleTopic(topicFilterProblem) source_topic: string;
  @RuleTopic(topicNameProblem) dest_topic: string;
  @RequiredRule(regexProblem) regex: string;
}

export class DeleteTopicRewriteDto {
  @RequiredName(128) tenant: string;
  @RequiredName(256) name: string;
}

/** `GET .../topic-rewrite/list`: substrings of the tenant and of the rule's name. */
export class TopicRewriteListQueryDto extends ListQueryDto {
  @SortFieldParameter(topicRewriteList) sort_field?: string;
  @FilterParameter() tenant?: string;
  @FilterParameter() name?: string;
}

/** A row of the topic rewrite list. */
export class TopicRewriteRow {
  @Text() name: string;
  @Text() desc: string;
  @Text() tenant: string;
  @Among(TOPIC_REWRITE_ACTIONS) action: TopicRewriteAction;
  @Text() source_topic: string;
  @Text() dest_topic: string;
  @Text() regex: string;
  @UnixSeconds() create_time: number;
}
