import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventMetadata } from '#libs/event-store';

/**
 * Who is asking, carried from the HTTP request to the events it causes (actor, request id,
 * correlation id, source IP) without threading it through every command.
 */
const storage = new AsyncLocalStorage<EventMetadata>();

export const requestContext = {
  run<T>(metadata: EventMetadata, work: () => T): T {
    return storage.run(metadata, work);
  },
  current(): EventMetadata {
    return storage.getStore() ?? { actor: 'system' };
  },
};
