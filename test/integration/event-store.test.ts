import { setTimeout as sleep } from 'node:timers/promises';
import { EventTooLargeError } from '#libs/domain/shared';
import {
  ConcurrencyConflictError,
  EventStore,
  type LogConsumer,
  MAX_EVENT_BYTES,
  RECORD_HEADER_ALLOWANCE,
  StreamTypeMismatchError,
  UpcasterRegistry,
} from '#libs/event-store';
import { KafkaPublisher, KafkajsEventSink, MAX_SEND_BYTES } from '#libs/messaging';
import { toHttpFailure } from '../../apps/api/src/http/error-mapping.js';
import { upcasters } from '#libs/domain/upcasters';
import { createEventStore } from '#libs/runtime';
import { startTestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { countRows, runnerFor, waitUntil, waitUntilCaughtUp } from '../support/consumers.js';
import { consumeTopic, recordsInTopic, uniqueTopicPrefix } from '../support/kafka-topics.js';

describe('event store', () => {
  let database: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new EventStore(database.pool);
  });
  afterAll(() => database.drop());

  it('appends to a new stream and reads it back in version order', async () => {
    const appended = await store.appendToStream(
      'thing-1',
      'thing',
      'no_stream',
      [
        { type: 'ThingMade', data: { n: 1 } },
        { type: 'ThingChanged', data: { n: 2 } },
      ],
      { actor: 'alice', request_id: 'r-1' },
    );
    expect(appended.nextVersion).toBe(2);
    const events = await store.readStream('thing-1');
    expect(events.map((event) => [event.streamVersion, event.eventType, event.data, event.metadata.actor])).toEqual([
      [1, 'ThingMade', { n: 1 }, 'alice'],
      [2, 'ThingChanged', { n: 2 }, 'alice'],
    ]);
    expect(events[1]!.position).toBe(appended.lastEvent.position);
  });

  it('of two writers expecting the same version, exactly one wins and the other gets a conflict', async () => {
    await store.appendToStream('thing-2', 'thing', 'no_stream', [{ type: 'ThingMade', data: {} }]);
    const results = await Promise.allSettled([
      store.appendToStream('thing-2', 'thing', 1, [{ type: 'ThingChanged', data: { by: 'a' } }]),
      store.appendToStream('thing-2', 'thing', 1, [{ type: 'ThingChanged', data: { by: 'b' } }]),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyConflictError);
    expect(await store.readStream('thing-2')).toHaveLength(2);
  });

  it('creating a stream that exists, or writing at a stale version, is a conflict and writes nothing', async () => {
    await store.appendToStream('thing-3', 'thing', 'no_stream', [{ type: 'ThingMade', data: {} }]);
    await expect(store.appendToStream('thing-3', 'thing', 'no_stream', [{ type: 'ThingMade', data: {} }])).rejects.toThrow(
      ConcurrencyConflictError,
    );
    await expect(store.appendToStream('thing-3', 'thing', 5, [{ type: 'ThingChanged', data: {} }])).rejects.toThrow(
      ConcurrencyConflictError,
    );
    await expect(store.appendToStream('thing-missing', 'thing', 1, [{ type: 'ThingChanged', data: {} }])).rejects.toThrow(
      ConcurrencyConflictError,
    );
    expect(await store.readStream('thing-3')).toHaveLength(1);
    expect(await store.readStream('thing-missing')).toHaveLength(0);
  });

  it('an append to several streams commits all of them or none: one stale version or requirement writes nothing', async () => {
    await store.appendToStream('thing-8', 'thing', 'no_stream', [{ type: 'ThingMade', data: {} }]);
    await store.appendToStream('thing-9', 'thing', 'no_stream', [{ type: 'ThingMade', data: {} }]);
    const made = [{ type: 'ThingMade', data: {} }];
    await expect(
      store.appendToStreams([
        { streamId: 'thing-10', streamType: 'thing', expected: 'no_stream', events: made },
        { streamId: 'thing-8', streamType: 'thing', expected: 5, events: made },
      ]),
    ).rejects.toThrow(ConcurrencyConflictError);
    await expect(
      store.appendToStreams([{ streamId: 'thing-10', streamType: 'thing', expected: 'no_stream', events: made }], {
        require: [{ streamId: 'thing-9', version: 2 }],
      }),
    ).rejects.toThrow(ConcurrencyConflictError);
    expect(await countRows(database.pool, "SELECT count(*) FROM streams WHERE stream_id = 'thing-10'")).toBe(0);
    expect(await store.readStream('thing-8')).toHaveLength(1);

    const appended = await store.appendToStreams(
      [
        { streamId: 'thing-10', streamType: 'thing', expected: 'no_stream', events: made },
        { streamId: 'thing-8', streamType: 'thing', expected: 1, events: made },
      ],
      { require: [{ streamId: 'thing-9', version: 1 }] },
    );
    expect(Object.fromEntries(appended.nextVersions)).toEqual({ 'thing-10': 1, 'thing-8': 2 });
  });

  it("an append from a transaction older than the stream's last append is refused, so the log never misorders a stream", async () => {
    await store.appendToStream('thing-order', 'thing', 'no_stream', [{ type: 'ThingMade', data: {} }]);
    const older = await database.pool.connect();
    try {
      await older.query('BEGIN');
      // The older transaction writes to another stream first, which gives it its transaction id now...
      await new EventStore(older).appendToStream('thing-first', 'thing', 'no_stream', [{ type: 'ThingMade', data: {} }]);
      // ...then a newer transaction appends version 2 and commits...
      await store.appendToStream('thing-order', 'thing', 1, [{ type: 'ThingChanged', data: { by: 'newer' } }]);
      // ...so version 3 from the older transaction would sort before version 2 in (transaction_id, position).
      await expect(
        new EventStore(older).appendToStream('thing-order', 'thing', 2, [{ type: 'ThingChanged', data: { by: 'older' } }]),
      ).rejects.toThrow(ConcurrencyConflictError);
    } finally {
      await older.query('ROLLBACK');
      older.release();
    }
    // A retry in a new transaction gets a newer id and succeeds.
    await store.appendToStream('thing-order', 'thing', 2, [{ type: 'ThingChanged', data: { by: 'retry' } }]);
    const inLogOrder = await database.pool.query(
      "SELECT stream_version, data->>'by' AS by FROM events WHERE stream_id = 'thing-order' ORDER BY transaction_id, position",
    );
    expect(inLogOrder.rows).toEqual([
      { stream_version: '1', by: null },
      { stream_version: '2', by: 'newer' },
      { stream_version: '3', by: 'retry' },
    ]);
  });

  it("an append inside a transaction newer than the stream's last append is accepted", async () => {
    await store.appendToStream('thing-later', 'thing', 'no_stream', [{ type: 'ThingMade', data: {} }]);
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      await new EventStore(client).appendToStream('thing-before', 'thing', 'no_stream', [{ type: 'ThingMade', data: {} }]);
      await new EventStore(client).appendToStream('thing-later', 'thing', 1, [{ type: 'ThingChanged', data: {} }]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await store.readStream('thing-later')).toHaveLength(2);
  });

  it('a stream id built for another stream type, or an existing stream of another type, is refused', async () => {
    await expect(store.appendToStream('thing-6', 'widget', 'no_stream', [{ type: 'WidgetMade', data: {} }])).rejects.toThrow(
      StreamTypeMismatchError,
    );
    await database.pool.query("INSERT INTO streams (stream_id, stream_type, version) VALUES ('thing-7', 'legacy', 1)");
    await expect(store.appendToStream('thing-7', 'thing', 1, [{ type: 'ThingChanged', data: {} }])).rejects.toThrow(
      StreamTypeMismatchError,
    );
    expect(await countRows(database.pool, "SELECT count(*) FROM events WHERE stream_id IN ('thing-6', 'thing-7')")).toBe(0);
  });

  it('an event larger than the publisher can send is refused at append time with a 413, and nothing is appended', async () => {
    const tooLarge = { type: 'ThingMade', data: { blob: 'x'.repeat(MAX_EVENT_BYTES) } };
    const refusal = store.appendToStream('thing-big', 'thing', 'no_stream', [{ type: 'ThingMade', data: {} }, tooLarge]);
    await expect(refusal).rejects.toThrow(EventTooLargeError);
    expect(toHttpFailure(await refusal.catch((error: unknown) => error)).status).toBe(413);
    expect(await store.readStream('thing-big')).toHaveLength(0);
    expect(await countRows(database.pool, "SELECT count(*) FROM streams WHERE stream_id = 'thing-big'")).toBe(0);
    // Just under the limit is still fine, and is what the Kafka sink sends alone in a batch.
    const fits = { blob: 'x'.repeat(MAX_EVENT_BYTES - RECORD_HEADER_ALLOWANCE - 100) };
    await store.appendToStream('thing-big', 'thing', 'no_stream', [{ type: 'ThingMade', data: fits }]);
    expect(MAX_SEND_BYTES).toBe(MAX_EVENT_BYTES);
  });

  it('old event schemas are upcast when read, and the stored row is left as it was', async () => {
    const upcasters = new UpcasterRegistry([
      { eventType: 'ThingRenamed', fromVersion: 1, upcast: (data) => ({ ...(data as object), reason: 'unknown' }) },
    ]);
    await database.pool.query(
      `INSERT INTO events (stream_id, stream_type, stream_version, event_id, event_type, schema_version, data)
       VALUES ('thing-5', 'thing', 1, gen_random_uuid(), 'ThingRenamed', 1, '{"name":"old"}')`,
    );
    const [event] = await new EventStore(database.pool, upcasters).readStream('thing-5');
    expect(event).toMatchObject({ schemaVersion: 2, data: { name: 'old', reason: 'unknown' } });
    const stored = await database.pool.query("SELECT data FROM events WHERE stream_id = 'thing-5'");
    expect(stored.rows[0].data).toEqual({ name: 'old' });
  });

  it("the stores the apps build read through the domain's one upcaster registry", async () => {
    expect(createEventStore(database.pool).upcasters).toBe(upcasters);
    const app = await startTestApp({}, database);
    try {
      expect(app.service.store.upcasters).toBe(upcasters);
    } finally {
      await app.close();
    }
  });
});

