import type { Queryable } from '#libs/event-store';

/** How far one log consumer is behind the log, and what it parked. */
export interface ConsumerLag {
  /** Committed events after its checkpoint. */
  events: number;
  /** Age of the oldest of them (0 when none). */
  seconds: number;
  /** Its events in `parked_events`, whichever instance parked them. */
  parked: number;
}

/**
 * Events after a checkpoint are counted one by one up to this many (an index-only range of
 * `events_log_order`); further behind, the gap between the log's last position and the checkpoint's
 * stands in, which also counts positions of rolled-back appends. So a scrape reads a bounded range however far
 * behind a consumer is.
 */
export const EXACT_COUNT_LIMIT = 100_000;

const LAG_SQL = `
  SELECT c.consumer_name,
         (SELECT count(*) FROM (SELECT 1 FROM events e
                                 WHERE (e.transaction_id, e.position) > (c.transaction_id, c.position)
                                 LIMIT $2) counted) AS events_behind,
         (SELECT max(position) FROM events) - c.position AS position_gap,
         (SELECT extract(epoch FROM clock_timestamp() - e.recorded_at) FROM events e
           WHERE (e.transaction_id, e.position) > (c.transaction_id, c.position)
           ORDER BY e.transaction_id, e.position LIMIT 1) AS oldest_seconds,
         (SELECT count(*) FROM parked_events p WHERE p.consumer_name = c.consumer_name) AS parked
    FROM consumer_checkpoints c
   WHERE c.consumer_name = ANY($1::text[])`;

interface LagRow {
  consumer_name: string;
  events_behind: string;
  position_gap: string | null;
  oldest_seconds: string | null;
  parked: string;
}

/**
 * The lag of this process' log consumers, read by one query at most every `maxAgeMs`, however often
 * Prometheus (or several of them) scrape. A scrape waits at most `deadlineMs` for a fresh sample, and
 * otherwise gets the last one (the query goes on and is used by the next scrape): a slow database
 * never makes /metrics slow.
 */
export class ConsumerLagSampler {
  private last: { at: number; lags: Map<string, ConsumerLag> } | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly consumerNames: () => readonly string[],
    private readonly maxAgeMs = 2_000,
    private readonly deadlineMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<ReadonlyMap<string, ConsumerLag>> {
    if (!this.last || this.now() - this.last.at >= this.maxAgeMs) {
      this.inFlight ??= this.sample().finally(() => (this.inFlight = undefined));
      await withinDeadline(this.inFlight, this.deadlineMs);
    }
    return this.last?.lags ?? new Map();
  }

  private async sample(): Promise<void> {
    const result = await this.db
      .query<LagRow>(LAG_SQL, [this.consumerNames(), EXACT_COUNT_LIMIT])
      // A failed sample keeps the last one; the next scrape tries again.
      .catch(() => undefined);
    if (!result) return;
    const lags = new Map<string, ConsumerLag>();
    for (const row of result.rows) {
      const counted = Number(row.events_behind);
      const events = counted < EXACT_COUNT_LIMIT ? counted : Math.max(counted, Number(row.position_gap ?? 0));
      lags.set(row.consumer_name, {
        events,
        seconds: events === 0 ? 0 : Math.max(0, Number(row.oldest_seconds ?? 0)),
        parked: Number(row.parked),
      });
    }
    this.last = { at: this.now(), lags };
  }
}

async function withinDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
