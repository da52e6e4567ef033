import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Each request's id: the client's `X-Request-Id` when it is sane, else a new UUID. It is echoed in
 * the response, logged with the request, and becomes the correlation id of the events it causes.
 */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && CLIENT_REQUEST_ID.test(header) ? header : randomUUID();
}
