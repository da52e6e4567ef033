import type { NewEvent } from '#libs/event-store';

/**
 * An aggregate's pure rules (Emmett's "decider"): fold past events into state with `evolve`,
 * and turn a command into new events, or a DomainError, with `decide`. No I/O anywhere.
 */
export interface Decider<State, Command, Event extends NewEvent> {
  streamType: string;
  streamId(command: Command): string;
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(state: State, command: Command): Event[];
}
