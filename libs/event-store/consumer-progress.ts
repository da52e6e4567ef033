import type pg from 'pg';
import { checkpoints } from './checkpoints.js';
import { isAtOrAfter, type LogCheckpoint } from './events.js';
import { CHECKPOINT_CHANNEL, parseCheckpointPayload, type WakeUps } from './wake-ups.js';

interface Waiter {
  target: LogCheckpoint;
  consumers: readonly string[];
  resolve(reached: boolean): void;
}

/**
 * Lets a command answer only once the projections have applied its events (read-your-writes).
 * Projectors of this process report each new checkpoint directly (WakeUps); projectors of other
 * processes send a NOTIFY after their commit, which this hears on one LISTEN session. All that
 * processes share is Postgres, so the table is also re-read while anyone waits.
 */
export class ConsumerProgress {
  private session: pg.Client | undefined;
  /** The one reconnect in progress: re-checks that come while it runs wait for it instead of starting another. */
  private connecting: Promise<void> | undefined;
  private refreshing = false;
  private stopped = false;
  private stopHearing: (() => void) | undefined;
  private readonly reached = new Map<string, LogCheckpoint>();
  private readonly waiters = new Set<Waiter>();
  private recheck: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly newSession: () => pg.Client,
    private readonly wakeUps?: WakeUps,
    /** A lost notification (e.g. the listening session dropped) only delays a waiter by this much. */
    private readonly recheckIntervalMs = 250,
  ) {}

  async start(): Promise<void> {
    this.stopHearing = this.wakeUps?.onCheckpointMoved((consumer, checkpoint) => this.record(consumer, checkpoint));
    await this.ensureListening();
    this.recheck = setInterval(() => void this.refreshFromTable(), this.recheckIntervalMs);
    this.recheck.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.recheck);
    this.stopHearing?.();
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters.clear();
    await this.connecting?.catch(() => undefined);
    const session = this.session;
    this.session = undefined;
    await session?.end().catch(() => undefined);
  }

  /** Resolves true once every consumer reached `target`, false when `timeoutMs` runs out first. */
  waitFor(consumers: readonly string[], target: LogCheckpoint, timeoutMs: number): Promise<boolean> {
    if (this.allReached(consumers, target)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), timeoutMs);
      const waiter: Waiter = { target, consumers, resolve: (reached) => finish(reached) };
      const finish = (reached: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(reached);
      };
      this.waiters.add(waiter);
    });
  }

  private ensureListening(): Promise<void> {
    if (this.session || this.stopped) return Promise.resolve();
    this.connecting ??= this.listen().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async listen(): Promise<void> {
    const session = this.newSession();
    const forget = () => {
      if (this.session === session) this.session = undefined;
      void session.end().catch(() => undefined);
    };
    session.on('error', forget);
    session.on('end', forget);
    session.on('notification', (message) => {
      const parsed = message.payload ? parseCheckpointPayload(message.payload) : undefined;
      if (parsed) this.record(parsed.consumer, parsed.checkpoint);
    });
    try {
      await session.connect();
      await session.query(`LISTEN ${CHECKPOINT_CHANNEL}`);
    } catch (error) {
      forget();
      throw error;
    }
    if (this.stopped) return forget();
    const replaced = this.session;
    this.session = session;
    await replaced?.end().catch(() => undefined);
  }

  private async refreshFromTable(): Promise<void> {
    if (this.waiters.size === 0 || this.refreshing) return;
    this.refreshing = true;
    try {
      // Reconnecting must not hold up the re-read: a waiter may be satisfied by the table alone.
      this.ensureListening().catch(() => undefined);
      for (const [consumer, checkpoint] of await checkpoints.loadAll(this.pool)) this.record(consumer, checkpoint);
    } catch {
      // Postgres is unreachable for now; the waiters time out on their own.
    } finally {
      this.refreshing = false;
    }
  }

  private record(consumer: string, checkpoint: LogCheckpoint): void {
    const known = this.reached.get(consumer);
    if (known && isAtOrAfter(known, checkpoint)) return;
    this.reached.set(consumer, checkpoint);
    for (const waiter of this.waiters) {
      if (this.allReached(waiter.consumers, waiter.target)) waiter.resolve(true);
    }
  }

  private allReached(consumers: readonly string[], target: LogCheckpoint): boolean {
    return consumers.every((consumer) => {
      const reached = this.reached.get(consumer);
      return reached !== undefined && isAtOrAfter(reached, target);
    });
  }
}
