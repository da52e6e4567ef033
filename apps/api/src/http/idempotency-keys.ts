import { createHash } from 'node:crypto';
import type pg from 'pg';

/** The first answer to a request, as it left: replayed byte for byte to its repeats. */
export interface StoredAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export type Claim =
  { outcome: 'claimed' } | { outcome: 'answered'; answer: StoredAnswer } | { outcome: 'running' } | { outcome: 'other-request' };

/**
 * A claim left unanswered this long belongs to a process that died mid-request: a repeat may take it
 * over. Far above any request's own bounds (statement timeout, read-your-writes wait).
 */
const ABANDONED_AFTER_SECONDS = 120;

/** The idempotency_keys table: who claimed a key first, and the answer it got. */
export class IdempotencyKeys {
  constructor(
    private readonly pool: pg.Pool,
    private readonly ttlSeconds: number,
  ) {}

  /**
   * Claims the key for this request, in one statement of its own. A key that expired, or whose claimer
   * died, is taken over; otherwise the existing claim says what the request gets.
   */
  async claim(scope: string, key: string, fingerprint: Buffer): Promise<Claim> {
    const claimed = await this.pool.query(
      `INSERT INTO idempotency_keys AS k (scope, key, fingerprint, claimed_at, expires_at)
       VALUES ($1, $2, $3, now(), now() + make_interval(secs => $4))
       ON CONFLICT (scope, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, claimed_at = now(), expires_at = EXCLUDED.expires_at, status = NULL, body = NULL, headers = NULL
         WHERE k.expires_at <= now() OR (k.status IS NULL AND k.claimed_at <= now() - make_interval(secs => $5))
       RETURNING 1`,
      [scope, key, fingerprint, this.ttlSeconds, ABANDONED_AFTER_SECONDS],
    );
    if (claimed.rowCount === 1) return { outcome: 'claimed' };
    return this.existing(scope, key, fingerprint);
  }

  /** What a key already claimed means for a request with this fingerprint. */
  async existing(scope: string, key: string, fingerprint: Buffer): Promise<Claim> {
    const { rows } = await this.pool.query<{
      fingerprint: Buffer;
      status: number | null;
      body: string | null;
      headers: Record<string, string> | null;
    }>('SELECT fingerprint, status, body, headers FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at > now()', [
      scope,
      key,
    ]);
    const row = rows[0];
    // Expired (or purged) between the two statements: claiming again decides.
    if (!row) return this.claim(scope, key, fingerprint);
    if (!row.fingerprint.equals(fingerprint)) return { outcome: 'other-request' };
    if (row.status === null) return { outcome: 'running' };
    return { outcome: 'answered', answer: { status: row.status, body: row.body ?? '', headers: row.headers ?? {} } };
  }

  async answer(scope: string, key: string, answer: StoredAnswer): Promise<void> {
    await this.pool.query('UPDATE idempotency_keys SET status = $3, body = $4, headers = $5 WHERE scope = $1 AND key = $2', [
      scope,
      key,
      answer.status,
      answer.body,
      answer.headers,
    ]);
  }

  /** Gives the key up (the request failed on our side): a repeat runs the request again. */
  async release(scope: string, key: string): Promise<void> {
    await this.pool.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status IS NULL', [scope, key]);
  }

  async purgeExpired(): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM idempotency_keys WHERE expires_at <= now()');
    return rowCount ?? 0;
  }
}

/** What makes two requests the same: method, route and body, whatever the order of the body's keys. */
export function requestFingerprint(method: string, route: string, body: unknown): Buffer {
  return createHash('sha256')
    .update(`${method} ${route}\n${canonicalJson(body)}`)
    .digest();
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonicalJson((value as Record<string, unknown>)[name])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
