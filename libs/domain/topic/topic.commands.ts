import type { TopicSource, TopicStorageType } from './topic.events.js';

export class CreateTopic {
  readonly kind = 'CreateTopic';
  constructor(
    readonly tenantName: string,
    readonly topicName: string,
    /** A fresh id for this topic, made at the edge: a topic created again after its deletion is a new topic. */
    readonly topicId: string,
    readonly storageType: TopicStorageType,
    readonly source: TopicSource,
    readonly partition: number,
    readonly replication: number,
    /** Unix seconds; the clock is read at the edge so the rules stay pure. */
    readonly now: number,
  ) {}
}

export class DeleteTopic {
  readonly kind = 'DeleteTopic';
  constructor(
    readonly tenantName: string,
    readonly topicName: string,
  ) {}
}

export type TopicCommand = CreateTopic | DeleteTopic;
