import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { requestContext } from '#libs/application';

const ANONYMOUS = 'anonymous';

/**
 * Carries who asked (actor, request id, source IP) to the events the request causes. The actor is
 * the name of the request's bearer token; without tokens configured (loopback only) it is `anonymous`.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const metadata = { actor: request.actor ?? ANONYMOUS, request_id: request.id, correlation_id: request.id, source_ip: request.ip };
    return new Observable((subscriber) => requestContext.run(metadata, () => next.handle().subscribe(subscriber)));
  }
}
