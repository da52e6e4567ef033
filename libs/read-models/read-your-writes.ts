import type { ConsumerProgress, LogCheckpoint } from '#libs/event-store';
import type { Projection } from './projection/index.js';
import { projections as allProjections } from './projections.js';

/**
 * Read-your-writes (docs/adr/0003-read-your-writes.md): waits, at most `timeoutMs`, until the
 * projections have applied the event at a given place in the log; only those that handle the
 * command's event types, so a slow or stuck projection delays only the commands it concerns; never
 * for one that says `readYourWrites: false` (the audit log, which handles every type).
 */
export class ReadYourWrites {
  constructor(
    private readonly progress: ConsumerProgress,
    private readonly timeoutMs: number,
    private readonly projections: readonly Projection[] = allProjections,
  ) {}

  /**
   * True once the event is in the read models of the awaited projections that handle `eventTypes`
   * (every awaited projection when they are not given); false if the timeout ran out first.
   */
  waitUntilApplied(event: LogCheckpoint, eventTypes?: readonly string[]): Promise<boolean> {
    const concerned = this.projections.filter(
      (projection) =>
        projection.readYourWrites && (eventTypes === undefined || eventTypes.some((eventType) => projection.handles(eventType))),
    );
    if (concerned.length === 0) return Promise.resolve(true);
    return this.progress.waitFor(
      concerned.map((projection) => projection.name),
      event,
      this.timeoutMs,
    );
  }
}
