import { AlreadyExistsError, NotFoundError, QuotaExceededError } from '../shared/index.js';
import { crossStreamSpecification } from '../shared/decider-specification.js';
import { DEFAULT_TENANT_CONFIG, type TenantEvent } from '../tenant/index.js';
import { CreateTopic, DeleteTopic } from './topic.commands.js';
import { DEFAULT_TOPIC_CONFIG, type TopicCountChanged, type TopicEvent } from './topic.events.js';
import { topicCountStream, topicRules, topicStream } from './topic.js';
import { topicKey } from './topic-key.js';

const given = crossStreamSpecification(topicRules);
const NOW = 1_738_800_000;

const tenant = (max_topics = 100): TenantEvent => ({
  type: 'TenantCreated',
  data: { tenant_name: 'acme', desc: '', config: { ...DEFAULT_TENANT_CONFIG, max_topics }, create_time: NOW },
});
const lowered = (max_topics: number): TenantEvent => ({
  type: 'TenantUpdated',
  data: { tenant_name: 'acme', desc: '', config: { ...DEFAULT_TENANT_CONFIG, max_topics } },
});
const tenantDeleted: TenantEvent = { type: 'TenantDeleted', data: { tenant_name: 'acme' } };
const counted = (topic_count: number): TopicCountChanged => ({ type: 'TopicCountChanged', data: { tenant: 'acme', topic_count } });
const create = (topicName = 'sensor/1', topicId = 'id-1') => new CreateTopic('acme', topicName, topicId, 'EngineMemory', 'MQTT', 1, 1, NOW);
const created = (topic_name = 'sensor/1', topic_id = 'id-1'): TopicEvent => ({
  type: 'TopicCreated',
  data: {
    topic_id,
    tenant: 'acme',
    topic_name,
    storage_type: 'EngineMemory',
    source: 'MQTT',
    partition: 1,
    replication: 1,
    config: DEFAULT_TOPIC_CONFIG,
    create_time: NOW,
  },
});
const deleted = (topic_name = 'sensor/1', topic_id = 'id-1'): TopicEvent => ({
  type: 'TopicDeleted',
  data: { topic_id, tenant: 'acme', topic_name },
});

describe('topic', () => {
  it('creating a topic in an existing tenant records it and counts it on the tenant topic counter', () =>
    given({ tenant: [tenant()], count: [counted(3)] })
      .when(create())
      .then({ topic: [created()], count: [counted(4)] }));

  it('creating a topic in a tenant that does not exist, or no longer exists, is refused', () => {
    given({}).when(create()).thenThrows(NotFoundError, 'tenant acme not found');
    given({ tenant: [tenant(), tenantDeleted] })
      .when(create())
      .thenThrows(NotFoundError, 'tenant acme not found');
  });

  it('creating a topic that exists is refused', () =>
    given({ tenant: [tenant()], topic: [created()], count: [counted(1)] })
      .when(create('sensor/1', 'id-2'))
      .thenThrows(AlreadyExistsError, 'topic sensor/1 already exists in tenant acme'));

  it('creating a topic when the tenant holds max_topics topics is refused, naming the quota and the count', () =>
    given({ tenant: [tenant(10)], count: [counted(10)] })
      .when(create('sensor/11'))
      .thenThrows(QuotaExceededError, 'tenant acme has 10 topics and its quota max_topics is 10'));

  it('a quota lowered below the count is kept: creates are refused, deletes still count down', () => {
    given({ tenant: [tenant(10), lowered(2)], topic: [], count: [counted(5)] })
      .when(create('sensor/6'))
      .thenThrows(QuotaExceededError, 'tenant acme has 5 topics and its quota max_topics is 2');
    given({ tenant: [tenant(10), lowered(2)], topic: [created()], count: [counted(5)] })
      .when(new DeleteTopic('acme', 'sensor/1'))
      .then({ topic: [deleted()], count: [counted(4)] });
  });

  it('a quota of 0 refuses the first topic', () =>
    given({ tenant: [tenant(0)] })
      .when(create())
      .thenThrows(QuotaExceededError, 'tenant acme has 0 topics and its quota max_topics is 0'));

  it('deleting a topic records its deletion with its id and counts it down', () =>
    given({ tenant: [tenant()], topic: [created()], count: [counted(1)] })
      .when(new DeleteTopic('acme', 'sensor/1'))
      .then({ topic: [deleted()], count: [counted(0)] }));

  it('deleting a topic that does not exist, or was deleted, is refused', () => {
    given({ tenant: [tenant()] })
      .when(new DeleteTopic('acme', 'sensor/1'))
      .thenThrows(NotFoundError, 'topic sensor/1 not found in tenant acme');
    given({ tenant: [tenant()], topic: [created(), deleted()], count: [counted(1), counted(0)] })
      .when(new DeleteTopic('acme', 'sensor/1'))
      .thenThrows(NotFoundError, 'topic sensor/1 not found in tenant acme');
  });

  it('deleting a topic of a deleted tenant is allowed (deleting a tenant does not cascade)', () =>
    given({ tenant: [tenant(), tenantDeleted], topic: [created()], count: [counted(1)] })
      .when(new DeleteTopic('acme', 'sensor/1'))
      .then({ topic: [deleted()], count: [counted(0)] }));

  it('a topic created again after its deletion is a new topic, with the new id', () =>
    given({ tenant: [tenant()], topic: [created(), deleted()], count: [counted(1), counted(0)] })
      .when(create('sensor/1', 'id-2'))
      .then({ topic: [created('sensor/1', 'id-2')], count: [counted(1)] }));

  it('reads the tenant stream, the topic stream keyed by the topic key, and the tenant topic counter', () => {
    const streams = topicRules.streams(create('a-b/c'));
    expect(Object.fromEntries(Object.entries(streams).map(([name, stream]) => [name, stream.id]))).toEqual({
      tenant: 'tenant-acme',
      topic: topicStream.id('acme', 'a-b/c'),
      count: topicCountStream.id('acme'),
    });
  });
});

describe('topicKey', () => {
  it('a name of up to 256 bytes of UTF-8 is its own key', () => {
    expect(topicKey('sensor/1')).toBe('sensor/1');
    expect(topicKey('é'.repeat(128))).toBe('é'.repeat(128));
  });

  it('a longer name is keyed by a prefix of at most 192 bytes, # and its SHA-256, so two long names with one prefix differ', () => {
    const first = `${'a'.repeat(300)}/1`;
    const second = `${'a'.repeat(300)}/2`;
    expect(topicKey(first)).toMatch(/^a{192}#[0-9a-f]{64}$/);
    expect(topicKey(first)).not.toBe(topicKey(second));
    expect(topicKey('😀'.repeat(100))).toMatch(/^(😀){48}#[0-9a-f]{64}$/);
  });
});
