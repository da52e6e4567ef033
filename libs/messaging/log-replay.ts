import { setTimeout as sleep } from 'node:timers/promises';
import { checkpointOf, type EventStore, isAtOrAfter, type LogSpan, type RecordedEvent } from '#libs/event-store';
import { toCloudEventRecord, type CloudEventsMapping } from './cloud-events.js';
import type { EventSink } from './event-sink.js';

/** How long the replay waits when transactions older than the span's end are still running (ADR 0001). */
const OLDER_TRANSACTIONS_POLL_MS = 200;

export interface ReplayRequest {
  span: LogSpan;
  /** Only events of streams of this type; every type when undefined. */
  streamType?: string;
  /** One topic for every record; each event's usual topic when undefined. */
  toTopic?: string;
  /** Events read from the log at once. */
  batchSize: number;
  /** Stops the replay after the batch being sent. */
  signal?: AbortSignal;
}

export interface ReplayProgress {
  /** Records sent and acknowledged. */
  replayed: number;
  /** The last event read, in log order; undefined before the first batch. */
  lastRead: RecordedEvent | undefined;
  /** Whether the replay reached the span's end. */
  done: boolean;
}

/**
 * Sends a span of the log to Kafka again, in log order, as the records the publisher sent: same key,
 * headers (`ce_id` first of all) and value, so consumers drop the ones they already have. It reads
 * with the gap-free reader and keeps no checkpoint: the publisher's progress is not touched. Each
 * batch is acknowledged (acks -1) before the next is read.
 */
export async function replayLog(
  store: EventStore,
  sink: EventSink,
  mapping: CloudEventsMapping,
  request: ReplayRequest,
  onBatch: (progress: ReplayProgress) => void = () => undefined,
): Promise<ReplayProgress> {
  const { span, streamType, toTopic, batchSize, signal } = request;
  const progress: ReplayProgress = { replayed: 0, lastRead: undefined, done: false };
  let cursor = span.start;
  while (!isAtOrAfter(cursor, span.end) && !signal?.aborted) {
    const batch = await store.readAllAfter(cursor, batchSize);
    if (batch.length === 0) {
      await sleep(OLDER_TRANSACTIONS_POLL_MS);
      continue;
    }
    const chosen = batch.filter(
      (event) =>
        isAtOrAfter(span.end, checkpointOf(event)) &&
        event.position >= span.fromPosition &&
        event.position <= span.toPosition &&
        (streamType === undefined || event.streamType === streamType),
    );
    await sink.send(
      chosen.map((event) => {
        const record = toCloudEventRecord(event, mapping);
        return toTopic === undefined ? record : { ...record, topic: toTopic };
      }),
    );
    progress.replayed += chosen.length;
    progress.lastRead = batch.at(-1)!;
    cursor = checkpointOf(progress.lastRead);
    onBatch(progress);
  }
  progress.done = isAtOrAfter(cursor, span.end);
  return progress;
}
