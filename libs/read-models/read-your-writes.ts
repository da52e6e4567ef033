import type { ConsumerProgress, LogCheckpoint } from '#libs/event-store';
import { projections } from './projections.js';

/**
 * Read-your-writes (docs/adr/0003-read-your-writes.md): waits, at most `timeoutMs`, until every
 * projection has applied the event at a given place in the log.
 */
export class ReadYourWrites {
  private readonly projectionNames = projections.map((projection) => projection.name);

  constructor(
    private readonly progress: ConsumerProgress,
    private readonly timeoutMs: number,
  ) {}

  /** True once the event is in every read model; false if the timeout ran out first. */
  waitUntilApplied(event: LogCheckpoint): Promise<boolean> {
    return this.progress.waitFor(this.projectionNames, event, this.timeoutMs);
  }
}
