// The OpenAPI document (/api/docs/openapi.json) against the app that serves it: every route it registers
// is documented, and every endpoint answers as documented (startTestApp's helpers check each answer).
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.js';
import { requiresToken } from '../../apps/api/src/http/authentication.js';
import { type OpenApiDocument, ResponseContract } from '../support/openapi.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the document is plain JSON

const TOKEN = `docs-${randomBytes(16).toString('hex')}`;
const auth = { authorization: `Bearer ${TOKEN}` };
const METHODS = ['get', 'post', 'put', 'delete', 'patch'];

/**
 * Routes the document leaves out on purpose, each with the reason. Fastify answers HEAD for every GET
 * route by itself; those are not listed here but skipped below.
 */
const UNDOCUMENTED_ROUTES: Record<string, string> = {};

/** Routes outside the envelope: the docs, the health checks (the seed's bodies) and the metrics (Prometheus text). */
const PLAIN_ROUTES = /^\/(api\/)?(docs|health\/|cluster\/healthy$|metrics$)/;

let app: TestApp;
let document: OpenApiDocument;

beforeAll(async () => {
  app = await startTestApp({ ADMIN_TOKENS: `docs:${TOKEN}` });
  document = (await app.send('GET', '/api/docs/openapi.json', undefined, auth)).body as OpenApiDocument;
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const operations = () =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] !== undefined).map((method) => ({ path, method, operation: item[method] as Json })),
  );

/** `/api/docs/assets/:file` as the document writes it: `/api/docs/assets/{file}`. */
const documentedForm = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function resolve(schema: Json | undefined): Json | undefined {
  if (schema?.$ref === undefined) return schema;
  return document.components!.schemas[(schema.$ref as string).split('/').pop()!];
}

/** A body made of the examples of a schema's fields, through nested objects: what Swagger UI shows as the example. */
function exampleOf(schema: Json | undefined): unknown {
  const resolved = resolve(schema?.allOf?.[0] ?? schema);
  if (resolved === undefined) return undefined;
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.type !== 'object' || resolved.properties === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(resolved.properties as Record<string, Json>)
      .map(([name, property]) => [name, exampleOf(property)])
      .filter(([, value]) => value !== undefined),
  );
}

function queryOf(operation: Json, which: 'required' | 'all'): string {
  const parameters = ((operation.parameters ?? []) as Json[]).filter(
    (parameter) => parameter.in === 'query' && (which === 'all' || parameter.required),
  );
  const query = new URLSearchParams(parameters.map((parameter): [string, string] => [parameter.name, String(parameter.schema.example)]));
  return query.size > 0 ? `?${query}` : '';
}

