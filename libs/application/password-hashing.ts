import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';
import type { PasswordHash } from '#libs/domain/user';

/**
 * scrypt with N = 2^15, r = 8, p = 1 (32 MiB, some 50-100 ms per hash here): RFC 7914's interactive
 * figure doubled. Each hash records its own parameters, so raising them later leaves older ones checkable.
 */
const PARAMETERS = { n: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** Salted scrypt of a password, off the event loop (libuv's thread pool). The password goes nowhere else. */
export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, PARAMETERS);
  return { algorithm: 'scrypt', ...PARAMETERS, salt: salt.toString('base64'), hash: key.toString('base64') };
}

/** Whether `password` is the one `stored` was made from, as a broker would check it from a UserCreated event. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const key = await derive(password, Buffer.from(stored.salt, 'base64'), expected.length, stored);
  return timingSafeEqual(key, expected);
}

function derive(password: string, salt: Buffer, keyBytes: number, { n, r, p }: { n: number; r: number; p: number }): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; Node refuses more than `maxmem` (32 MiB by default), which N = 2^15 just exceeds.
  const options: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r };
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}
