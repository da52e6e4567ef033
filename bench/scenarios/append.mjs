// append: events/s of the event store's append beside Emmett's, at 1/8/32 concurrent writers and 1/10 events
// per append. Each writer appends to a stream of its own with the version it holds as the expected version,
// which is how a command appends; the first append of a stream expects "no stream".
import { performance } from 'node:perf_hooks';
import { createDatabase } from '../lib/database.mjs';
import { MIGRATE_MAIN, runToEnd } from '../lib/processes.mjs';
import { emmettStore, ourStore } from '../lib/stores.mjs';

const WRITERS = [1, 8, 32];
const EVENTS_PER_APPEND = [1, 10];

export async function appendScenarios({ adminUrl, sizes, runId }) {
  const ourUrl = await createDatabase(adminUrl, 'bench_append');
  await runToEnd(MIGRATE_MAIN, { DATABASE_URL: ourUrl });
  const emmettUrl = await createDatabase(adminUrl, 'bench_emmett');
  const poolSize = Math.max(...WRITERS);
  const ours = await ourStore(ourUrl, poolSize);
  const emmett = await emmettStore(emmettUrl, poolSize);
  const scenarios = [];
  try {
    for (const eventsPerAppend of EVENTS_PER_APPEND) {
      for (const writers of WRITERS) {
        const options = { writers, eventsPerAppend, sizes, runId: `${runId}-${writers}x${eventsPerAppend}` };
        // Alternate who goes first, so that neither store always runs on the warmer (or busier) machine.
        const oursFirst = scenarios.length % 2 === 1;
        const first = await appendRate(oursFirst ? ours : emmett, options);
        const second = await appendRate(oursFirst ? emmett : ours, options);
        const [figure, baseline] = oursFirst ? [first, second] : [second, first];
        scenarios.push({
          name: `append, ${writers} writer${writers > 1 ? 's' : ''}, ${eventsPerAppend} event${eventsPerAppend > 1 ? 's' : ''} per append`,
          figure,
          unit: 'events/s (ratio = figure / baseline)',
          baseline: { name: emmett.name, figure: baseline },
          target: writers >= 8 ? 'ratio >= 1.5' : 'reported (no target for 1 writer)',
          meets: (ratio) => (writers >= 8 ? ratio >= 1.5 : true),
        });
        console.log(`[bench] append ${writers}x${eventsPerAppend}: ${figure} events/s vs emmett ${baseline}`);
      }
    }
  } finally {
    await ours.close();
    await emmett.close();
  }
  return scenarios;
}

/** Warm-up, then `sizes.appendSeconds` of every writer appending as fast as it can; events/s of the measured part. */
async function appendRate(store, { writers, eventsPerAppend, sizes, runId }) {
  const streamVersions = new Map();
  const run = async (seconds, phase) => {
    let events = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        const streamId = `bench-${runId}-${phase}-${writer}`;
        let version = streamVersions.get(streamId) ?? 0;
        while (performance.now() < until) {
          const batch = Array.from({ length: eventsPerAppend }, (_, index) => ({
            type: 'BenchAppended',
            data: { writer, index, version, note: 'an event of a typical size: a few fields of text and numbers' },
          }));
          ({ version } = await store.append(streamId, 'bench', version, batch));
          events += eventsPerAppend;
        }
        streamVersions.set(streamId, version);
      }),
    );
    return events;
  };
  await run(sizes.warmupSeconds, 'warmup');
  const started = performance.now();
  const events = await run(sizes.appendSeconds, 'run');
  return Math.round(events / ((performance.now() - started) / 1000));
}
