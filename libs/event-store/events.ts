/** An event as the domain produces it, before it has a place in the log. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** Who caused an event and in answer to what; stored beside every event for audit and tracing. */
export interface EventMetadata {
  actor?: string;
  request_id?: string;
  correlation_id?: string;
  causation_id?: string;
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
 * What the writer believes the stream's version is: no stream yet, exactly N events, or anything.
 * Stream versions start at 1 for the first event.
 */
export type ExpectedVersion = 'no_stream' | 'any' | number;

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

export class ConcurrencyConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
  ) {
    super(`stream ${streamId} was changed concurrently (expected version ${String(expected)})`);
  }
}
