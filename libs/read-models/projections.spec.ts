import { unaccountedEventTypes } from './projection/index.js';
import { auditLogProjection, DOMAIN_EVENT_TYPES, metaProjection, mqttProjection, projections } from './projections.js';

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
    expect(metaProjection.readYourWrites).toBe(true);
    expect(mqttProjection.readYourWrites).toBe(true);
    expect(new Set(projections.map((projection) => projection.name)).size).toBe(projections.length);
  });

  it('the meta projector takes the tenant events and the mqtt projector the MQTT resources, none both', () => {
    expect(['TenantCreated', 'TenantUpdated', 'TenantDeleted'].filter((type) => metaProjection.handles(type))).toHaveLength(3);
    for (const type of ['UserCreated', 'AclCreated', 'BlacklistCreated', 'TopicCreated', 'ConnectorCreated', 'SchemaCreated']) {
      expect([type, mqttProjection.handles(type), metaProjection.handles(type)]).toEqual([type, true, false]);
    }
    for (const type of DOMAIN_EVENT_TYPES) expect(metaProjection.handles(type) && mqttProjection.handles(type)).toBe(false);
    expect(metaProjection.handles('TenantCreated') && !mqttProjection.handles('TenantCreated')).toBe(true);
  });
});
