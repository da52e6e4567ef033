import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requiresToken } from './authentication.js';

/** Answered 429, with the envelope and a Retry-After header. */
export class RateLimitedError extends Error {
  readonly statusCode = 429;
}

/** Requests to paths no route serves share one budget, so that random paths cannot grow the table. */
const UNROUTED = '(no route)';
const WINDOW_MS = 1000;

/**
 * The admin API's per-path request rate (`ClusterLimit.max_admin_http_uri_rate`, API-CONTRACT §4):
 * at most `rate()` requests per path and per second on this instance; the rest get 429. The rate is
 * read on every request from the configuration this instance follows in memory, so a change applies
 * as soon as that has it, without restart. Health checks and paths outside /api (metrics) are exempt,
 * like they are from authentication; requests that fail authentication do not use up the budget.
 */
export function limitAdminRequestRate(
  fastify: FastifyInstance,
  rate: () => number,
  refuse: (reply: FastifyReply, error: Error) => void,
  now: () => number = Date.now,
): void {
  const windows = new PerPathWindows();
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url;
    const path = route ?? request.url.split('?')[0]!;
    if (!requiresToken(path)) return;
    const limit = rate();
    const retryAfterMs = windows.take(route ?? UNROUTED, limit, now());
    if (retryAfterMs === undefined) return;
    void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    refuse(reply, new RateLimitedError(`${path}: more than ${limit} requests per second; retry after the time in Retry-After`));
    return reply;
  });
}

/** A one-second window per path: simple, and a new limit counts against the requests of the window already running. */
export class PerPathWindows {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** Takes one request if the path's window has room; otherwise how long until the next window opens (ms). */
  take(path: string, limit: number, now: number): number | undefined {
    let window = this.windows.get(path);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      this.windows.set(path, window);
    }
    if (window.count >= limit) return window.start + WINDOW_MS - now;
    window.count++;
    return undefined;
  }
}
