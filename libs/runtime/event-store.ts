import { upcasters } from '#libs/domain/upcasters';
import { type AppendObserver, type AppendResult, EventStore, type Queryable } from '#libs/event-store';

/**
 * The EventStore every app builds: it reads old event schemas through the domain's one upcaster
 * registry, tells `onAppended` (the process' wake-ups) once an append has committed, and `observer`
 * (the process' metrics) how each append went.
 */
export function createEventStore(db: Queryable, onAppended?: (appended: AppendResult) => void, observer?: AppendObserver): EventStore {
  return new EventStore(db, upcasters, onAppended, observer);
}
