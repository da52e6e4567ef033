import type { LogConsumer, Queryable, RecordedEvent } from '#libs/event-store';

/** How one resource's events change its read-model rows; each handler runs inside the projector's transaction. */
export type ProjectionHandlers = Record<string, (db: Queryable, event: RecordedEvent) => Promise<void>>;

/**
 * A projection: one log consumer that applies the handlers of several resources, in log order,
 * with exactly-once effect (the batch and the checkpoint commit together).
 */
export function projection(name: string, parts: readonly ProjectionHandlers[]): LogConsumer {
  const handlers: ProjectionHandlers = Object.assign({}, ...parts);
  return {
    name,
    delivery: 'transactional',
    async handle(events, db) {
      for (const event of events) await handlers[event.eventType]?.(db, event);
    },
  };
}
