/**
 * A password as it is kept: scrypt (RFC 7914) of the password's UTF-8 bytes with a random salt, with
 * the parameters it was made with, so that a broker can check a client's password from the event alone:
 * scrypt(password, base64-decoded salt, N = n, r, p, key length = bytes of the decoded hash) = hash.
 * The password itself is never recorded.
 */
export interface PasswordHash {
  algorithm: 'scrypt';
  /** CPU/memory cost N, a power of two. */
  n: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
  /** Standard base64 of the random salt's bytes. */
  salt: string;
  /** Standard base64 of the derived key. */
  hash: string;
}

/** RobustMQ's `mqtt_runtime.default_user`: the superuser of the `default` tenant the service creates at its first start. */
export const DEFAULT_SUPERUSER_NAME = 'admin';

/** Schema version 1 of each event; upcasters for later versions live beside this file. */
export type UserCreated = {
  type: 'UserCreated';
  data: { tenant: string; username: string; password_hash: PasswordHash; is_superuser: boolean; create_time: number };
};

export type UserDeleted = {
  type: 'UserDeleted';
  data: { tenant: string; username: string };
};

export type UserEvent = UserCreated | UserDeleted;

/** Every user event type; the record's keys make the compiler check the list is complete. */
const USER_EVENT_TYPE_RECORD: Record<UserEvent['type'], true> = { UserCreated: true, UserDeleted: true };
export const USER_EVENT_TYPES: readonly UserEvent['type'][] = Object.keys(USER_EVENT_TYPE_RECORD) as UserEvent['type'][];
