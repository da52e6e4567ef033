import { upcasters } from '#libs/domain/upcasters';
import { EventStore, type Queryable } from '#libs/event-store';

/** The EventStore every app builds: it reads old event schemas through the domain's one upcaster registry. */
export function createEventStore(db: Queryable): EventStore {
  return new EventStore(db, upcasters);
}
