import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, InvalidInputError } from '#libs/domain/shared';
import type { Logger } from '#libs/runtime';
import { type Claim, type IdempotencyKeys, requestFingerprint } from './idempotency-keys.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request claimed its Idempotency-Key: its answer is stored for the repeats. */
    claimedIdempotencyKey?: string;
  }
}

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Set on an answer that is a stored one, replayed to a repeat. */
export const REPLAYED_HEADER = 'idempotent-replayed';
/** Visible ASCII, up to 255 characters: UUIDs, random tokens. */
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;
/** The headers of the first answer that matter to a client, given to its repeats too. */
const KEPT_HEADERS = ['content-type', 'x-event-position', 'x-read-your-writes'];
/** A repeat that arrives while the first is running waits for its answer this long, checking every 50 ms. */
const WAIT_FOR_FIRST_MS = 30_000;
const CHECK_EVERY_MS = 50;

/**
 * `Idempotency-Key` on every POST (API-CONTRACT §8): the first request with a key runs and its answer
 * is stored; a repeat with the same key, route and body gets that answer (status, body, headers) and
 * runs nothing, also when it arrives while the first is still running, or at another instance. The
 * same key with another request is refused (409). Keys belong to the token that sent them.
 * A failure on our side (5xx) gives the key back, so the client's retry runs the request again.
 */
export function idempotentPosts(
  fastify: FastifyInstance,
  keys: IdempotencyKeys,
  logger: Logger,
  refuse: (reply: FastifyReply, error: Error) => void,
): void {
  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST') return;
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (key === undefined) return;
    if (typeof key !== 'string' || !VALID_KEY.test(key)) {
      refuse(reply, new InvalidInputError(['Idempotency-Key: must be 1-255 visible ASCII characters, sent once']));
      return reply;
    }
    const scope = request.actor ?? '';
    const fingerprint = requestFingerprint(request.method, request.routeOptions.url ?? request.url, request.body);
    const claim = await firstAnswerOrClaim(keys, scope, key, fingerprint);
    switch (claim.outcome) {
      case 'claimed':
        request.claimedIdempotencyKey = key;
        return;
      case 'answered':
        void reply.code(claim.answer.status).headers(claim.answer.headers).header(REPLAYED_HEADER, 'true').send(claim.answer.body);
        return reply;
      case 'other-request':
        refuse(
          reply,
          new ConflictError(`Idempotency-Key ${key} was used for another request (route or body); send a new key for a new request`),
        );
        return reply;
      case 'running':
        refuse(reply, new ConflictError(`the request with Idempotency-Key ${key} is still running; repeat it later for its answer`));
        return reply;
    }
  });

  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const key = request.claimedIdempotencyKey;
    if (key === undefined) return payload;
    const scope = request.actor ?? '';
    try {
      if (reply.statusCode >= 500) await keys.release(scope, key);
      else await keys.answer(scope, key, { status: reply.statusCode, body: String(payload), headers: keptHeaders(reply) });
    } catch (error) {
      // The answer still goes out; its repeats wait, then find the claim abandoned and run again.
      logger.warn({ err: error, request_id: request.id }, 'could not store the answer of an Idempotency-Key');
    }
    return payload;
  });
}

async function firstAnswerOrClaim(keys: IdempotencyKeys, scope: string, key: string, fingerprint: Buffer): Promise<Claim> {
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  let claim = await keys.claim(scope, key, fingerprint);
  while (claim.outcome === 'running' && Date.now() < deadline) {
    await sleep(CHECK_EVERY_MS);
    claim = await keys.existing(scope, key, fingerprint);
  }
  return claim;
}

function keptHeaders(reply: FastifyReply): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) kept[name] = String(value);
  }
  return kept;
}
