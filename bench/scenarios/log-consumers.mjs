// Scenarios of the log consumers: projection lag and Kafka latency at a steady rate, the Kafka drain after an
// outage, and a projection catching up on a long log.
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { PROJECTION, checkpointPosition, createDatabase, isCaughtUp, queryOnce, waitFor } from '../lib/database.mjs';
import { MIGRATE_MAIN, WORKER_MAIN, runToEnd, startNode } from '../lib/processes.mjs';
import { ourStore } from '../lib/stores.mjs';

const PUBLISHER = 'kafka-publisher';
const TENANT_TOPIC = 'robustmq.admin.tenant';
const RATE_PER_SECOND = 1_000;
const POLL_MS = 2;

/**
 * One TenantCreated append (one event, one new tenant) every millisecond on average, for a warm-up and then
 * `sizes.lagSeconds`, each announced after its commit with a coalesced NOTIFY, as by an API process (the app's
 * consumers would otherwise only find them at their next poll). For each append: from its commit (the append call returning) to the projection's
 * checkpoint passing it (polled every 2 ms), and to a kafkajs consumer in this process receiving it.
 */
export async function lagScenarios({ appDatabaseUrl, brokers, sizes, runId }) {
  // The bench appends from its own process, so it announces its appends as an API process would.
  const store = await ourStore(appDatabaseUrl, 16, { announce: true });
  const poller = new pg.Client({ connectionString: appDatabaseUrl });
  await poller.connect();
  const consumer = await startTopicConsumer(brokers, runId);
  try {
    await steadyAppends({ store, poller, consumer, seconds: sizes.warmupSeconds, prefix: `lagw-${runId}` });
    const { projectionMs, kafkaMs, appended } = await steadyAppends({
      store,
      poller,
      consumer,
      seconds: sizes.lagSeconds,
      prefix: `lag-${runId}`,
    });
    const missing = appended - kafkaMs.length;
    const absolute = { name: 'none: absolute target', figure: null };
    const at = `at ${RATE_PER_SECOND} events/s (${appended} appends of 1 event)`;
    console.log(
      `[bench] lag: projection p50 ${percentile(projectionMs, 50)} p99 ${percentile(projectionMs, 99)}; kafka p50 ${percentile(kafkaMs, 50)} p99 ${percentile(kafkaMs, 99)}`,
    );
    const kafkaNotes = missing > 0 ? `${missing} of ${appended} events not received by the bench consumer within the wait` : undefined;
    return [
      {
        name: `projection lag p50, append → applied, ${at}`,
        figure: percentile(projectionMs, 50),
        unit: 'ms (checkpoint polled every 2 ms)',
        baseline: absolute,
        target: 'reported',
        meets: () => true,
      },
      {
        name: `projection lag p99, append → applied, ${at}`,
        figure: percentile(projectionMs, 99),
        unit: 'ms (checkpoint polled every 2 ms)',
        baseline: absolute,
        target: 'p99 <= 20 ms',
        meets: (ms) => ms <= 20,
      },
      {
        name: `Kafka latency p50, append → consumed, ${at}`,
        figure: percentile(kafkaMs, 50),
        unit: 'ms',
        baseline: absolute,
        target: 'reported',
        meets: () => true,
        notes: kafkaNotes,
      },
      {
        name: `Kafka latency p99, append → consumed, ${at}`,
        figure: percentile(kafkaMs, 99),
        unit: 'ms',
        baseline: absolute,
        target: 'p99 <= 100 ms',
        meets: (ms) => ms <= 100,
        notes: kafkaNotes,
      },
    ];
  } finally {
    await consumer.stop();
    await poller.end();
    await store.close();
  }
}

