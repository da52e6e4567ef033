import { HttpException } from '@nestjs/common';
import { DeadlineExceededError } from '#libs/event-store';
import { DomainError } from '#libs/domain/shared';
import { AuthenticationError } from './authentication.js';

export interface HttpFailure {
  status: number;
  message: string;
  /** A bug or an outage rather than bad input: worth a log line with the stack. */
  unexpected: boolean;
}

const STATUS_BY_KIND: Record<DomainError['kind'], number> = {
  invalid: 400,
  rejected: 400,
  not_found: 404,
  already_exists: 409,
  quota_exceeded: 409,
  conflict: 409,
  too_large: 413,
};

/** Fastify's own request errors (body parsing, size), with messages a client can act on. */
const FASTIFY_ERRORS: Record<string, { status: number; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: 'body: is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: 'body: is empty; send a JSON object' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: 'body: is larger than the limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: 'body: Content-Type must be application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: 'body: Content-Length does not match the body' },
  FST_ERR_BAD_URL: { status: 400, message: 'url: is not valid (broken percent-encoding)' },
};

/** Connection-level failures: Postgres is down or restarting, not the request's fault. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '53300', '08006', '08001']);

/** query_canceled: a statement ran past API_STATEMENT_TIMEOUT_MS (a lock held elsewhere, an overloaded server). */
const STATEMENT_TIMEOUT_CODE = '57014';

/** The one place where any error becomes an HTTP status and a message. */
export function toHttpFailure(error: unknown): HttpFailure {
  if (error instanceof DomainError) return { status: STATUS_BY_KIND[error.kind], message: error.message, unexpected: false };
  if (error instanceof AuthenticationError) return { status: 401, message: error.message, unexpected: false };
  // Nest hands Fastify's request errors to the filter as HttpExceptions whose cause is Fastify's error.
  const fastifyError = fastifyFailure(error) ?? (error instanceof HttpException ? fastifyFailure(error.cause) : undefined);
  if (fastifyError) return { ...fastifyError, unexpected: false };
  if (error instanceof HttpException) {
    return { status: error.getStatus(), message: httpExceptionMessage(error), unexpected: error.getStatus() >= 500 };
  }
  if (error instanceof DeadlineExceededError) return { status: 503, message: `${error.message}; try again`, unexpected: true };
  const code = (error as { code?: unknown } | null)?.code;
  if (code === STATEMENT_TIMEOUT_CODE) return { status: 503, message: 'the database did not answer in time; try again', unexpected: true };
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code))
    return { status: 503, message: 'database unavailable; try again', unexpected: true };
  if (error instanceof Error && /timeout exceeded when trying to connect|Connection terminated/i.test(error.message)) {
    return { status: 503, message: 'database unavailable; try again', unexpected: true };
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, message: (error as Error).message, unexpected: false };
  }
  return { status: 500, message: 'internal error', unexpected: true };
}

function fastifyFailure(error: unknown): { status: number; message: string } | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && Object.hasOwn(FASTIFY_ERRORS, code) ? FASTIFY_ERRORS[code] : undefined;
}

function httpExceptionMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
}
