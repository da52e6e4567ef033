import { defineStreamType, isStreamOfType } from './stream-id.js';

describe('stream ids', () => {
  const user = defineStreamType('user', ['tenant_name', 'user_name']);
  const tenant = defineStreamType('tenant', ['tenant_name']);

  it('two-part identities whose joined text is the same get different stream ids', () => {
    expect(user.id('a-b', 'c')).not.toBe(user.id('a', 'b-c'));
    expect(user.id('a/b', 'c')).not.toBe(user.id('a', 'b/c'));
    expect(user.id('a%2Fb', 'c')).not.toBe(user.id('a/b', 'c'));
  });

  it('a one-part identity keeps the tenant-<name> form already stored in the log', () => {
    expect(tenant.id('business-a')).toBe('tenant-business-a');
    expect(tenant.id('a b/ü')).toBe('tenant-a b/ü');
  });

  it('a stream id belongs to the stream type it was built for, and to no other', () => {
    expect(isStreamOfType(user.id('acme', 'x'), 'user')).toBe(true);
    expect(isStreamOfType(tenant.id('user-x'), 'user')).toBe(false);
    expect(isStreamOfType('tenant-', 'tenant')).toBe(false);
    expect(isStreamOfType('tenant-x', 'Tenant')).toBe(false);
  });

  it('a stream type name with a dash, or an id with the wrong number of parts, is refused', () => {
    expect(() => defineStreamType('topic-rewrite', ['name'])).toThrow(/must match/);
    expect(() => (user.id as (...parts: string[]) => string)('only-one')).toThrow(/2 part/);
  });
});
