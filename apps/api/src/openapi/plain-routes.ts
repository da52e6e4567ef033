import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';

/**
 * The routes served by Fastify directly, outside Nest's controllers, which Nest's scanner does not
 * see: the health checks (http/health-routes.ts) and /metrics (http-server.ts). Their answers are the
 * seed's health bodies and Prometheus text, not the envelope. They need no token (authentication.ts).
 */

const HEALTH_BODY = (data: SchemaObject): SchemaObject => ({
  type: 'object',
  required: ['code', 'message', 'data', 'error'],
  properties: {
    code: { type: 'integer', enum: [0], example: 0 },
    message: { type: 'string', enum: ['success'], example: 'success' },
    data,
    error: { type: 'string', nullable: true, enum: [null], example: null },
  },
});

const json = (schema: SchemaObject) => ({ 'application/json': { schema } });

const LIVENESS = HEALTH_BODY({ type: 'boolean', enum: [true], example: true });

const check = (checkType: string, statuses: string[]) =>
  HEALTH_BODY({
    type: 'object',
    required: ['status', 'check_type', 'message'],
    properties: {
      status: { type: 'string', enum: statuses, example: statuses[0] },
      check_type: { type: 'string', enum: [checkType], example: checkType },
      message: {
        type: 'string',
        description: 'which check failed, or why the status is what it is',
        example: 'all configured ports are ready',
      },
    },
  });

const livenessRoute = {
  get: {
    summary: 'Liveness: true while the process serves',
    responses: { '200': { description: 'Serving', content: json(LIVENESS) } },
  },
};

const readyRoute = {
  get: {
    summary: 'Readiness: the HTTP port listens, Postgres answers, migrations are applied and, where configured, Kafka is connected',
    responses: {
      '200': { description: 'Ready', content: json(check('ready', ['ok'])) },
      '503': { description: 'Not ready: the message names the check that failed', content: json(check('ready', ['not_ready'])) },
    },
  },
};

const verdictRoute = (checkType: 'node' | 'cluster', summary: string) => ({
  get: {
    summary,
    responses: {
      '200': { description: 'ok or degraded', content: json(check(checkType, ['ok', 'degraded'])) },
      '503': { description: 'down', content: json(check(checkType, ['down'])) },
    },
  },
});

const NODE = verdictRoute('node', "This instance's dependencies and its workers' lag");
const CLUSTER = verdictRoute('cluster', 'Every registered instance has heartbeated within meta_runtime.heartbeat_timeout_ms');

export const PLAIN_ROUTES: OpenAPIObject['paths'] = {
  '/cluster/healthy': livenessRoute,
  '/api/cluster/healthy': livenessRoute,
  '/health/ready': readyRoute,
  '/api/health/ready': readyRoute,
  '/health/node': NODE,
  '/api/health/node': NODE,
  '/health/cluster': CLUSTER,
  '/api/health/cluster': CLUSTER,
  '/metrics': {
    get: {
      summary: 'Prometheus metrics: requests by route and status, appends, log consumers, Kafka, the process',
      responses: {
        '200': {
          description: 'The Prometheus text format',
          content: { 'text/plain': { schema: { type: 'string', example: 'http_requests_total{method="GET"} 1' } } },
        },
      },
    },
  },
};
