import type { LogConsumer, Queryable, RecordedEvent } from '#libs/event-store';

export type ProjectionHandler = (db: Queryable, event: RecordedEvent) => Promise<void>;

/** How one resource's events change its read-model rows, keyed by event type; each handler runs inside the projector's transaction. */
export type ProjectionHandlers = Readonly<Record<string, ProjectionHandler>>;

export interface ProjectionDefinition {
  name: string;
  /** The handlers of each resource the projection covers; one event type may have one handler only. */
  parts: readonly ProjectionHandlers[];
  /** Event types of the domain this projection skips on purpose. */
  ignores: readonly string[];
}

/** A projection: a transactional log consumer that also says which event types it applies and which it skips. */
export interface Projection extends LogConsumer {
  readonly delivery: 'transactional';
  readonly handledEventTypes: ReadonlySet<string>;
  readonly ignoredEventTypes: ReadonlySet<string>;
}

export class ProjectionDefinitionError extends Error {}

/**
 * Builds a projection: one log consumer that applies the handlers of several resources, in log
 * order, with exactly-once effect (the batch and the checkpoint commit together). Two handlers for
 * one event type, or a type both handled and ignored, is a mistake caught here, at start-up.
 */
export function projection({ name, parts, ignores }: ProjectionDefinition): Projection {
  const handlers = new Map<string, ProjectionHandler>();
  for (const part of parts) {
    for (const [eventType, handler] of Object.entries(part)) {
      if (handlers.has(eventType)) throw new ProjectionDefinitionError(`projection ${name} has two handlers for ${eventType}`);
      handlers.set(eventType, handler);
    }
  }
  const ignored = new Set(ignores);
  for (const eventType of ignored) {
    if (handlers.has(eventType)) throw new ProjectionDefinitionError(`projection ${name} both handles and ignores ${eventType}`);
  }
  return {
    name,
    delivery: 'transactional',
    handledEventTypes: new Set(handlers.keys()),
    ignoredEventTypes: ignored,
    async handle(events, db) {
      for (const event of events) await handlers.get(event.eventType)?.(db, event);
    },
  };
}

/**
 * Event types of the domain that a projection neither handles nor ignores on purpose: most likely
 * a resource whose handlers were forgotten. Reported at start-up.
 */
export function unaccountedEventTypes(projection: Projection, domainEventTypes: Iterable<string>): string[] {
  return [...domainEventTypes].filter(
    (eventType) => !projection.handledEventTypes.has(eventType) && !projection.ignoredEventTypes.has(eventType),
  );
}
