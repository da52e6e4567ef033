import { UpcasterRegistry } from './upcasting.js';

describe('upcasting', () => {
  const registry = new UpcasterRegistry([
    { eventType: 'TenantCreated', fromVersion: 1, upcast: (data) => ({ ...(data as object), desc: '' }) },
    { eventType: 'TenantCreated', fromVersion: 2, upcast: ({ name, ...rest }: { name: string }) => ({ ...rest, tenant_name: name }) },
  ]);

  it('an event type is written at the version after its newest upcaster', () => {
    expect(registry.currentVersion('TenantCreated')).toBe(3);
    expect(registry.currentVersion('TenantDeleted')).toBe(1);
  });

  it('an old event is upcast step by step to the current version', () => {
    expect(registry.upcast('TenantCreated', 1, { name: 'a' })).toEqual({ schemaVersion: 3, data: { desc: '', tenant_name: 'a' } });
  });

  it('an event already at the current version is left as it is', () => {
    const data = { tenant_name: 'a', desc: 'x' };
    expect(registry.upcast('TenantCreated', 3, data)).toEqual({ schemaVersion: 3, data });
  });
});
