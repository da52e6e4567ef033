import {
  ConflictError,
  type CrossStreamDecider,
  type Decider,
  type NewEvent,
  type StreamFold,
  type StreamShapes,
} from '#libs/domain/shared';
import {
  ConcurrencyConflictError,
  type EventStore,
  type LoadedStream,
  type LogCheckpoint,
  type StreamAppend,
  type StreamRequirement,
} from '#libs/event-store';
import { requestContext } from './request-context.js';

/** What a command produced: where its last event sits in the log, and the types of the events it appended. */
export class CommandOutcome {
  constructor(
    readonly lastEvent: LogCheckpoint | undefined,
    readonly eventTypes: readonly string[] = [],
  ) {}
}

const MAX_ATTEMPTS = 4;

/**
 * Load the stream's state → decide → append, with the version that was read and the state the new
 * events lead to, in one statement. Two round trips per attempt, whatever the stream's length. A
 * concurrent writer makes the append fail; the whole cycle is then retried on fresh state, and a
 * writer that keeps losing gets a ConflictError (409).
 */
export async function runCommand<State, Command, Event extends NewEvent>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  command: Command,
): Promise<CommandOutcome> {
  const streamId = decider.streamId(command);
  return retryOnConflict(streamId, async () => {
    const [loaded] = await store.loadStreams([{ streamId, stateSchema: decider.stateSchema }]);
    const state = foldLoaded(decider, loaded!);
    const events = decider.decide(state, command);
    if (events.length === 0) return new CommandOutcome(undefined);
    const append = appendFor(decider, loaded!, state, events);
    const appended = await store.appendToStreams([append], { metadata: requestContext.current() });
    return new CommandOutcome(
      appended.lastEvent,
      events.map((event) => event.type),
    );
  });
}

/**
 * runCommand for a rule over several streams: loads them all in one query, decides on their states,
 * and appends to the streams that got events while requiring every other stream to still be at the
 * version read, all in one statement. A change to any of them in between makes the command retry.
 * A stream read as absent (version 0) is checked to be still absent, but cannot be locked: a rule
 * that must hold under concurrency belongs on a stream that every writer appends to (DESIGN.md).
 */
export async function runCommandAcross<Command, Streams extends StreamShapes>(
  store: EventStore,
  decider: CrossStreamDecider<Command, Streams>,
  command: Command,
): Promise<CommandOutcome> {
  const streams = Object.entries(decider.streams(command)) as [string, { id: string; fold: StreamFold<unknown, NewEvent> }][];
  return retryOnConflict(streams.map(([, stream]) => stream.id).join(', '), async () => {
    const loaded = await store.loadStreams(streams.map(([, { id, fold }]) => ({ streamId: id, stateSchema: fold.stateSchema })));
    const states = Object.fromEntries(streams.map(([name, { fold }], index) => [name, foldLoaded(fold, loaded[index]!)]));
    const decided: Partial<Record<string, NewEvent[]>> = decider.decide(
      states as { [Name in keyof Streams]: Streams[Name]['state'] },
      command,
    );
    const appends: StreamAppend[] = [];
    const require: StreamRequirement[] = [];
    streams.forEach(([name, { fold }], index) => {
      const events = Object.hasOwn(decided, name) ? (decided[name] ?? []) : [];
      if (events.length > 0) appends.push(appendFor(fold, loaded[index]!, states[name], events));
      else require.push({ streamId: loaded[index]!.streamId, version: loaded[index]!.version });
    });
    if (appends.length === 0) return new CommandOutcome(undefined);
    const appended = await store.appendToStreams(appends, { require, metadata: requestContext.current() });
    return new CommandOutcome(
      appended.lastEvent,
      appends.flatMap((append) => append.events.map((event) => event.type)),
    );
  });
}

async function retryOnConflict(what: string, attempt: () => Promise<CommandOutcome>): Promise<CommandOutcome> {
  for (let attempts = 1; ; attempts++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError)) throw error;
      if (attempts >= MAX_ATTEMPTS) throw new ConflictError(`${what} is being changed concurrently; try again`);
    }
  }
}

/** The stored state (when kept under the fold's schema) with the events after it folded in. */
function foldLoaded<State, Event extends NewEvent>(fold: StreamFold<State, Event>, loaded: LoadedStream): State {
  const start = loaded.state === undefined ? fold.initialState() : (loaded.state as State);
  return loaded.eventsAfterState.reduce((state, event) => fold.evolve(state, { type: event.eventType, data: event.data } as Event), start);
}

function appendFor<State, Event extends NewEvent>(
  fold: StreamFold<State, Event>,
  loaded: LoadedStream,
  state: State,
  events: readonly Event[],
): StreamAppend {
  return {
    streamId: loaded.streamId,
    streamType: fold.streamType,
    expected: loaded.version,
    events,
    state: { schema: fold.stateSchema, value: events.reduce(fold.evolve, state) },
  };
}
