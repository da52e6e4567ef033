// Loads every aggregate, and so defines every stream type that --type may name.
import '#libs/domain/upcasters';
import { streamTypeNames } from '#libs/domain/shared';
import { logSpans, type LogSpan, type Queryable } from '#libs/event-store';
import { KafkajsEventSink, publishedCloudEventsMapping, replayLog, type ReplayProgress } from '#libs/messaging';
import { createEventStore, openDatabase } from '#libs/runtime';
import { runProcess } from '../../shared/process.js';
import { parseReplayArguments, type ReplayArguments, USAGE, UsageError } from './replay-arguments.js';

const PROGRESS_INTERVAL_MS = 1_000;

/**
 * `npm run replay`: sends a range of the log to Kafka again, with the original event ids, for a
 * downstream service that lost its state. It has its own Kafka client and keeps no checkpoint, so the
 * live publisher goes on undisturbed. Bad arguments exit 2 (as `npm run parked`), failures 1.
 */
await runProcess(async (settings, logger) => {
  const request = parseOrExit(process.argv.slice(2));
  if (settings.kafkaBrokers.length === 0) {
    process.stderr.write('KAFKA_BROKERS is unset: set it to the brokers to replay to\n');
    process.exit(1);
  }
  const database = await openDatabase(settings, logger);
  const sink = new KafkajsEventSink({ ...settings, kafkaClientId: `${settings.kafkaClientId}-replay` }, logger);
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => stop.abort());
  const startedAt = Date.now();
  let progress: ReplayProgress = { replayed: 0, lastRead: undefined, done: false };
  let exitCode = 0;
  try {
    const span = await spanOf(database.pool, request);
    if (!span) {
      process.stderr.write('replay: no event in that range\n');
    } else {
      let reportedAt = startedAt;
      progress = await replayLog(
        createEventStore(database.pool),
        sink,
        publishedCloudEventsMapping(settings),
        { span, streamType: request.streamType, toTopic: request.toTopic, batchSize: settings.consumerBatchSize, signal: stop.signal },
        (current) => {
          progress = current;
          if (Date.now() - reportedAt < PROGRESS_INTERVAL_MS) return;
          reportedAt = Date.now();
          report('running', current, span, startedAt);
        },
      );
      report(progress.done ? 'done' : 'interrupted', progress, span, startedAt);
      if (!progress.done) exitCode = 1;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `replay failed after ${progress.replayed} record(s): ${message}\nrun it again: consumers drop the records they already have by ce_id\n`,
    );
    exitCode = 1;
  } finally {
    await sink.close();
    await database.close();
  }
  process.exit(exitCode);
});

function parseOrExit(args: readonly string[]): ReplayArguments {
  try {
    return parseReplayArguments(args, streamTypeNames());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
}

/** The positions the bounds stand for: a time is the first (or last) event recorded at or after (before) it. */
async function spanOf(db: Queryable, { from, to }: ReplayArguments): Promise<LogSpan | undefined> {
  const fromPosition = 'position' in from ? from.position : await logSpans.firstPositionAtOrAfter(db, from.time);
  if (fromPosition === undefined) return undefined;
  if (to === undefined) return logSpans.span(db, fromPosition, undefined);
  const toPosition = 'position' in to ? to.position : await logSpans.lastPositionAtOrBefore(db, to.time);
  if (toPosition === undefined || fromPosition > toPosition) return undefined;
  return logSpans.span(db, fromPosition, toPosition);
}

function report(state: 'running' | 'done' | 'interrupted', progress: ReplayProgress, span: LogSpan, startedAt: number): void {
  const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001);
  const at = progress.lastRead ? `, last read: position ${progress.lastRead.position}` : '';
  process.stderr.write(
    `replay ${state}: ${progress.replayed} event(s) sent of positions ${span.fromPosition}..${span.toPosition}${at}, ` +
      `${Math.round(progress.replayed / seconds)} events/s\n`,
  );
}
