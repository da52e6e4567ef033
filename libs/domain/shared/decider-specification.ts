import type { NewEvent } from './events.js';
import type { Decider } from './decider.js';

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