async function steadyAppends({ store, poller, consumer, seconds, prefix }) {
  const pending = []; // appended, not yet seen applied: { committedAt, transactionId, position }
  const projectionMs = [];
  const kafkaMs = [];
  const committedAt = new Map(); // stream id → commit time, for the Kafka side
  consumer.onMessage = (streamId, receivedAt) => {
    const at = committedAt.get(streamId);
    if (at !== undefined) kafkaMs.push(Math.max(0, receivedAt - at));
  };
  let appended = 0;
  let stopPolling = false;
  const polling = (async () => {
    while (!stopPolling || pending.length > 0) {
      const result = await poller.query('SELECT transaction_id, position FROM consumer_checkpoints WHERE consumer_name = $1', [PROJECTION]);
      const now = performance.now();
      const row = result.rows[0];
      if (row) {
        const [tx, pos] = [BigInt(row.transaction_id), BigInt(row.position)];
        for (let index = pending.length - 1; index >= 0; index--) {
          const event = pending[index];
          if (tx > event.transactionId || (tx === event.transactionId && pos >= event.position)) {
            projectionMs.push(now - event.committedAt);
            pending.splice(index, 1);
          }
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();

  const started = performance.now();
  const inFlight = new Set();
  while (performance.now() - started < seconds * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * RATE_PER_SECOND);
    while (appended < due) {
      const n = appended++;
      const tenant_name = `${prefix}-${n}`;
      const streamId = `tenant-${tenant_name}`;
      const data = { tenant_name, desc: '', config: {}, create_time: 1_700_000_000 };
      const append = store.append(streamId, 'tenant', 0, [{ type: 'TenantCreated', data }]).then((result) => {
        const at = performance.now();
        committedAt.set(streamId, at);
        pending.push({ committedAt: at, transactionId: result.transactionId, position: result.position });
        inFlight.delete(append);
      });
      inFlight.add(append);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  stopPolling = true;
  await polling;
  // The last events may still be on their way to the consumer.
  await waitFor('Kafka to deliver the appended events', async () => kafkaMs.length >= appended, { timeoutMs: 10_000 }).catch(
    () => undefined,
  );
  consumer.onMessage = () => undefined;
  return { projectionMs, kafkaMs, appended };
}

/** A kafkajs consumer of the tenant topic, in a group of its own, reading from the end of the topic. */
async function startTopicConsumer(brokers, runId) {
  const kafka = new Kafka({ clientId: 'robustmq-admin-bench', brokers: [brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TENANT_TOPIC, numPartitions: 3 }], waitForLeaders: true }).catch(() => undefined);
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `robustmq-admin-bench-${runId}`, maxWaitTimeInMs: 100 });
  const handle = { onMessage: () => undefined, stop: () => consumer.disconnect() };
  await consumer.connect();
  await consumer.subscribe({ topic: TENANT_TOPIC, fromBeginning: false });
  const fetched = new Promise((resolve) => consumer.on(consumer.events.FETCH, resolve));
  await consumer.run({
    eachMessage: async ({ message }) => handle.onMessage(message.headers?.ce_subject?.toString(), performance.now()),
  });
  await fetched;
  return handle;
}

/**
 * Stops the broker (by its PID), appends `sizes.backlog` events (10 per append, stream type `bench`, which no
 * projection handles), restarts the broker, and times the publisher from its first move to the head of the log.
 */
export async function drainScenario({ appDatabaseUrl, broker, sizes, runId }) {
  await broker.stop();
  const store = await ourStore(appDatabaseUrl, 16);
  try {
    let next = 0;
    const appends = sizes.backlog / 10;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let n = next++; n < appends; n = next++) {
          const events = Array.from({ length: 10 }, (_, index) => ({
            type: 'BenchAppended',
            data: { n, index, note: 'backlog while Kafka is down' },
          }));
          await store.append(`bench-drain-${runId}-${n}`, 'bench', 0, events);
        }
      }),
    );
  } finally {
    await store.close();
  }
  const db = new pg.Client({ connectionString: appDatabaseUrl });
  await db.connect();
  try {
    const before = await checkpointPosition(db, PUBLISHER);
    await broker.start();
    let movedAt;
    let movedFrom;
    await waitFor(
      'the publisher to drain the backlog',
      async () => {
        const position = await checkpointPosition(db, PUBLISHER);
        if (movedAt === undefined && position !== before) [movedAt, movedFrom] = [performance.now(), position];
        return movedAt !== undefined && (await isCaughtUp(db, PUBLISHER));
      },
      { timeoutMs: 10 * 60_000, everyMs: 50 },
    );
    const seconds = (performance.now() - movedAt) / 1000;
    const { rows } = await db.query('SELECT count(*)::int AS events FROM events WHERE position > $1', [movedFrom.toString()]);
    const rate = Math.round(rows[0].events / seconds);
    console.log(`[bench] drain: ${rows[0].events} events in ${seconds.toFixed(1)}s after the first batch`);
    return [
      {
        name: `Kafka drain of a ${sizes.backlog}-event backlog after the broker was down`,
        figure: rate,
        unit: 'events/s (timed from the publisher’s first batch after the restart to the head of the log)',
        baseline: { name: 'none: absolute target', figure: null },
        target: '>= 20000 events/s',
        meets: (value) => value >= 20_000,
      },
    ];
  } finally {
    await db.end();
  }
}

