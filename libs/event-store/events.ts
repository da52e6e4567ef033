import type { NewEvent } from '#libs/domain/shared';

export type { NewEvent };

/** Who caused an event and in answer to what; stored beside every event for audit and tracing. */
export interface EventMetadata {
  actor?: string;
  request_id?: string;
  correlation_id?: string;
  source_ip?: string;
}

/** An event as stored in the log. `data` is already upcast to the current schema version. */
export interface RecordedEvent<Data = unknown> {
  position: bigint;
  transactionId: bigint;
  streamId: string;
  streamType: string;
  streamVersion: number;
  eventId: string;
  eventType: string;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  recordedAt: Date;
}

/**
 * What the writer believes the stream's version is: no stream yet (also written 0), or exactly N
 * events. Stream versions start at 1 for the first event. There is no "any": every append states
 * what its decision read.
 */
export type ExpectedVersion = 'no_stream' | number;

/** A place in the log, in the order log readers use: by transaction id, then position. */
export interface LogCheckpoint {
  transactionId: bigint;
  position: bigint;
}

export const LOG_START: LogCheckpoint = { transactionId: 0n, position: 0n };

export function isAtOrAfter(checkpoint: LogCheckpoint, target: LogCheckpoint): boolean {
  return (
    checkpoint.transactionId > target.transactionId ||
    (checkpoint.transactionId === target.transactionId && checkpoint.position >= target.position)
  );
}

/**
 * The largest event the Kafka publisher can send: its data, stream id and metadata, plus
 * RECORD_HEADER_ALLOWANCE for the other CloudEvents headers. The event store refuses a bigger event
 * at append time, so the publisher never holds a record Kafka cannot take. Half the broker's default
 * `message.max.bytes` (1 MiB), which also bounds the publisher's batches (libs/messaging).
 */
export const MAX_EVENT_BYTES = 512 * 1024;
export const RECORD_HEADER_ALLOWANCE = 1024;

export class ConcurrencyConflictError extends Error {
  constructor(
    readonly streamId: string,
    reason = 'was changed concurrently',
  ) {
    super(`stream ${streamId} ${reason}`);
  }
}

/** A stream id used with a stream type it was not built for: a bug in the caller, never retried. */
export class StreamTypeMismatchError extends Error {}
