import type { NewEvent } from './events.js';

/**
 * How one stream's events fold into the state its rules read. The event store keeps the folded state
 * beside the stream, so loading it does not grow with the stream's length.
 */
export interface StreamFold<State, Event extends NewEvent> {
  streamType: string;
  /**
   * The state's schema: bump it whenever the state's shape or `evolve` changes (a new event, a new
   * upcaster), and states stored under another number are refolded from the events. The state must be
   * plain JSON, as it is stored.
   */
  stateSchema: number;
  initialState(): State;
  evolve(state: State, event: Event): State;
}

/**
 * An aggregate's pure rules (Emmett's "decider"): fold past events into state with `evolve`,
 * and turn a command into new events, or a DomainError, with `decide`. No I/O anywhere.
 */
export interface Decider<State, Command, Event extends NewEvent> extends StreamFold<State, Event> {
  streamId(command: Command): string;
  decide(state: State, command: Command): Event[];
}

/** The state and event types of each stream a cross-stream rule reads, by a name of the rule's choosing. */
export type StreamShapes = Record<string, { state: unknown; event: NewEvent }>;

/**
 * A rule that reads several streams and appends to one or more of them, all in one transaction (e.g.
 * "the tenant exists" on the tenant's stream, a quota on a counter stream). The streams it reads but
 * does not append to must still be at the versions it read when the append commits, so a concurrent
 * change to any of them makes the command retry on fresh state.
 */
export interface CrossStreamDecider<Command, Streams extends StreamShapes> {
  streams(command: Command): { [Name in keyof Streams]: { id: string; fold: StreamFold<Streams[Name]['state'], Streams[Name]['event']> } };
  decide(
    states: { [Name in keyof Streams]: Streams[Name]['state'] },
    command: Command,
  ): { [Name in keyof Streams]?: Streams[Name]['event'][] };
}