describe('the OpenAPI document', () => {
  it('documents every route the app registers, each method of it', () => {
    const documented = new Set(operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`));
    const routes = app.service.registeredRoutes;
    const getRoutes = new Set(routes.filter((route) => route.method === 'GET').map((route) => route.url));
    const undocumented = routes
      .filter((route) => !(route.method === 'HEAD' && getRoutes.has(route.url)))
      .map((route) => `${route.method} ${documentedForm(route.url)}`)
      .filter((route) => !documented.has(route) && !Object.hasOwn(UNDOCUMENTED_ROUTES, route));
    expect(undocumented).toEqual([]);
  });

  it('documents no route the app does not serve', () => {
    const served = new Set(app.service.registeredRoutes.map((route) => `${route.method} ${documentedForm(route.url)}`));
    expect(operations().filter(({ path, method }) => !served.has(`${method.toUpperCase()} ${path}`))).toEqual([]);
  });

  it('documents the legacy paths of the RobustMQ dashboard as aliases (API-CONTRACT §2)', () => {
    for (const alias of [
      '/api/tenant/list',
      '/api/mqtt/tenant/create',
      '/api/mqtt/topic-rewrite/list',
      '/api/mqtt/user/create',
      '/api/mqtt/acl/delete',
      '/api/mqtt/blacklist/list',
      '/api/mqtt/connector/detail',
      '/api/mqtt/schema/create',
      '/api/mqtt/schema-bind/create',
    ]) {
      const [operation] = Object.values(document.paths[alias] ?? {}) as Json[];
      expect([alias, operation?.description]).toEqual([alias, expect.stringMatching(/^Alias of `\/api\/cluster\//)]);
    }
    expect(document.paths['/api/status']!.get.description).toBe(
      "Alias of `/api/cluster/status` (the RobustMQ dashboard's path), with the same answers.",
    );
    expect(document.paths['/api/health/ready']!.get.description).toMatch(/^Alias of `\/health\/ready`/);
    // The one path of §2 with answers of its own: the dashboard's binding list.
    expect(document.paths['/api/mqtt/schema-bind/list']!.get.description).toBeUndefined();
  });

  it('declares the bearer scheme for every path that needs a token, and no token for the public ones', () => {
    expect(document).toMatchObject({
      security: [{ bearer: [] }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    });
    for (const { path, method, operation } of operations()) {
      const isPublic = !requiresToken(path.replace(/\{(\w+)\}/g, ':$1'));
      expect([method, path, operation.security, Object.hasOwn(operation.responses, '401')]).toEqual(
        isPublic ? [method, path, [], false] : [method, path, undefined, true],
      );
    }
    const publicPaths = operations().filter(({ operation }) => operation.security?.length === 0);
    expect(publicPaths.map(({ path }) => path).sort()).toEqual(
      [
        '/api/cluster/healthy',
        '/api/docs',
        '/api/docs/assets/{file}',
        '/api/health/cluster',
        '/api/health/node',
        '/api/health/ready',
        '/cluster/healthy',
        '/health/cluster',
        '/health/node',
        '/health/ready',
        '/metrics',
      ].sort(),
    );
  });

  it('lists the errors each kind of route can answer, every one with the envelope and an example', () => {
    for (const { path, method, operation } of operations()) {
      if (PLAIN_ROUTES.test(path)) continue;
      const statuses = Object.keys(operation.responses);
      const expected = method === 'post' ? ['200', '400', '401', '409', '413', '415', '429', '503'] : ['200', '400', '401', '429', '503'];
      expect([method, path, statuses]).toEqual([method, path, expect.arrayContaining(expected)]);
      for (const status of statuses.filter((status) => status !== '200')) {
        const schema = operation.responses[status].content['application/json'].schema;
        expect([path, status, schema.required, schema.example]).toEqual([
          path,
          status,
          ['code', 'data', 'error', 'message'],
          { code: 100, data: '', error: expect.any(String), message: expect.any(String) },
        ]);
      }
    }
  });

  // Found by the fuzzer (schemathesis): `sort_field=` answered 200 although the document allowed only the sort fields.
  it('lets every optional query parameter be empty, which reads as absent (API-CONTRACT §3)', async () => {
    for (const { path, operation } of operations()) {
      for (const parameter of (operation.parameters ?? []) as Json[]) {
        if (parameter.in !== 'query') continue;
        expect([path, parameter.name, parameter.allowEmptyValue]).toEqual([path, parameter.name, parameter.required ? undefined : true]);
      }
    }
    const listed = await app.send('GET', '/api/cluster/schema/list?sort_field=&limit=&page=&sort_by=', undefined, auth);
    expect(listed.status).toBe(200);
  });

  it('gives every parameter and every field an example', () => {
    const missing: string[] = [];
    const visit = (schema: Json | undefined, where: string) => {
      if (schema === undefined || schema.$ref !== undefined) return;
      for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) visit(property, `${where}.${name}`);
      if (schema.items) visit(schema.items, `${where}[]`);
      const isContainer = schema.type === 'object' || schema.type === 'array' || schema.allOf !== undefined;
      // Fields that hold any JSON value (a change's before and after) have no one example.
      const isAnyValue = schema.type === undefined && schema.oneOf === undefined && schema.allOf === undefined;
      if (!isContainer && !isAnyValue && schema.example === undefined) missing.push(where);
    };
    for (const { path, method, operation } of operations()) {
      for (const parameter of (operation.parameters ?? []) as Json[]) visit(parameter.schema, `${method} ${path} ${parameter.name}`);
    }
    for (const [name, schema] of Object.entries(document.components!.schemas as Record<string, Json>)) visit(schema, name);
    expect(missing).toEqual([]);
  });
});

describe("the check of every answer against the document (startTestApp's helpers)", () => {
  it('names a status the route does not list, a body that breaks its schema, and an undocumented Content-Type', () => {
    const contract = new ResponseContract(document);
    const list = '/api/cluster/tenant/list?limit=1';
    const page = { code: 0, data: { data: [], total_count: 0 }, error: null };
    expect(contract.problems('GET', list, 200, 'application/json; charset=utf-8', page)).toEqual([]);
    expect(contract.problems('GET', list, 200, 'application/json', { ...page, extra: 1 })).toEqual([
      expect.stringMatching(/^GET \/api\/cluster\/tenant\/list answered 200 with a body that breaks its schema: .*additional properties/),
    ]);
    expect(contract.problems('GET', list, 404, 'application/json', page)).toEqual([
      expect.stringMatching(/^GET \/api\/cluster\/tenant\/list answered 404, a status the document does not list/),
    ]);
    expect(contract.problems('GET', list, 200, 'text/plain', 'hello')).toEqual([expect.stringMatching(/with Content-Type text\/plain/)]);
    expect(contract.problems('GET', '/api/docs/assets/swagger-ui.css', 200, 'text/css; charset=utf-8', 'body {}')).toEqual([]);
  });
});

