import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { from, mergeMap, type Observable } from 'rxjs';
import { CommandOutcome } from '#libs/application';
import type { ReadYourWrites } from '#libs/read-models';
import { READ_YOUR_WRITES } from '../tokens.js';
import { success } from './envelope.js';

export const EVENT_POSITION_HEADER = 'x-event-position';
export const READ_YOUR_WRITES_HEADER = 'x-read-your-writes';

/**
 * Wraps every result in the envelope. A command's answer waits (bounded) until the projections
 * have applied its events, so a client that creates and then lists sees its write, and carries
 * the log position of its last event.
 */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  constructor(@Inject(READ_YOUR_WRITES) private readonly readYourWrites: ReadYourWrites) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(mergeMap((result) => from(this.envelope(result, reply))));
  }

  private async envelope(result: unknown, reply: FastifyReply): Promise<unknown> {
    if (!(result instanceof CommandOutcome)) return success(result);
    if (result.lastEvent) {
      void reply.header(EVENT_POSITION_HEADER, result.lastEvent.position.toString());
      const applied = await this.readYourWrites.waitUntilApplied(result.lastEvent, result.eventTypes);
      void reply.header(READ_YOUR_WRITES_HEADER, applied ? 'applied' : 'pending');
    }
    return success('success');
  }
}