describe('reading the whole log under concurrent appends', () => {
  const WRITERS = 8;
  const EVENTS_PER_WRITER = 500;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.pool.query(
      'CREATE TABLE seen (seq bigint GENERATED ALWAYS AS IDENTITY, consumer text, position bigint, stream_id text, stream_version bigint, PRIMARY KEY (consumer, position))',
    );
  });
  afterAll(() => database.drop());

  /** A projection that records every event it is given; the primary key turns a repeat into a failure. */
  const recorder = (name: string): LogConsumer => ({
    name,
    delivery: 'transactional',
    async handle(events, db) {
      for (const event of events) {
        await db.query('INSERT INTO seen (consumer, position, stream_id, stream_version) VALUES ($1, $2, $3, $4)', [
          name,
          event.position.toString(),
          event.streamId,
          event.streamVersion,
        ]);
      }
    },
  });

  it('projectors and the Kafka publisher see every event exactly once, in stream order, even when transactions commit out of order', async () => {
    const brokers = process.env.KAFKA_BROKERS!;
    const topicPrefix = uniqueTopicPrefix();
    const sink = new KafkajsEventSink({ kafkaBrokers: [brokers], kafkaClientId: 'gap-free-test', kafkaTopicPartitions: 3 });
    const publisher = new KafkaPublisher(sink, { kafkaTopicPrefix: topicPrefix, cloudEventsSource: '/gap-free-test' });
    const consumers = [
      runnerFor(database, recorder('projector-a'), 37),
      runnerFor(database, recorder('projector-b'), 500),
      runnerFor(database, publisher, 250),
    ];
    consumers.forEach((runner) => runner.start());

    // Each writer appends to its own streams; every 50th append holds its transaction open for a while,
    // so later positions commit before earlier ones: exactly what a naive position-based reader skips.
    const writer = async (writerId: number) => {
      for (let i = 0; i < EVENTS_PER_WRITER; i++) {
        const streamId = `counter-${writerId}-${i % 5}`;
        const expected = Math.floor(i / 5);
        const event = [{ type: 'Counted', data: { writerId, i } }];
        if (i % 50 === 25) {
          const client = await database.pool.connect();
          try {
            await client.query('BEGIN');
            await new EventStore(client).appendToStream(streamId, 'counter', expected, event);
            await sleep(150);
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        } else {
          await new EventStore(database.pool).appendToStream(streamId, 'counter', expected, event);
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, writerId) => writer(writerId)));

    const total = WRITERS * EVENTS_PER_WRITER;
    try {
      for (const name of ['projector-a', 'projector-b']) {
        const seen = () => countRows(database.pool, `SELECT count(*) FROM seen WHERE consumer = '${name}'`);
        await waitUntil(`${name} saw ${total} events`, async () => (await seen()) >= total, 60_000);
      }
      await waitUntilCaughtUp(database.pool, 'kafka-publisher', 60_000);
    } finally {
      await Promise.all(consumers.map((runner) => runner.stop()));
      await sink.close();
    }

    const topic = `${topicPrefix}counter`;
    const records = await consumeTopic(brokers, topic, total, 60_000);
    expect(await recordsInTopic(brokers, topic)).toBe(total);
    const eventIds = await database.pool.query('SELECT event_id FROM events');
    expect(new Set(records.map((record) => record.headers.ce_id))).toEqual(new Set(eventIds.rows.map((row) => row.event_id)));
    const versionsByKey = new Map<string, number[]>();
    for (const record of records) {
      versionsByKey.set(record.key, [...(versionsByKey.get(record.key) ?? []), Number(record.headers.robustmq_stream_version)]);
    }
    for (const versions of versionsByKey.values()) expect(versions).toEqual(versions.map((_, index) => index + 1));

    for (const name of ['projector-a', 'projector-b']) {
      const seen = await database.pool.query('SELECT position FROM seen WHERE consumer = $1', [name]);
      const all = await database.pool.query('SELECT position FROM events');
      expect(new Set(seen.rows.map((row) => row.position))).toEqual(new Set(all.rows.map((row) => row.position)));
      expect(seen.rowCount).toBe(total);
      // Per stream, the order of consumption (`seq`) must be the stream's version order.
      const outOfOrder = await database.pool.query(
        `SELECT count(*) FROM (
           SELECT stream_version, lag(stream_version) OVER (PARTITION BY stream_id ORDER BY seq) AS previous
             FROM seen WHERE consumer = $1) ordered
          WHERE previous IS NOT NULL AND stream_version <> previous + 1`,
        [name],
      );
      expect(Number(outOfOrder.rows[0].count)).toBe(0);
    }
  }, 120_000);
});
