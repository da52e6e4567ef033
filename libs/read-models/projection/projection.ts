import type { LogConsumer, Queryable, RecordedEvent } from '#libs/event-store';

/** Applies one event; runs inside the projector's transaction. */
export type ProjectionHandler = (db: Queryable, event: RecordedEvent) => Promise<void>;

/**
 * Applies a run of consecutive events of one type, in log order, with a few set-based statements
 * instead of one round trip per event. It must leave the rows exactly as applying the events one by
 * one would: within the run, the last event of a key wins. The runner hands it a single event when it
 * looks for the one event of a failing batch to park.
 */
export interface RunHandler {
  readonly applyRun: (db: Queryable, events: readonly RecordedEvent[]) => Promise<void>;
}

/** How one resource's events change its read-model rows, keyed by event type: one event at a time, or a run at a time. */
export type ProjectionHandlers = Readonly<Record<string, ProjectionHandler | RunHandler>>;

/** Declares a set-based handler (see RunHandler). */
export function setBased(applyRun: RunHandler['applyRun']): RunHandler {
  return { applyRun };
}

interface ProjectionOptions {
  name: string;
  /**
   * Whether a command waits for this projection to apply its events before answering (read-your-writes,
   * ADR 0003); true unless said otherwise. A projection whose reads need not follow a client's own
   * writes says false, so that it never delays a command, however far behind it falls.
   */
  readYourWrites?: boolean;
}

/** A projection of some event types: each handled by one of its parts, or ignored on purpose. */
export interface ProjectionOfTypes extends ProjectionOptions {
  /** The handlers of each resource the projection covers; one event type may have one handler only. */
  parts: readonly ProjectionHandlers[];
  /** Event types of the domain this projection skips on purpose. */
  ignores: readonly string[];
}

/** A projection of the whole log: every event type, present and future, with one set-based handler. */
export interface ProjectionOfEveryEvent extends ProjectionOptions {
  /** Gets each batch whole, every type in it, in log order. */
  everyEvent: RunHandler;
}

export type ProjectionDefinition = ProjectionOfTypes | ProjectionOfEveryEvent;

/** A projection: a transactional log consumer that also says which event types it applies and which it skips. */
export interface Projection extends LogConsumer {
  readonly delivery: 'transactional';
  /** Whether it applies events of this type. */
  handles(eventType: string): boolean;
  readonly ignoredEventTypes: ReadonlySet<string>;
  /** Whether commands wait for it (see ProjectionOptions.readYourWrites). */
  readonly readYourWrites: boolean;
  /** What it was built from: each resource's handlers, or the one handler of every event (read-model-tables.ts maps them to tables). */
  readonly parts: readonly ProjectionPart[];
}

/** One resource's handlers in a projection, or the handler of a projection of every event. */
export type ProjectionPart = ProjectionHandlers | RunHandler;

export class ProjectionDefinitionError extends Error {}

/**
 * Builds a projection: one log consumer that applies the handlers of several resources, in log
 * order, with exactly-once effect (the batch and the checkpoint commit together). A batch is cut into
 * runs of consecutive events of one handled type; runs are applied in log order, each with its
 * type's handler. Two handlers for one event type, or a type both handled and ignored, is a mistake
 * caught here, at start-up. A projection of every event gets each batch as one run.
 */
export function projection(definition: ProjectionDefinition): Projection {
  const { name, readYourWrites = true } = definition;
  if ('everyEvent' in definition) {
    return {
      name,
      delivery: 'transactional',
      readYourWrites,
      parts: [definition.everyEvent],
      handles: () => true,
      ignoredEventTypes: new Set(),
      handle: (events, db) => (events.length > 0 ? definition.everyEvent.applyRun(db, events) : Promise.resolve()),
    };
  }
  const handlers = new Map<string, RunHandler['applyRun']>();
  for (const part of definition.parts) {
    for (const [eventType, handler] of Object.entries(part)) {
      if (handlers.has(eventType)) throw new ProjectionDefinitionError(`projection ${name} has two handlers for ${eventType}`);
      handlers.set(eventType, asRunHandler(handler));
    }
  }
  const ignored = new Set(definition.ignores);
  for (const eventType of ignored) {
    if (handlers.has(eventType)) throw new ProjectionDefinitionError(`projection ${name} both handles and ignores ${eventType}`);
  }
  return {
    name,
    delivery: 'transactional',
    readYourWrites,
    parts: definition.parts,
    handles: (eventType) => handlers.has(eventType),
    ignoredEventTypes: ignored,
    async handle(events, db) {
      for (const run of runsOfOneType(events, handlers)) await handlers.get(run[0]!.eventType)!(db, run);
    },
  };
}

/**
 * The projection cut into one projection per part, each with the projection's name. A part writes only
 * its own tables (read-model-tables.ts), so a batch applied part by part, each part's events in log
 * order, leaves the same rows as the batch applied whole; but when the log interleaves resources, each
 * part sees longer runs of one type, so fewer statements (a rebuild replays the whole log).
 */
export function projectionPerPart(whole: Projection): Projection[] {
  if (whole.parts.length === 1) return [whole];
  return whole.parts.map((part) =>
    projection(
      isRunHandler(part)
        ? { name: whole.name, readYourWrites: whole.readYourWrites, everyEvent: part }
        : { name: whole.name, readYourWrites: whole.readYourWrites, parts: [part], ignores: [] },
    ),
  );
}

/** Event types are PascalCase names, so no part's handlers are keyed `applyRun`. */
function isRunHandler(part: ProjectionPart): part is RunHandler {
  return typeof (part as Partial<RunHandler>).applyRun === 'function';
}

function asRunHandler(handler: ProjectionHandler | RunHandler): RunHandler['applyRun'] {
  if (typeof handler !== 'function') return handler.applyRun;
  return async (db, events) => {
    for (const event of events) await handler(db, event);
  };
}

/**
 * Consecutive events of one handled type, in log order. Events no handler takes change nothing here,
 * so they neither join nor break a run.
 */
function runsOfOneType(events: readonly RecordedEvent[], handlers: ReadonlyMap<string, unknown>): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  for (const event of events) {
    if (!handlers.has(event.eventType)) continue;
    const current = runs.at(-1);
    if (current?.[0]!.eventType === event.eventType) current.push(event);
    else runs.push([event]);
  }
  return runs;
}

/**
 * The data of the last event of each key in a run: what the run leaves behind when the last write
 * wins. One set-based statement may touch a row only once (ON CONFLICT DO UPDATE refuses a second time).
 */
export function lastPerKey<Data>(events: readonly RecordedEvent[], keyOf: (data: Data) => string): Data[] {
  const last = new Map<string, Data>();
  for (const event of events) last.set(keyOf(event.data as Data), event.data as Data);
  return [...last.values()];
}

/**
 * Event types of the domain that a projection neither handles nor ignores on purpose: most likely
 * a resource whose handlers were forgotten. Reported at start-up.
 */
export function unaccountedEventTypes(projection: Projection, domainEventTypes: Iterable<string>): string[] {
  return [...domainEventTypes].filter((eventType) => !projection.handles(eventType) && !projection.ignoredEventTypes.has(eventType));
}
