import type { FastifyInstance } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from '#libs/runtime';

/**
 * How the HTTP server stops: it stops listening at once, and the requests already running finish.
 * Their answers close their connections instead of keeping them alive: an idle keep-alive connection
 * would hold the stop up until the client let it go. A request that still reaches the server on a
 * connection opened before is served the same way (Fastify would answer it with a 503 of its own,
 * outside the envelope: hence `return503OnClosing: false`).
 */
export function closeConnectionsWhenClosing(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
}

/**
 * Closes the app, waiting for the requests in flight for at most `drainMs`; then their connections are
 * cut, so that the rest of the stop (workers, locks, database) still happens within the stop timeout.
 */
export async function closeHttpServer(app: NestFastifyApplication, drainMs: number, logger: Logger): Promise<void> {
  const cut = setTimeout(() => {
    logger.warn({ afterMs: drainMs }, 'requests still running at the end of the drain: their connections are closed');
    app.getHttpServer().closeAllConnections();
  }, drainMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}
