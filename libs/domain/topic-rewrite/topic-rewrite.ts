import {
  AlreadyExistsError,
  type Decider,
  defineStreamType,
  InvalidInputError,
  NotFoundError,
  regexProblem,
  topicFilterProblem,
  topicNameProblem,
} from '../shared/index.js';
import { withinTenant } from '../tenant/index.js';
import type { TopicRewriteCommand } from './topic-rewrite.commands.js';
import type { TopicRewriteEvent } from './topic-rewrite.events.js';

export type TopicRewriteState = { status: 'absent' } | { status: 'active' } | { status: 'deleted' };

/** One stream per (tenant, rule name): the rule's identity (API-CONTRACT §5). */
export const topicRewriteStream = defineStreamType('topic_rewrite', ['tenant', 'name']);

export const topicRewriteDecider: Decider<TopicRewriteState, TopicRewriteCommand, TopicRewriteEvent> = {
  streamType: topicRewriteStream.name,
  stateSchema: 1,
  streamId: (command) => topicRewriteStream.id(command.tenantName, command.name),
  initialState: () => ({ status: 'absent' }),
  evolve: (_state, event) => ({ status: event.type === 'TopicRewriteCreated' ? 'active' : 'deleted' }),
  decide,
};

/** Rules are created only in a tenant that exists; deletes do not look at the tenant. */
export const topicRewriteRules = withinTenant(topicRewriteDecider, ['CreateTopicRewrite']);

function decide(state: TopicRewriteState, command: TopicRewriteCommand): TopicRewriteEvent[] {
  const { tenantName: tenant, name } = command;
  switch (command.kind) {
    case 'CreateTopicRewrite': {
      // The API checks these already; the rule holds for any other caller too.
      const problems = [
        fieldProblem('source_topic', topicFilterProblem(command.sourceTopic)),
        fieldProblem('dest_topic', topicNameProblem(command.destTopic)),
        fieldProblem('regex', regexProblem(command.regex)),
      ].filter((problem) => problem !== undefined);
      if (problems.length > 0) throw new InvalidInputError(problems);
      if (state.status === 'active') throw new AlreadyExistsError(`topic rewrite rule ${name} already exists in tenant ${tenant}`);
      return [
        {
          type: 'TopicRewriteCreated',
          data: {
            tenant,
            name,
            desc: command.desc ?? '',
            action: command.action,
            source_topic: command.sourceTopic,
            dest_topic: command.destTopic,
            regex: command.regex,
            create_time: command.now,
          },
        },
      ];
    }
    case 'DeleteTopicRewrite': {
      if (state.status !== 'active') throw new NotFoundError(`topic rewrite rule ${name} not found in tenant ${tenant}`);
      return [{ type: 'TopicRewriteDeleted', data: { tenant, name } }];
    }
  }
}

const fieldProblem = (field: string, problem: string | undefined) => (problem === undefined ? undefined : `${field}: ${problem}`);
