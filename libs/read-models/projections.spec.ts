import { unaccountedEventTypes } from './projection/index.js';
import { auditLogProjection, clusterMetadataProjection, DOMAIN_EVENT_TYPES, projections } from './projections.js';

describe('projections', () => {
  it.each(projections.map((projection) => [projection.name, projection]))(
    '%s handles or ignores every event type of the domain',
    (_, projection) => {
      expect(unaccountedEventTypes(projection, DOMAIN_EVENT_TYPES)).toEqual([]);
    },
  );

  it('the audit log handles every event type, also one no resource has yet, and commands do not wait for it', () => {
    expect([...DOMAIN_EVENT_TYPES, 'AddedByAFutureResource'].every((eventType) => auditLogProjection.handles(eventType))).toBe(true);
    expect(auditLogProjection.readYourWrites).toBe(false);
    expect(clusterMetadataProjection.readYourWrites).toBe(true);
    expect(new Set(projections.map((projection) => projection.name)).size).toBe(projections.length);
  });
});
