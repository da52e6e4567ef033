import type { NewEvent } from './events.js';
import type { CrossStreamDecider, Decider, StreamFold, StreamShapes } from './decider.js';

/**
 * Given past events, when a command is decided, then expect these events or this error.
 * Used by the domain specs; as in Emmett's DeciderSpecification, no I/O is involved.
 */
export function deciderSpecification<State, Command, Event extends NewEvent>(decider: Decider<State, Command, Event>) {
  return (givenEvents: Event[]) => ({
    when: (command: Command) => {
      // Decided on the state as the event store keeps it (JSON), so a state that does not survive storing fails here.
      const storedState = () => JSON.parse(JSON.stringify(givenEvents.reduce(decider.evolve, decider.initialState()))) as State;
      const decide = () => decider.decide(storedState(), command);
      return {
        then: (expected: Event[]) => expect(decide()).toEqual(expected),
        thenThrows: (errorType: new (...args: never[]) => Error, message?: string) => {
          expect(decide).toThrow(errorType);
          if (message !== undefined) expect(decide).toThrow(message);
        },
      };
    },
  });
}

/**
 * The same for a rule over several streams (CrossStreamDecider): given past events per stream (a stream
 * left out has none), when a command is decided, then expect these new events per stream, or this error.
 */
export function crossStreamSpecification<Command, Streams extends StreamShapes>(decider: CrossStreamDecider<Command, Streams>) {
  return (givenEvents: { [Name in keyof Streams]?: Streams[Name]['event'][] }) => ({
    when: (command: Command) => {
      const storedStates = () =>
        Object.fromEntries(
          Object.entries(decider.streams(command)).map(([name, { fold }]) => {
            const events = (Object.hasOwn(givenEvents, name) ? givenEvents[name] : undefined) ?? [];
            const state = (events as NewEvent[]).reduce(
              (current: unknown, event) => (fold as StreamFold<unknown, NewEvent>).evolve(current, event),
              (fold as StreamFold<unknown, NewEvent>).initialState(),
            );
            return [name, JSON.parse(JSON.stringify(state)) as unknown];
          }),
        ) as { [Name in keyof Streams]: Streams[Name]['state'] };
      const decide = () => decider.decide(storedStates(), command);
      return {
        then: (expected: { [Name in keyof Streams]?: Streams[Name]['event'][] }) => expect(decide()).toEqual(expected),
        thenThrows: (errorType: new (...args: never[]) => Error, message?: string) => {
          expect(decide).toThrow(errorType);
          if (message !== undefined) expect(decide).toThrow(message);
        },
      };
    },
  });
}
