import { upcasters } from '#libs/domain/upcasters';
import { type AppendResult, EventStore, type Queryable } from '#libs/event-store';

/**
 * The EventStore every app builds: it reads old event schemas through the domain's one upcaster
 * registry, and tells `onAppended` (the process' wake-ups) once an append has committed.
 */
export function createEventStore(db: Queryable, onAppended?: (appended: AppendResult) => void): EventStore {
  return new EventStore(db, upcasters, onAppended);
}