describe('every endpoint answers as the document says', () => {
  // startTestApp's helpers check each answer against the document (status listed, body matching its schema).
  it('creates from the example bodies: each create succeeds where the document names the API document path', async () => {
    const creates = operations().filter(({ method, path }) => method === 'post' && path.endsWith('/create'));
    for (const { path, operation } of creates) {
      const body = exampleOf(operation.requestBody.content['application/json'].schema);
      const response = await app.post(path, body, auth);
      // The aliases create the same resources again: duplicates.
      expect([path, response.status, response.body.error]).toEqual([
        path,
        path.startsWith('/api/cluster/') ? 200 : 409,
        response.body.error,
      ]);
    }
  });

  it('answers every GET with its required parameters, and with all of them, as documented', async () => {
    for (const { path, method, operation } of operations()) {
      if (method !== 'get' || path.includes('{')) continue;
      const required = await app.send('GET', `${path}${queryOf(operation, 'required')}`, undefined, auth);
      expect([path, required.status]).toEqual([path, 200]);
      await app.send('GET', `${path}${queryOf(operation, 'all')}`, undefined, auth);
    }
  });

  it('answers the other commands from their example bodies, as documented', async () => {
    const others = operations().filter(({ method, path }) => method === 'post' && !path.endsWith('/create'));
    for (const { path, operation } of others) {
      await app.post(path, exampleOf(operation.requestBody.content['application/json'].schema), auth);
    }
  });

  it('answers the documented errors: 400, 401, 404, 409, 413, 415', async () => {
    expect((await app.post('/api/cluster/tenant/create', { tenant_name: '' }, auth)).status).toBe(400);
    expect((await app.get('/api/cluster/tenant/list')).status).toBe(401);
    expect((await app.send('GET', '/api/cluster/topic/detail?tenant=default&topic_name=none/such', undefined, auth)).status).toBe(404);
    expect((await app.post('/api/cluster/tenant/create', { tenant_name: 'default' }, auth)).status).toBe(409);
    const tooLarge = JSON.stringify({ tenant_name: 'x', desc: 'x'.repeat(1_100_000) });
    expect((await app.send('POST', '/api/cluster/tenant/create', tooLarge, { ...auth, 'content-type': 'application/json' })).status).toBe(
      413,
    );
    expect((await app.send('POST', '/api/cluster/tenant/create', 'tenant_name=x', { ...auth, 'content-type': 'text/plain' })).status).toBe(
      415,
    );
  });
});

describe('the docs page', () => {
  it('needs no token, and loads its scripts and styles from this service only', async () => {
    const page = await app.send('GET', '/api/docs', undefined);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'/);
    const assets = [...(page.body as string).matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets).toEqual([
      '/api/docs/assets/swagger-ui.css',
      '/api/docs/assets/favicon-32x32.png',
      '/api/docs/assets/swagger-ui-bundle.js',
      '/api/docs/assets/docs-page.js',
    ]);
    for (const asset of assets) {
      const response = await app.send('GET', asset, undefined);
      expect([asset, response.status, (response.body as string).length > 0]).toEqual([asset, 200, true]);
    }
    const script = (await app.send('GET', '/api/docs/assets/docs-page.js', undefined)).body as string;
    expect(script).toContain('validatorUrl: null'); // Swagger UI's default would fetch a badge from validator.swagger.io
  });

  it('answers 404 with the envelope for a file it does not have', async () => {
    const response = await app.send('GET', '/api/docs/assets/index.html', undefined);
    expect(response.status).toBe(404);
    expect(response.body.error).toMatch(/^index.html: no such file/);
  });

  it('serves the document only with a token when ADMIN_TOKENS is set', async () => {
    expect((await app.send('GET', '/api/docs/openapi.json', undefined)).status).toBe(401);
    expect((await app.send('GET', '/api/docs/openapi.json', undefined, auth)).headers.get('content-type')).toBe(
      'application/json; charset=utf-8',
    );
  });
});
