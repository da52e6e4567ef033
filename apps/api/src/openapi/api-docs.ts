import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ERROR_ENVELOPE } from './endpoints.js';

export const DOCS_PAGE_PATH = '/api/docs';
export const OPENAPI_DOCUMENT_PATH = '/api/docs/openapi.json';
const ASSETS_PATH = '/api/docs/assets';

/** Answered 404 with the envelope: an asset the page does not have. */
class UnknownAssetError extends Error {
  readonly statusCode = 404;
}

/**
 * The page's script: it loads the document with the token the user gives when the document needs one
 * (401), and hands the token to Swagger UI's Authorize, so that "Try it out" sends it. The token stays
 * in the page's memory only. Served as a file, so the page's Content-Security-Policy allows no inline script.
 */
const PAGE_SCRIPT = `'use strict';
(() => {
  const form = document.getElementById('token-form');
  async function load(token) {
    const response = await fetch('${OPENAPI_DOCUMENT_PATH}', { headers: token ? { authorization: 'Bearer ' + token } : {} });
    if (response.status === 401) {
      form.hidden = false;
      return;
    }
    form.hidden = true;
    const ui = SwaggerUIBundle({ spec: await response.json(), dom_id: '#swagger-ui', validatorUrl: null, deepLinking: true });
    if (token) ui.preauthorizeApiKey('bearer', token);
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(form.elements.token.value.trim());
  });
  void load('');
})();
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>robustmq-admin API</title>
<link rel="stylesheet" href="${ASSETS_PATH}/swagger-ui.css">
<link rel="icon" type="image/png" href="${ASSETS_PATH}/favicon-32x32.png">
</head>
<body>
<form id="token-form" hidden style="font-family: sans-serif; margin: 2em">
<p>This service requires a bearer token (ADMIN_TOKENS) to read its API document.</p>
<input name="token" type="password" autocomplete="off" size="64" placeholder="token"> <button type="submit">Open</button>
</form>
<div id="swagger-ui"></div>
<script src="${ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="${ASSETS_PATH}/docs-page.js"></script>
</body>
</html>
`;

/** Everything the page loads comes from this service (no CDN): the CSP says so to the browser too. */
const PAGE_SECURITY = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

/** Swagger UI's files, from the swagger-ui-dist that @nestjs/swagger depends on. */
function swaggerUiFolder(): string {
  const fromApp = createRequire(import.meta.url);
  const fromSwagger = createRequire(fromApp.resolve('@nestjs/swagger/package.json'));
  return path.dirname(fromSwagger.resolve('swagger-ui-dist/package.json'));
}

const ASSET_TYPES = new Map<string, string>([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'application/javascript; charset=utf-8'],
  ['favicon-32x32.png', 'image/png'],
  ['docs-page.js', 'application/javascript; charset=utf-8'],
]);

/**
 * `GET /api/docs` (the interactive page), its assets, and `GET /api/docs/openapi.json`. The page and
 * its assets need no token (static, generic, nothing of this API's; a browser opening a page sends no
 * bearer token); the document needs one when ADMIN_TOKENS is set, like the rest of /api
 * (authentication.ts), as Kubernetes serves its OpenAPI document to authenticated clients only.
 */
export function serveApiDocs(
  fastify: FastifyInstance,
  buildDocument: () => OpenAPIObject,
  refuse: (reply: FastifyReply, error: Error) => void,
): void {
  let document: string | undefined;
  const assets = new Map<string, Buffer>();
  fastify.get(OPENAPI_DOCUMENT_PATH, async (_request, reply) => {
    document ??= JSON.stringify(buildDocument());
    return reply.header('content-type', 'application/json; charset=utf-8').send(document);
  });
  fastify.get(DOCS_PAGE_PATH, async (_request, reply) =>
    reply.headers(PAGE_SECURITY).header('content-type', 'text/html; charset=utf-8').send(PAGE),
  );
  fastify.get<{ Params: { file: string } }>(`${ASSETS_PATH}/:file`, async (request, reply) => {
    const { file } = request.params;
    const type = ASSET_TYPES.get(file);
    if (type === undefined)
      return refuse(reply, new UnknownAssetError(`${file}: no such file; the page's files are ${[...ASSET_TYPES.keys()].join(', ')}`));
    if (!assets.has(file))
      assets.set(file, file === 'docs-page.js' ? Buffer.from(PAGE_SCRIPT) : readFileSync(path.join(swaggerUiFolder(), file)));
    return reply.headers(PAGE_SECURITY).header('content-type', type).header('cache-control', 'public, max-age=3600').send(assets.get(file));
  });
}

const HTML_PAGE = { 'text/html': { schema: { type: 'string' } } };

/** The docs routes in the document itself (they are Fastify routes, which Nest's scanner does not see). */
export const DOCS_ROUTES: OpenAPIObject['paths'] = {
  [DOCS_PAGE_PATH]: {
    get: {
      summary: 'This interactive page (Swagger UI, served from this service); no token needed',
      responses: { '200': { description: 'The page', content: HTML_PAGE } },
    },
  },
  [OPENAPI_DOCUMENT_PATH]: {
    get: {
      summary: 'This OpenAPI document',
      responses: {
        '200': { description: 'The document (OpenAPI 3.0)', content: { 'application/json': { schema: { type: 'object' } } } },
        '401': errorResponse('Missing or unknown bearer token'),
        '429': errorResponse('More requests on this path than ClusterLimit.max_admin_http_uri_rate per second'),
      },
    },
  },
  [`${ASSETS_PATH}/{file}`]: {
    get: {
      summary: "The page's scripts, styles and icon; no token needed",
      parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string', enum: [...ASSET_TYPES.keys()] } }],
      responses: {
        '200': {
          description: 'The file',
          content: {
            'text/css': { schema: { type: 'string' } },
            'application/javascript': { schema: { type: 'string' } },
            'image/png': { schema: { type: 'string', format: 'binary' } },
          },
        },
        '404': errorResponse('No such file'),
      },
    },
  },
};

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: ERROR_ENVELOPE } } };
}
