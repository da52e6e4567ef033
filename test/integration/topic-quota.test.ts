// The topic quota rule on the real event store, without the API's per-tenant queue: what holds when
// several API processes create topics of one tenant at once.
import { randomUUID } from 'node:crypto';
import { runCommand, runCommandAcross } from '#libs/application';
import { ConflictError, QuotaExceededError } from '#libs/domain/shared';
import { CreateTenant, UpdateTenant, tenantDecider } from '#libs/domain/tenant';
import { CreateTopic, DeleteTopic, topicCountStream, topicRules } from '#libs/domain/topic';
import { EventStore } from '#libs/event-store';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const NOW = 1_738_800_000;

describe('the tenant topic quota on the event store', () => {
  let database: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new EventStore(database.pool);
  });
  afterAll(() => database.drop());

  const createTopic = (tenant: string, name: string) =>
    runCommandAcross(store, topicRules, new CreateTopic(tenant, name, randomUUID().replaceAll('-', ''), 'EngineMemory', 'MQTT', 1, 1, NOW));

  /** Like a client that tries again after a 409 for a lost race, until it gets a definite answer. */
  async function untilDecided<T>(command: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await command();
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
  }

  it('of 50 racing creates of distinct topics against max_topics 10, exactly 10 are recorded and 40 refused by the quota', async () => {
    await runCommand(store, tenantDecider, new CreateTenant('busy', '', { max_topics: 10 }, NOW));

    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, index) => untilDecided(() => createTopic('busy', `t/${index}`))),
    );

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(refused).toHaveLength(40);
    for (const reason of refused) expect(reason).toBeInstanceOf(QuotaExceededError);
    const created = await database.pool.query(
      "SELECT count(*)::int AS topics FROM events WHERE event_type = 'TopicCreated' AND data->>'tenant' = 'busy'",
    );
    expect(created.rows[0].topics).toBe(10);
    const counter = await store.readStream(topicCountStream.id('busy'));
    expect(counter.map((event) => (event.data as { topic_count: number }).topic_count)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  }, 60_000);

  it('a quota lowered while creates race is never overshot: the lowering makes them retry on the new quota', async () => {
    await runCommand(store, tenantDecider, new CreateTenant('lowered', '', { max_topics: 100 }, NOW));
    await untilDecided(() => createTopic('lowered', 'first'));

    const [lowering, ...creates] = await Promise.allSettled([
      untilDecided(() => runCommand(store, tenantDecider, new UpdateTenant('lowered', undefined, { max_topics: 1 }))),
      ...Array.from({ length: 20 }, (_, index) => untilDecided(() => createTopic('lowered', `t/${index}`))),
    ]);

    expect(lowering.status).toBe('fulfilled');
    const log = await database.pool.query<{ event_type: string; max_topics: number | null }>(
      `SELECT event_type, (data->'config'->>'max_topics')::int AS max_topics FROM events
        WHERE stream_id IN ('tenant-lowered', 'topic_count-lowered') ORDER BY transaction_id, position`,
    );
    // Every create recorded after the lowering was refused: the count never passes 1 once the quota is 1.
    const afterLowering = log.rows.slice(log.rows.findIndex((row) => row.event_type === 'TenantUpdated') + 1);
    expect(afterLowering.filter((row) => row.event_type === 'TopicCountChanged')).toEqual([]);
    for (const result of creates.filter((result) => result.status === 'rejected')) {
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(QuotaExceededError);
    }
    await expect(createTopic('lowered', 'after')).rejects.toThrow(QuotaExceededError);
    await untilDecided(() => runCommandAcross(store, topicRules, new DeleteTopic('lowered', 'first')));
  }, 60_000);
});
