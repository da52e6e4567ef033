import { defineStreamType, isStreamOfType, streamTypeNamed, streamTypeNames } from './stream-id.js';

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

  it('a stream id gives back the identity parts it was built from, in order', () => {
    const identities: [string, string][] = [
      ['acme', 'alice'],
      ['a-b', 'c/d'],
      ['a%2Fb', '%'],
      ['ü ', ''],
    ];
    for (const [tenantName, userName] of identities) {
      expect(user.identityOf(user.id(tenantName, userName))).toEqual([tenantName, userName]);
    }
    expect(tenant.identityOf(tenant.id('a b/ü%'))).toEqual(['a b/ü%']);
  });

  it('a stream id of another type, with another number of parts or with broken percent-encoding has no identity parts', () => {
    expect(user.identityOf(tenant.id('acme'))).toBeUndefined();
    expect(user.identityOf('user-acme')).toBeUndefined();
    expect(user.identityOf('user-a/b/c')).toBeUndefined();
    expect(user.identityOf('user-a/%E0%A4%A')).toBeUndefined();
  });

  it('every stream type defined is found by its name, and only by its own name', () => {
    expect(streamTypeNamed('user')).toBe(user);
    expect(streamTypeNamed('tenant')).toBe(tenant);
    expect(streamTypeNamed('constructor')).toBeUndefined();
    expect(streamTypeNamed('__proto__')).toBeUndefined();
    expect(streamTypeNames()).toEqual(expect.arrayContaining(['tenant', 'user']));
  });

  it('a stream type defined twice is refused', () => {
    defineStreamType('twice', ['name']);
    expect(() => defineStreamType('twice', ['name'])).toThrow('stream type twice is defined twice');
  });

  it('a stream type name with a dash, or an id with the wrong number of parts, is refused', () => {
    expect(() => defineStreamType('topic-rewrite', ['name'])).toThrow(/must match/);
    expect(() => (user.id as (...parts: string[]) => string)('only-one')).toThrow(/2 part/);
  });
});
