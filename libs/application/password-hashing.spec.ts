import { scryptSync } from 'node:crypto';
import { hashPassword, verifyPassword } from './password-hashing.js';

describe('password hashing', () => {
  it('a hash verifies against its password only, and is scrypt of it with the recorded salt and parameters', async () => {
    const password = 'pässwörd 🔑';
    const stored = await hashPassword(password);
    expect(stored).toEqual({ algorithm: 'scrypt', n: 32_768, r: 8, p: 1, salt: expect.any(String), hash: expect.any(String) });
    expect(await verifyPassword(password, stored)).toBe(true);
    expect(await verifyPassword('pässwörd 🔒', stored)).toBe(false);
    // What a broker does with the event alone, with no code of ours.
    const key = scryptSync(Buffer.from(password, 'utf8'), Buffer.from(stored.salt, 'base64'), Buffer.from(stored.hash, 'base64').length, {
      N: stored.n,
      r: stored.r,
      p: stored.p,
      maxmem: 64 * 1024 * 1024,
    });
    expect(key.toString('base64')).toBe(stored.hash);
  });

  it('the same password hashed twice gets two salts and two hashes, neither holding the password', async () => {
    const [first, second] = await Promise.all([hashPassword('secret'), hashPassword('secret')]);
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
    expect(Buffer.from(first.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(first.hash, 'base64')).toHaveLength(32);
    expect(JSON.stringify([first, second])).not.toContain('secret');
  });
});
