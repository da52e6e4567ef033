import {
  AlreadyExistsError,
  type CrossStreamDecider,
  defineStreamType,
  NotFoundError,
  QuotaExceededError,
  type StreamFold,
} from '../shared/index.js';
import { tenantDecider, type TenantEvent, type TenantState, tenantStream } from '../tenant/index.js';
import type { TopicCommand } from './topic.commands.js';
import { type TopicCountChanged, DEFAULT_TOPIC_CONFIG, type TopicEvent } from './topic.events.js';
import { topicKey } from './topic-key.js';

/** The topic's id tells a topic created again after its deletion from the one before it. */
export type TopicState = { status: 'absent' } | { status: 'active'; topic_id: string } | { status: 'deleted'; topic_id: string };

/** One stream per (tenant, topic name), keyed by `topicKey` so that any legal name fits an index. */
export const topicStream = defineStreamType('topic', ['tenant', 'topic_key']);
/** One stream per tenant that every topic create and delete of the tenant appends to: the quota is checked on it. */
export const topicCountStream = defineStreamType('topic_count', ['tenant']);

export const topicFold: StreamFold<TopicState, TopicEvent> = {
  streamType: topicStream.name,
  stateSchema: 1,
  initialState: () => ({ status: 'absent' }),
  evolve: (_state, event) =>
    event.type === 'TopicCreated'
      ? { status: 'active', topic_id: event.data.topic_id }
      : { status: 'deleted', topic_id: event.data.topic_id },
};

export const topicCountFold: StreamFold<number, TopicCountChanged> = {
  streamType: topicCountStream.name,
  stateSchema: 1,
  initialState: () => 0,
  evolve: (_count, event) => event.data.topic_count,
};

export type TopicStreams = {
  tenant: { state: TenantState; event: TenantEvent };
  topic: { state: TopicState; event: TopicEvent };
  count: { state: number; event: TopicCountChanged };
};

/**
 * Topics and the tenant's `max_topics` quota, over three streams: the tenant's (read: it must exist,
 * and holds the quota), the topic's, and the tenant's topic counter, which every create and delete
 * appends to. Two concurrent creates both append to the counter, so one of them retries on the new
 * count: the quota is never overshot. A tenant's quota lowered below its count only blocks creates.
 * A delete does not need the tenant to exist (no cascade: a deleted tenant's topics can be deleted).
 */
export const topicRules: CrossStreamDecider<TopicCommand, TopicStreams> = {
  streams: (command) => ({
    tenant: { id: tenantStream.id(command.tenantName), fold: tenantDecider },
    topic: { id: topicStream.id(command.tenantName, topicKey(command.topicName)), fold: topicFold },
    count: { id: topicCountStream.id(command.tenantName), fold: topicCountFold },
  }),
  decide: ({ tenant, topic, count }, command) => {
    const { tenantName: tenant_name, topicName: topic_name } = command;
    switch (command.kind) {
      case 'CreateTopic': {
        if (tenant.status !== 'active') throw new NotFoundError(`tenant ${tenant_name} not found`);
        if (topic.status === 'active') throw new AlreadyExistsError(`topic ${topic_name} already exists in tenant ${tenant_name}`);
        const quota = tenant.config.max_topics;
        if (count >= quota) {
          throw new QuotaExceededError(`tenant ${tenant_name} has ${count} topics and its quota max_topics is ${quota}`);
        }
        return {
          topic: [
            {
              type: 'TopicCreated',
              data: {
                topic_id: command.topicId,
                tenant: tenant_name,
                topic_name,
                storage_type: command.storageType,
                source: command.source,
                partition: command.partition,
                replication: command.replication,
                config: DEFAULT_TOPIC_CONFIG,
                create_time: command.now,
              },
            },
          ],
          count: [{ type: 'TopicCountChanged', data: { tenant: tenant_name, topic_count: count + 1 } }],
        };
      }
      case 'DeleteTopic': {
        if (topic.status !== 'active') throw new NotFoundError(`topic ${topic_name} not found in tenant ${tenant_name}`);
        return {
          topic: [{ type: 'TopicDeleted', data: { topic_id: topic.topic_id, tenant: tenant_name, topic_name } }],
          count: [{ type: 'TopicCountChanged', data: { tenant: tenant_name, topic_count: count - 1 } }],
        };
      }
    }
  },
};
