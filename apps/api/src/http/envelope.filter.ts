import { type ArgumentsHost, Catch, type ExceptionFilter, Inject } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LOGGER } from '../tokens.js';
import type { Logger } from '#libs/runtime';
import { failure } from './envelope.js';
import { toHttpFailure } from './error-mapping.js';

/** Every error leaves as the envelope with the status the mapping gives; never a stack trace. */
@Catch()
export class EnvelopeExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    sendFailure(reply, error, this.logger);
  }
}

export function sendFailure(reply: FastifyReply, error: unknown, logger: Logger): void {
  const { status, message, unexpected } = toHttpFailure(error);
  if (unexpected) logger.error({ err: error, status }, 'request failed');
  void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(failure(message));
}