/**
 * A fresh database holding `sizes.catchupEvents` TenantCreated events (written by SQL: the log is the input
 * here, not what is measured), and a worker process (projections only, no Kafka) replaying it from position 0
 * into empty tables. Timed from the checkpoint's first move until it reaches the head, or for at most
 * `sizes.catchupCapSeconds` (then the rate is over the events applied so far).
 */
export async function catchUpScenario({ adminUrl, sizes }) {
  const url = await createDatabase(adminUrl, 'bench_catchup');
  await runToEnd(MIGRATE_MAIN, { DATABASE_URL: url });
  const chunk = 100_000;
  for (let from = 0; from < sizes.catchupEvents; from += chunk) {
    await queryOnce(
      url,
      `INSERT INTO events (stream_id, stream_type, stream_version, event_id, event_type, schema_version, data)
       SELECT 'tenant-catchup-' || n, 'tenant', 1, gen_random_uuid(), 'TenantCreated', 1,
              jsonb_build_object('tenant_name', 'catchup-' || n, 'desc', '', 'create_time', 1700000000,
                'config', '{"max_connections_per_node":10000000,"max_create_connection_rate_per_second":10000,"max_topics":5000000,"max_sessions":50000000,"max_publish_rate":10000}'::jsonb)
         FROM generate_series($1::int, $2::int) n`,
      [from, Math.min(from + chunk, sizes.catchupEvents) - 1],
    );
  }
  await queryOnce(url, 'VACUUM ANALYZE events');
  const worker = await startNode(WORKER_MAIN, { DATABASE_URL: url });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    let movedAt;
    let capped = false;
    await waitFor(
      'the projection to catch up',
      async () => {
        const position = await checkpointPosition(db, PROJECTION);
        if (movedAt === undefined && position > 0n) movedAt = performance.now();
        if (movedAt !== undefined && performance.now() - movedAt > sizes.catchupCapSeconds * 1000) capped = true;
        return capped || (movedAt !== undefined && (await isCaughtUp(db, PROJECTION)));
      },
      { timeoutMs: (sizes.catchupCapSeconds + 120) * 1000, everyMs: 100 },
    );
    const seconds = (performance.now() - movedAt) / 1000;
    const applied = Number(await checkpointPosition(db, PROJECTION));
    const rate = Math.round(applied / seconds);
    console.log(`[bench] catch-up: ${applied} events in ${seconds.toFixed(1)}s${capped ? ' (capped)' : ''}`);
    return [
      {
        name: `catch-up: a projection replaying ${sizes.catchupEvents} events from position 0 into empty tables`,
        figure: rate,
        unit: 'events/s',
        baseline: { name: 'none: absolute target', figure: null },
        target: '>= 50000 events/s',
        meets: (value) => value >= 50_000,
        notes: capped
          ? `stopped after ${sizes.catchupCapSeconds}s with ${applied} of ${sizes.catchupEvents} events applied; the rate is over those`
          : undefined,
      },
    ];
  } finally {
    await db.end();
    await worker.stop();
  }
}

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)] * 10) / 10;
}
