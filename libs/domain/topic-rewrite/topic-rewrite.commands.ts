import type { TopicRewriteAction } from './topic-rewrite.events.js';

export class CreateTopicRewrite {
  readonly kind = 'CreateTopicRewrite';
  constructor(
    readonly tenantName: string,
    readonly name: string,
    readonly desc: string | undefined,
    readonly action: TopicRewriteAction,
    readonly sourceTopic: string,
    readonly destTopic: string,
    readonly regex: string,
    /** Unix seconds; the clock is read at the edge so the rules stay pure. */
    readonly now: number,
  ) {}
}

export class DeleteTopicRewrite {
  readonly kind = 'DeleteTopicRewrite';
  constructor(
    readonly tenantName: string,
    readonly name: string,
  ) {}
}

export type TopicRewriteCommand = CreateTopicRewrite | DeleteTopicRewrite;
