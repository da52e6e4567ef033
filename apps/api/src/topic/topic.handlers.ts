import { CommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { type CommandOutcome, KeyedQueue, runCommandAcross } from '#libs/application';
import { NotFoundError } from '#libs/domain/shared';
import { CreateTopic, DeleteTopic, type TopicCommand, topicKey, topicRules } from '#libs/domain/topic';
import { EventStore } from '#libs/event-store';
import { GetTopicDetail, type TopicDetail, topicList } from '#libs/read-models/topic';
import { DATABASE_POOL } from '../tokens.js';

/**
 * The queue of topic commands per tenant: every one of them appends to the tenant's topic counter, so
 * those of one tenant run one at a time in this process instead of racing for the counter.
 */
export const TOPIC_COMMANDS_PER_TENANT = Symbol('TOPIC_COMMANDS_PER_TENANT');

/** Every topic command runs over the tenant's, the topic's and the tenant's topic counter streams (the quota). */
@Injectable()
abstract class TopicCommandHandler<Command extends TopicCommand> {
  constructor(
    private readonly store: EventStore,
    @Inject(TOPIC_COMMANDS_PER_TENANT) private readonly perTenant: KeyedQueue,
  ) {}

  execute(command: Command): Promise<CommandOutcome> {
    return this.perTenant.run(command.tenantName, () => runCommandAcross(this.store, topicRules, command));
  }
}

@CommandHandler(CreateTopic)
export class CreateTopicHandler extends TopicCommandHandler<CreateTopic> {}

@CommandHandler(DeleteTopic)
export class DeleteTopicHandler extends TopicCommandHandler<DeleteTopic> {}

@QueryHandler(GetTopicDetail)
export class GetTopicDetailHandler implements IQueryHandler<GetTopicDetail, TopicDetail> {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  async execute({ tenant, topicName }: GetTopicDetail): Promise<TopicDetail> {
    const { rows } = await this.pool.query<Record<string, unknown>>('SELECT * FROM rm_topics WHERE tenant = $1 AND topic_key = $2', [
      tenant,
      topicKey(topicName),
    ]);
    if (rows.length === 0) throw new NotFoundError(`topic ${topicName} not found in tenant ${tenant}`);
    // Retained message, subscribers and shards are reported by brokers: empty until they are.
    return { topic_info: topicList.toRow(rows[0]!), retain_message: null, sub_list: [], storage_list: {} };
  }
}
