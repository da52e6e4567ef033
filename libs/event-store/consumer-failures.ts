/** The checkpoint moved under this consumer: another instance leads now. Never the event's fault. */
export class LostLeadershipError extends Error {
  constructor(consumer: string) {
    super(`checkpoint of ${consumer} was moved by another instance`);
  }
}

/** SQLSTATEs that say Postgres, not the statement, failed: connection lost, shutting down, overloaded, or a retryable conflict. */
const TRANSIENT_SQLSTATE = /^(08|57P0[1-3]|53300|40001|40P01|55P03)/;
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
/** node-postgres reports a lost or unobtainable connection with plain Errors carrying these texts. */
const TRANSIENT_PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connection error|Cannot use a pool after calling end|Client was closed/i;

/**
 * True when a failure says nothing about the events being handled (Postgres unreachable, leadership
 * lost), so the batch is retried with back-off for ever and never parked.
 */
export function isTransientDatabaseFailure(error: unknown): boolean {
  if (error instanceof LostLeadershipError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODES.has(code))) return true;
  return TRANSIENT_PG_MESSAGES.test(error.message);
}

/** The error's message, with the kind of failure a wrapped cause names (e.g. kafkajs' MESSAGE_TOO_LARGE). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const type = (cause as { type?: unknown }).type;
    if (typeof type === 'string') return `${error.message} (${type})`;
  }
  return error.message;
}
