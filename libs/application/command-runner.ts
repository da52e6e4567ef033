import { ConflictError, type Decider } from '#libs/domain/shared';
import { ConcurrencyConflictError, type EventStore, type LogCheckpoint, type NewEvent } from '#libs/event-store';
import { requestContext } from './request-context.js';

/** What a command produced: where its last event sits in the log, if it produced any, and the types of its events. */
export class CommandOutcome {
  constructor(
    readonly lastEvent: LogCheckpoint | undefined,
    readonly eventTypes: string[] = [],
  ) {}
}

const MAX_ATTEMPTS = 4;

/**
 * Load the stream → fold its events → decide → append with the version that was read. A concurrent
 * writer makes the append fail; the whole cycle is then retried on fresh state, and a writer that
 * keeps losing gets a ConflictError (409).
 */
export async function runCommand<State, Command, Event extends NewEvent>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  command: Command,
): Promise<CommandOutcome> {
  const streamId = decider.streamId(command);
  for (let attempt = 1; ; attempt++) {
    const history = await store.readStream(streamId);
    const state = history.reduce(
      (current, event) => decider.evolve(current, { type: event.eventType, data: event.data } as Event),
      decider.initialState(),
    );
    const events = decider.decide(state, command);
    if (events.length === 0) return new CommandOutcome(undefined);
    try {
      const expected = history.at(-1)?.streamVersion ?? 'no_stream';
      const appended = await store.appendToStream(streamId, decider.streamType, expected, events, requestContext.current());
      return new CommandOutcome(
        appended.lastEvent,
        events.map((event) => event.type),
      );
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw new ConflictError(`${streamId} is being changed concurrently; try again`);
    }
  }
}
