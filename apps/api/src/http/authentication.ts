import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AdminToken } from '#libs/config';

declare module 'fastify' {
  interface FastifyRequest {
    /** The name of the token the request was sent with: the actor of the events it causes. */
    actor?: string;
  }
}

/** Health checks must answer without credentials (API-CONTRACT §7): a prober holds no token. */
export const PUBLIC_API_PATHS: ReadonlySet<string> = new Set([
  '/api/cluster/healthy',
  '/api/health/ready',
  '/api/health/node',
  '/api/health/cluster',
]);

/**
 * The API docs page and its assets (openapi/api-docs.ts): static, generic, nothing of this API's, and
 * opened by a browser, which sends no bearer token. The document itself (/api/docs/openapi.json) needs one.
 */
const PUBLIC_DOCS_PATHS: ReadonlySet<string> = new Set(['/api/docs', '/api/docs/assets/:file']);

/**
 * The rule: every path under /api needs a token, except the health checks and the docs page above; paths outside
 * /api (the health aliases, /metrics) need none. `path` is the route's pattern when a route
 * matched, so that no spelling of a URL (percent-encoding) can reach a route the rule did not see.
 */
export function requiresToken(path: string): boolean {
  return (path === '/api' || path.startsWith('/api/')) && !PUBLIC_API_PATHS.has(path) && !PUBLIC_DOCS_PATHS.has(path);
}

const BEARER = /^Bearer +([\w.~+/-]+=*) *$/i;

export type Authentication = { ok: true; actor: string } | { ok: false; failure: 'missing' | 'invalid' };

/** Bearer tokens, compared by their SHA-256 in constant time, so neither a token nor its length leaks through timing. */
export class BearerTokens {
  constructor(private readonly tokens: readonly AdminToken[]) {}

  authenticate(header: string | undefined): Authentication {
    if (header === undefined || header.trim() === '') return { ok: false, failure: 'missing' };
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) return { ok: false, failure: 'invalid' };
    const presented = createHash('sha256').update(token).digest();
    let actor: string | undefined;
    // Every token is compared, whichever matches, so the time taken says nothing about which one did.
    for (const candidate of this.tokens) {
      if (timingSafeEqual(presented, candidate.sha256) && actor === undefined) actor = candidate.name;
    }
    return actor === undefined ? { ok: false, failure: 'invalid' } : { ok: true, actor };
  }
}

const FAILURES = {
  missing: {
    message: 'authentication required: send the header Authorization: Bearer <token>',
    challenge: 'Bearer realm="robustmq-admin"',
  },
  invalid: {
    message: 'invalid token: send the header Authorization: Bearer <token> with a token of ADMIN_TOKENS',
    challenge: 'Bearer realm="robustmq-admin", error="invalid_token"',
  },
} as const;

/** A missing or unknown token: 401. */
export class AuthenticationError extends Error {}

/**
 * Checks the token before anything else reads the request (its body is not even parsed), on every
 * request, routed or not. A request that passes carries its token's name as `request.actor`.
 */
export function requireBearerTokens(
  fastify: FastifyInstance,
  tokens: readonly AdminToken[],
  refuse: (reply: FastifyReply, error: AuthenticationError) => void,
): void {
  const bearerTokens = new BearerTokens(tokens);
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.routeOptions.url ?? request.url.split('?')[0]!;
    if (!requiresToken(path)) return;
    const result = bearerTokens.authenticate(request.headers.authorization);
    if (result.ok) {
      request.actor = result.actor;
      return;
    }
    const { message, challenge } = FAILURES[result.failure];
    void reply.header('www-authenticate', challenge);
    refuse(reply, new AuthenticationError(message));
    return reply;
  });
}
