import cors from '@fastify/cors';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ServiceMetrics } from '#libs/metrics';
import { AppModule, type ApiDependencies } from './app.module.js';
import { answerConfigGetFromMemory, CurrentConfigAnswer } from './cluster-config/current-config-answer.js';
import { redactUrlSecrets } from '#libs/domain/shared';
import { limitAdminRequestRate } from './http/admin-rate-limit.js';
import { requireBearerTokens } from './http/authentication.js';
import { serveHealthChecks } from './http/health-routes.js';
import { sendFailure } from './http/envelope.filter.js';
import { closeConnectionsWhenClosing } from './http/graceful-close.js';
import { idempotentPosts } from './http/idempotency.js';
import { IdempotencyKeys } from './http/idempotency-keys.js';
import { requestIdOf } from './http/request-id.js';
import { serveApiDocs } from './openapi/api-docs.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';

/** Expired Idempotency-Keys are deleted this often (a repeat never sees one: it is taken over once expired). */
const PURGE_EVERY_MS = 10 * 60_000;
const MAX_HEADER_BYTES = 256 * 1024;

/** A route as Fastify registered it: its method and URL pattern (`:name` for a path parameter). */
export interface RegisteredRoute {
  method: string;
  url: string;
}

const routesOfApps = new WeakMap<NestFastifyApplication, readonly RegisteredRoute[]>();

/** The routes an app of createHttpServer serves, as Fastify registered them. */
export const registeredRoutesOf = (app: NestFastifyApplication): readonly RegisteredRoute[] => routesOfApps.get(app) ?? [];

/** Builds the Nest app on Fastify; errors raised before Nest sees the request use the same envelope. */
export async function createHttpServer(given: Omit<ApiDependencies, 'currentConfig'>): Promise<NestFastifyApplication> {
  const dependencies: ApiDependencies = { ...given, currentConfig: new CurrentConfigAnswer(given.settings, given.liveConfig) };
  const { logger } = dependencies;
  const adapter = new FastifyAdapter({
    bodyLimit: dependencies.settings.bodyLimitBytes,
    // A topic name may be 65,535 bytes of UTF-8, up to 196,605 characters once percent-encoded in a
    // detail query; Node's default (16 KiB for the request line and headers) would answer 431.
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    logger: false,
    requestIdHeader: false,
    genReqId: requestIdOf,
    // Errors Fastify answers before routing (a URL it cannot decode) would otherwise leave in Fastify's own shape.
    frameworkErrors: (error: FastifyError, _request: unknown, reply: FastifyReply) => sendFailure(reply, error, logger),
    // See closeConnectionsWhenClosing.
    return503OnClosing: false,
  });
  const fastify = adapter.getInstance();
  // Every route, Nest's and Fastify's own: the OpenAPI test checks that the document has each one.
  const registeredRoutes: RegisteredRoute[] = [];
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) registeredRoutes.push({ method, url: route.url });
  });
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  closeConnectionsWhenClosing(fastify);
  // Before authentication: a preflight carries no token, and a 401 must carry CORS headers for the page to read it.
  if (dependencies.settings.corsOrigins.length > 0) await allowCrossOrigin(fastify, dependencies.settings.corsOrigins);
  // Without tokens the service is reachable from loopback only, or by an explicit ALLOW_UNAUTHENTICATED (service.ts).
  if (dependencies.settings.adminTokens.length > 0) {
    requireBearerTokens(fastify, dependencies.settings.adminTokens, (reply, error) => sendFailure(reply, error, logger));
  }
  // After authentication, so that requests without a valid token do not use up the budget of a path.
  const { liveConfig } = dependencies;
  limitAdminRequestRate(
    fastify,
    () => liveConfig.current().state.sections.ClusterLimit.max_admin_http_uri_rate as number,
    (reply, error) => sendFailure(reply, error, logger),
  );
  answerConfigGetFromMemory(fastify, dependencies.currentConfig);
  serveHealthChecks(fastify, dependencies.cluster);
  const idempotencyKeys = new IdempotencyKeys(dependencies.pool, dependencies.settings.idempotencyKeyTtlSeconds);
  idempotentPosts(fastify, idempotencyKeys, logger, (reply, error) => sendFailure(reply, error, logger));
  const purgeExpiredKeys = setInterval(() => void idempotencyKeys.purgeExpired().catch(() => undefined), PURGE_EVERY_MS).unref();
  fastify.addHook('onClose', async () => clearInterval(purgeExpiredKeys));
  serveMetrics(fastify, dependencies.metrics);
  // One line per request, with the id that ties it to its events and to the client's own logs (never its headers: they carry the token).
  fastify.addHook('onResponse', async (request, reply) => {
    logger.info(
      {
        request_id: request.id,
        method: request.method,
        url: redactUrlSecrets(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        actor: request.actor,
      },
      'request',
    );
  });
  // Bodies are JSON only: Fastify's own JSON parser, and not Nest's extra urlencoded one.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.with(dependencies), adapter, { logger: false, bodyParser: false });
  // Built at its first request, from the routes Nest knows by then.
  serveApiDocs(
    fastify,
    () => buildOpenApiDocument(app, dependencies.settings),
    (reply, error) => sendFailure(reply, error, logger),
  );
  // Fastify's other built-in parser, text/plain, goes too, so any other Content-Type is answered 415.
  fastify.removeContentTypeParser('text/plain');
  routesOfApps.set(app, registeredRoutes);
  return app;
}

/** Answers the response headers a browser page may read, besides the CORS-safelisted ones. */
const EXPOSED_HEADERS = [
  'x-request-id',
  'x-event-position',
  'x-read-your-writes',
  'idempotent-replayed',
  'retry-after',
  'www-authenticate',
];
/** How long a browser may reuse a preflight's answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the origins of CORS_ORIGINS (the RobustMQ dashboard served from elsewhere): their pages may
 * call the API, with the bearer token in Authorization. A preflight is answered 204 in an onRequest hook
 * registered before authentication's (a preflight never carries a token); the request that follows still
 * needs one. Other origins get no Access-Control-Allow-Origin, so the browser keeps the answer from them.
 */
async function allowCrossOrigin(fastify: FastifyInstance, origins: readonly string[]): Promise<void> {
  await fastify.register(cors, {
    origin: [...origins],
    methods: ['GET', 'HEAD', 'POST'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    // An OPTIONS request that is not a preflight gets 204 too, rather than a text/plain 400 outside the envelope.
    strictPreflight: false,
  });
}

/**
 * `GET /metrics` (Prometheus text format), outside /api: like the health checks, it needs no token and
 * has no rate limit (a scraper holds no token). Every answered request is counted by its route pattern,
 * never its URL, so the number of series stays bounded.
 */
function serveMetrics(fastify: FastifyInstance, metrics: ServiceMetrics): void {
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.requestFinished(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });
  fastify.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await metrics.exposition();
    return reply.header('content-type', contentType).send(body);
  });
}
