import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, type ParameterObject, type SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { SERVICE_VERSION } from '#libs/cluster';
import type { Settings } from '#libs/config';
import { brokerConfigSchema } from '../cluster-config/cluster-config.schemas.js';
import { requiresToken } from '../http/authentication.js';
import { DOCS_ROUTES } from './api-docs.js';
import { exampleFor } from './field-examples.js';
import { PLAIN_ROUTES } from './plain-routes.js';

export const BEARER_SCHEME = 'bearer';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** The API-CONTRACT §2 aliases: the path of the API document each one serves. */
const ALIASES: [RegExp, string][] = [
  [/^\/api\/(?:mqtt\/)?tenant\//, '/api/cluster/tenant/'],
  [/^\/api\/mqtt\/(?=(?:topic|topic-rewrite|user|acl|blacklist|connector|schema)\/|schema-bind\/(?:create|delete)$)/, '/api/cluster/'],
  [/^\/api\/status$/, '/api/cluster/status'],
  [/^\/api\/(?=health\/|cluster\/healthy$)/, '/'],
];

/**
 * The OpenAPI document of the app: the controllers' routes as their decorators describe them
 * (openapi/endpoints.ts, the DTOs' field decorators), plus what applies to all of them here, once:
 * the bearer scheme (not on the paths authentication.ts leaves public, which also never answer 401 or
 * 429), an example for every parameter and field, tags, operation ids, and the docs routes.
 */
export function buildOpenApiDocument(app: INestApplication, settings: Settings): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('robustmq-admin')
    .setVersion(SERVICE_VERSION)
    .setDescription(
      "RobustMQ's Cluster Management HTTP API, event-sourced. Every answer is the envelope `{code, data, error}` (code 0 with the data, or " +
        'code 100 with the error text, repeated as `message`); HTTP statuses are meaningful. Paths under /api need ' +
        '`Authorization: Bearer <token>` when the service runs with ADMIN_TOKENS, except the health checks and this page.',
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A token of ADMIN_TOKENS' }, BEARER_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.paths = { ...document.paths, ...structuredClone(PLAIN_ROUTES), ...structuredClone(DOCS_ROUTES) };
  document.components!.schemas = { ...document.components!.schemas, BrokerConfig: brokerConfigSchema(settings) };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      operation.operationId = `${method}${path.replace(/[^A-Za-z0-9]+/g, '_')}`;
      operation.tags = [tagOf(path)];
      const canonical = canonicalPath(path);
      if (canonical !== path) operation.description = `Alias of \`${canonical}\` (the RobustMQ dashboard's path), with the same answers.`;
      // authentication.ts sees route patterns, Fastify's way of writing a path parameter.
      if (!requiresToken(path.replace(/\{(\w+)\}/g, ':$1'))) {
        operation.security = [];
        delete operation.responses['401'];
        delete operation.responses['429'];
      }
      for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
        addExamples(parameter.schema as SchemaObject, parameter.name);
        // An empty optional query parameter reads as absent (API-CONTRACT §3; QueryParameter in list-query.dto.ts).
        if (parameter.in === 'query' && !parameter.required) parameter.allowEmptyValue = true;
      }
    }
  }
  for (const [name, schema] of Object.entries(document.components!.schemas!)) addExamples(schema as SchemaObject, name);
  return document;
}

function canonicalPath(path: string): string {
  for (const [alias, canonical] of ALIASES) if (alias.test(path)) return path.replace(alias, canonical);
  return path;
}

const TAG_OF_SEGMENT = new Map([
  ['healthy', 'health'],
  ['overview', 'dashboard'],
  ['monitor', 'dashboard'],
]);

/** Operations are grouped by resource: the segment after /api/cluster, /api/mqtt or /api. */
function tagOf(path: string): string {
  const [segment] = canonicalPath(path)
    .replace(/^\/(api\/)?((cluster|mqtt)\/)?/, '')
    .split('/');
  return TAG_OF_SEGMENT.get(segment!) ?? segment!;
}

/** Gives every schema without an example one (its field name's, from field-examples.ts), through objects and arrays. */
function addExamples(schema: SchemaObject | undefined, name: string): void {
  if (schema === undefined || '$ref' in schema) return;
  for (const [field, property] of Object.entries(schema.properties ?? {})) addExamples(property as SchemaObject, field);
  if (schema.items) addExamples(schema.items as SchemaObject, name);
  if (schema.type === 'object' || schema.type === 'array' || schema.example !== undefined || schema.oneOf) return;
  const example = exampleFor(name, schema);
  if (example !== undefined) schema.example = example;
}
