import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ClusterView, HealthStatus } from '#libs/cluster';

/** The seed's bodies (API-CONTRACT §7): `code` 0 and `message` "success" whatever the outcome, plus `"error":null`. */
const LIVENESS = JSON.stringify({ code: 0, message: 'success', data: true, error: null });
/** The seed's text for a ready instance, which probes and scripts may match. */
const READY_MESSAGE = 'all configured ports are ready';

type CheckType = 'ready' | 'node' | 'cluster';

function answer(reply: FastifyReply, httpStatus: number, status: HealthStatus | 'not_ready', checkType: CheckType, message: string) {
  return reply
    .code(httpStatus)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify({ code: 0, message: 'success', data: { status, check_type: checkType, message }, error: null }));
}

/**
 * The health checks, at the API document's paths and under /api (API-CONTRACT §2, §7), as plain Fastify
 * routes: no credentials and no rate limit (both skip them, see `requiresToken`), no Nest pipeline.
 * Every check has its deadline (ClusterView), so a hung Postgres answers 503 within seconds; anything
 * unexpected is a 503 too, never a 500. `ready` is 503 unless every check passed; `node` and `cluster`
 * are 200 while `ok` or `degraded` and 503 when `down`.
 */
export function serveHealthChecks(fastify: FastifyInstance, cluster: ClusterView): void {
  for (const path of ['/cluster/healthy', '/api/cluster/healthy']) {
    fastify.get(path, async (_request, reply) => reply.header('content-type', 'application/json; charset=utf-8').send(LIVENESS));
  }
  for (const prefix of ['', '/api']) {
    fastify.get(`${prefix}/health/ready`, async (_request, reply) => {
      try {
        const readiness = await cluster.ready();
        return readiness.ready
          ? answer(reply, 200, 'ok', 'ready', READY_MESSAGE)
          : answer(reply, 503, 'not_ready', 'ready', readiness.message);
      } catch (error) {
        return answer(reply, 503, 'not_ready', 'ready', (error as Error).message);
      }
    });
    for (const checkType of ['node', 'cluster'] as const) {
      fastify.get(`${prefix}/health/${checkType}`, async (_request, reply) => {
        try {
          const verdict = checkType === 'node' ? await cluster.node() : await cluster.cluster();
          return answer(reply, verdict.status === 'down' ? 503 : 200, verdict.status, checkType, verdict.message);
        } catch (error) {
          return answer(reply, 503, 'down', checkType, (error as Error).message);
        }
      });
    }
  }
}
