import { unaccountedEventTypes } from './projection/index.js';
import { DOMAIN_EVENT_TYPES, projections } from './projections.js';

describe('projections', () => {
  it.each(projections.map((projection) => [projection.name, projection]))(
    '%s handles or ignores every event type of the domain',
    (_, projection) => {
      expect(unaccountedEventTypes(projection, DOMAIN_EVENT_TYPES)).toEqual([]);
    },
  );
});
