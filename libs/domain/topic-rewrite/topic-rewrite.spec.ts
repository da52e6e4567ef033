import { AlreadyExistsError, InvalidInputError, NotFoundError } from '../shared/index.js';
import { deciderSpecification } from '../shared/decider-specification.js';
import { CreateTopicRewrite, DeleteTopicRewrite } from './topic-rewrite.commands.js';
import type { TopicRewriteEvent } from './topic-rewrite.events.js';
import { topicRewriteDecider, topicRewriteRules, topicRewriteStream } from './topic-rewrite.js';

const given = deciderSpecification(topicRewriteDecider);
const NOW = 1_738_800_000;

const create = (overrides: Partial<{ source: string; dest: string; regex: string; desc: string }> = {}) =>
  new CreateTopicRewrite(
    'acme',
    'r1',
    overrides.desc,
    'Publish',
    overrides.source ?? 'y/+/z/#',
    overrides.dest ?? 'y/z/$2',
    overrides.regex ?? '^y/(.+)/z/(.+)$',
    NOW,
  );
const created = (desc = ''): TopicRewriteEvent => ({
  type: 'TopicRewriteCreated',
  data: {
    tenant: 'acme',
    name: 'r1',
    desc,
    action: 'Publish',
    source_topic: 'y/+/z/#',
    dest_topic: 'y/z/$2',
    regex: '^y/(.+)/z/(.+)$',
    create_time: NOW,
  },
});
const deleted: TopicRewriteEvent = { type: 'TopicRewriteDeleted', data: { tenant: 'acme', name: 'r1' } };

describe('topic rewrite rule', () => {
  it('creating a rule records it, with an empty description when none is given', () => given([]).when(create()).then([created()]));

  it('creating a rule that exists is refused', () =>
    given([created()])
      .when(create({ desc: 'again' }))
      .thenThrows(AlreadyExistsError, 'topic rewrite rule r1 already exists in tenant acme'));

  it('a rule whose source is not a topic filter, destination not a topic name, or regex unsafe is refused with every problem', () =>
    given([])
      .when(create({ source: 'a/b#', dest: 'a/+', regex: '(a+)+' }))
      .thenThrows(
        InvalidInputError,
        "source_topic: '#' must be a whole level; dest_topic: must not contain wildcards ('+' or '#'); regex: must not nest quantifiers (like (a+)+): it could take exponential time",
      ));

  it('deleting a rule records its deletion; deleting a missing or deleted one is refused', () => {
    given([created()]).when(new DeleteTopicRewrite('acme', 'r1')).then([deleted]);
    given([]).when(new DeleteTopicRewrite('acme', 'r1')).thenThrows(NotFoundError, 'topic rewrite rule r1 not found in tenant acme');
    given([created(), deleted])
      .when(new DeleteTopicRewrite('acme', 'r1'))
      .thenThrows(NotFoundError, 'topic rewrite rule r1 not found in tenant acme');
  });

  it('a deleted rule can be created again', () =>
    given([created(), deleted])
      .when(create({ desc: 'again' }))
      .then([created('again')]));

  it('is created only in a tenant that exists, read on the tenant stream, and keyed by (tenant, name)', () => {
    const streams = topicRewriteRules.streams(create());
    expect(streams.resource.id).toBe(topicRewriteStream.id('acme', 'r1'));
    expect(() => topicRewriteRules.decide({ tenant: { status: 'absent' }, resource: { status: 'absent' } }, create())).toThrow(
      'tenant acme not found',
    );
  });
});
