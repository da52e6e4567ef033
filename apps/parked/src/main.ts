import { type ParkedEvent, parkedEvents, retryParkedEvent } from '#libs/event-store';
import { createEventStore, logConsumers, openDatabase } from '#libs/runtime';
import { runProcess } from '../../shared/process.js';

const USAGE = `usage: npm run parked -- list [--consumer NAME]
       npm run parked -- retry (EVENT_ID... | all) [--consumer NAME]
       npm run parked -- discard (EVENT_ID... | all) [--consumer NAME]`;

interface Request {
  action: 'list' | 'retry' | 'discard';
  eventIds: string[] | 'all';
  consumer: string | undefined;
}

/**
 * `npm run parked`: the events log consumers parked because they could not handle them. `retry`
 * hands each to its consumer again and takes it off the list once that worked; `discard` takes it off.
 */
await runProcess(async (settings, logger) => {
  const request = parseArguments(process.argv.slice(2));
  const database = await openDatabase(settings, logger);
  const { consumers, sink } = logConsumers(settings, logger);
  const store = createEventStore(database.pool);
  const settleOne = async (parked: ParkedEvent): Promise<void> => {
    if (request.action === 'discard') {
      await parkedEvents.remove(database.pool, parked.consumer, parked.eventId);
      return;
    }
    const consumer = consumers.find((candidate) => candidate.name === parked.consumer);
    if (!consumer) throw new Error(`consumer ${parked.consumer} does not run here (is KAFKA_BROKERS set for kafka-publisher?)`);
    await retryParkedEvent(database.pool, store, consumer, parked);
  };
  let failed = false;
  try {
    const chosen = (await parkedEvents.list(database.pool, request.consumer)).filter(
      (parked) => request.eventIds === 'all' || request.eventIds.includes(parked.eventId),
    );
    if (request.action === 'list') {
      for (const parked of chosen) print(parked);
      process.stdout.write(`${chosen.length} parked event(s)\n`);
    } else {
      if (chosen.length === 0) process.stdout.write('no parked event matches\n');
      failed = chosen.length === 0 && request.eventIds !== 'all';
      for (const parked of chosen) failed = !(await settle(parked, request.action, () => settleOne(parked))) || failed;
    }
  } finally {
    await sink?.close();
    await database.close();
  }
  process.exit(failed ? 1 : 0);
});

async function settle(parked: ParkedEvent, action: 'retry' | 'discard', work: () => Promise<void>): Promise<boolean> {
  const what = `${parked.consumer} ${parked.eventId} (${parked.eventType} at position ${parked.position})`;
  try {
    await work();
    process.stdout.write(`${action === 'retry' ? 'applied' : 'discarded'} ${what}\n`);
    return true;
  } catch (error) {
    process.stdout.write(`still failing: ${what}: ${error instanceof Error ? error.message : String(error)}\n`);
    return false;
  }
}

function print(parked: ParkedEvent): void {
  process.stdout.write(
    `${JSON.stringify({
      consumer: parked.consumer,
      event_id: parked.eventId,
      event_type: parked.eventType,
      position: parked.position.toString(),
      attempts: parked.attempts,
      parked_at: parked.parkedAt.toISOString(),
      error: parked.error,
    })}\n`,
  );
}

function parseArguments(args: readonly string[]): Request {
  const [action, ...rest] = args;
  if (action !== 'list' && action !== 'retry' && action !== 'discard') return usage();
  let consumer: string | undefined;
  const ids: string[] = [];
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index]!;
    if (arg === '--consumer') consumer = rest[++index] ?? usage();
    else ids.push(arg);
  }
  if (action === 'list') return ids.length === 0 ? { action, eventIds: 'all', consumer } : usage();
  if (ids.length === 0) return usage();
  return { action, eventIds: ids.length === 1 && ids[0] === 'all' ? 'all' : ids, consumer };
}

function usage(): never {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
