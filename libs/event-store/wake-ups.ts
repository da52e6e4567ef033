import type { LogCheckpoint } from './events.js';
import type { Queryable } from './event-store.js';

/** Channel of the wake-up sent after events commit; log consumers of other processes LISTEN on it. */
export const APPENDED_CHANNEL = 'event_log_appended';
/** Channel of the wake-up sent after a consumer's checkpoint commits; read-your-writes LISTENs on it. */
export const CHECKPOINT_CHANNEL = 'consumer_checkpoint';

type AppendedListener = () => void;
type CheckpointListener = (consumer: string, checkpoint: LogCheckpoint) => void;

/**
 * Tells whoever follows the log that it moved, always after the commit and never from inside the
 * writing transaction: Postgres makes every commit with a pending notification wait behind one global
 * lock (DESIGN §Projections). Listeners in this process are called at once; other processes get a
 * NOTIFY from an autocommit statement, coalesced so a burst of appends sends one or two of them.
 */
export class WakeUps {
  private readonly appendedListeners = new Set<AppendedListener>();
  private readonly checkpointListeners = new Set<CheckpointListener>();
  private readonly notifier: CoalescedNotifier | undefined;

  /** Without `db`, only listeners in this process are woken. */
  constructor(db?: Queryable) {
    this.notifier = db ? new CoalescedNotifier(db) : undefined;
  }

  /** Called once events have committed. */
  appended(): void {
    for (const listener of this.appendedListeners) listener();
    this.notifier?.notify(APPENDED_CHANNEL, '');
  }

  /** Called once a consumer's checkpoint has committed. */
  checkpointMoved(consumer: string, checkpoint: LogCheckpoint): void {
    for (const listener of this.checkpointListeners) listener(consumer, checkpoint);
    this.notifier?.notify(CHECKPOINT_CHANNEL, formatCheckpointPayload(consumer, checkpoint), `${CHECKPOINT_CHANNEL}:${consumer}`);
  }

  /** Returns the function that stops listening. */
  onAppended(listener: AppendedListener): () => void {
    this.appendedListeners.add(listener);
    return () => this.appendedListeners.delete(listener);
  }

  onCheckpointMoved(listener: CheckpointListener): () => void {
    this.checkpointListeners.add(listener);
    return () => this.checkpointListeners.delete(listener);
  }
}

interface Lane {
  inFlight: boolean;
  /** The payload still to send, the latest one asked for. */
  pending: string | undefined;
}

/**
 * At most one NOTIFY in flight per lane. Asking while one is in flight only remembers the payload,
 * sent once that one is done: so the last request is always followed by a NOTIFY that leaves after
 * it, and a burst of hundreds costs two.
 */
export class CoalescedNotifier {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly db: Queryable) {}

  notify(channel: string, payload: string, laneName = channel): void {
    let lane = this.lanes.get(laneName);
    if (!lane) {
      lane = { inFlight: false, pending: undefined };
      this.lanes.set(laneName, lane);
    }
    lane.pending = payload;
    if (!lane.inFlight) void this.drain(channel, lane);
  }

  private async drain(channel: string, lane: Lane): Promise<void> {
    lane.inFlight = true;
    while (lane.pending !== undefined) {
      const payload = lane.pending;
      lane.pending = undefined;
      try {
        await this.db.query('SELECT pg_notify($1, $2)', [channel, payload]);
      } catch {
        // Postgres is unreachable: the listeners poll, so a lost wake-up only costs latency.
      }
    }
    lane.inFlight = false;
  }
}

export function formatCheckpointPayload(consumer: string, checkpoint: LogCheckpoint): string {
  return `${consumer}:${checkpoint.transactionId}:${checkpoint.position}`;
}

export function parseCheckpointPayload(payload: string): { consumer: string; checkpoint: LogCheckpoint } | undefined {
  const match = /^(.*):(\d+):(\d+)$/.exec(payload);
  if (!match) return undefined;
  return { consumer: match[1]!, checkpoint: { transactionId: BigInt(match[2]!), position: BigInt(match[3]!) } };
}
