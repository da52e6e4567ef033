import { randomUUID } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { requestContext } from '#libs/application';

const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Gives each request an id (the client's `X-Request-Id` when sane) that becomes its events' correlation id. */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const header = request.headers['x-request-id'];
    const requestId = typeof header === 'string' && CLIENT_REQUEST_ID.test(header) ? header : randomUUID();
    void http.getResponse<FastifyReply>().header('x-request-id', requestId);
    const metadata = { actor: 'anonymous', request_id: requestId, correlation_id: requestId, source_ip: request.ip };
    return new Observable((subscriber) => requestContext.run(metadata, () => next.handle().subscribe(subscriber)));
  }
}
