import { CommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { type CommandOutcome, runCommandAcross } from '#libs/application';
import { CreateTopicRewrite, DeleteTopicRewrite, type TopicRewriteCommand, topicRewriteRules } from '#libs/domain/topic-rewrite';
import { EventStore } from '#libs/event-store';
import { type ListPage, queryList } from '#libs/read-models/list-query';
import { ListTopicRewrites, topicRewriteList, type TopicRewriteRow } from '#libs/read-models/topic-rewrite';
import { DATABASE_POOL } from '../tokens.js';

/** Every rule command runs over the tenant's stream (creates need the tenant) and the rule's. */
@Injectable()
abstract class TopicRewriteCommandHandler<Command extends TopicRewriteCommand> {
  constructor(private readonly store: EventStore) {}

  execute(command: Command): Promise<CommandOutcome> {
    return runCommandAcross(this.store, topicRewriteRules, command);
  }
}

@CommandHandler(CreateTopicRewrite)
export class CreateTopicRewriteHandler extends TopicRewriteCommandHandler<CreateTopicRewrite> {}

@CommandHandler(DeleteTopicRewrite)
export class DeleteTopicRewriteHandler extends TopicRewriteCommandHandler<DeleteTopicRewrite> {}

@QueryHandler(ListTopicRewrites)
export class ListTopicRewritesHandler implements IQueryHandler<ListTopicRewrites, ListPage<TopicRewriteRow>> {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  execute({ request }: ListTopicRewrites): Promise<ListPage<TopicRewriteRow>> {
    return queryList(this.pool, topicRewriteList, request);
  }
}
