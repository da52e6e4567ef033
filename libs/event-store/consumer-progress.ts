import type pg from 'pg';
import { checkpoints } from './checkpoints.js';
import { isAtOrAfter, type LogCheckpoint } from './events.js';

interface Waiter {
  target: LogCheckpoint;
  consumers: readonly string[];
  resolve(reached: boolean): void;
}

/**
 * Lets a command answer only once the projections have applied its events (read-your-writes).
 * Projectors announce each new checkpoint with NOTIFY on commit; this listens on one session and
 * releases the waiters whose events every named consumer has reached. The projectors may run in
 * another process: all that is shared is Postgres.
 */
export class ConsumerProgress {
  private session: pg.Client | undefined;
  private readonly reached = new Map<string, LogCheckpoint>();
  private readonly waiters = new Set<Waiter>();
  private recheck: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly newSession: () => pg.Client,
    /** A lost notification (e.g. the listening session dropped) only delays a waiter by this much. */
    private readonly recheckIntervalMs = 250,
  ) {}

  async start(): Promise<void> {
    await this.listen();
    this.recheck = setInterval(() => void this.refreshFromTable(), this.recheckIntervalMs);
    this.recheck.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.recheck);
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters.clear();
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

  private async listen(): Promise<void> {
    const session = this.newSession();
    session.on('error', () => undefined);
    session.on('end', () => {
      if (this.session === session) this.session = undefined;
    });
    session.on('notification', (message) => {
      const parsed = message.payload ? checkpoints.parseNotification(message.payload) : undefined;
      if (parsed) this.record(parsed.consumer, parsed.checkpoint);
    });
    await session.connect();
    await session.query('LISTEN consumer_checkpoint');
    this.session = session;
  }

  private async refreshFromTable(): Promise<void> {
    if (this.waiters.size === 0) return;
    try {
      if (!this.session) await this.listen();
      const result = await this.pool.query<{ consumer_name: string; transaction_id: string; position: string }>(
        'SELECT consumer_name, transaction_id, position FROM consumer_checkpoints',
      );
      for (const row of result.rows) {
        this.record(row.consumer_name, { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) });
      }
    } catch {
      // Postgres is unreachable for now; the waiters time out on their own.
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
