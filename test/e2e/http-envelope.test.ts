// Requests the service cannot take as they are: every one is answered in the envelope, with a
// meaningful status and `Content-Type: application/json`, never a 500 (API-CONTRACT §1).
import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { type HttpResult, startTestApp, type TestApp } from '../support/app.js';

const BODY_LIMIT_BYTES = 2048;
const CREATE = '/api/cluster/tenant/create';
const COMMANDS = ['/api/cluster/tenant/create', '/api/tenant/update', '/api/mqtt/tenant/delete'];

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES) });
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const uniqueName = (label = 'tenant') => `${label}-${randomBytes(5).toString('hex')}`;
const json = { 'content-type': 'application/json' };

function expectFailure(response: HttpResult, status: number, error: string | RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
  const text = typeof error === 'string' ? error : expect.stringMatching(error);
  expect(response.body).toEqual({ code: 100, data: '', error: text, message: text });
  expect(response.body.message).toBe(response.body.error);
  expect(Object.keys(response.body)).toEqual(['code', 'data', 'error', 'message']);
}

/** A request with bytes exactly as given (fetch would refuse or normalise some of them). */
function rawRequest(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<HttpResult> {
  const url = new URL(app.service.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        resolve({ status: response.statusCode ?? 0, headers: responseHeaders, body: text ? JSON.parse(text) : undefined });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function expectTenantAbsent(tenant_name: string) {
  const response = await app.get(`/api/cluster/tenant/list?tenant_name=${tenant_name}`);
  expect(response.status).toBe(200);
  expect(response.body.data.total_count).toBe(0);
}

describe('a request body that is not a JSON object', () => {
  it.each(COMMANDS)('malformed JSON sent to %s is refused with 400', async (path) => {
    expectFailure(await app.send('POST', path, '{"tenant_name": "x",', json), 400, 'body: is not valid JSON');
  });

  it.each([['{tenant_name: "x"}'], ["{'tenant_name': 'x'}"], ['{"tenant_name": "x"} trailing'], ['nul']])(
    'the malformed JSON %s is refused with 400',
    async (body) => {
      expectFailure(await app.send('POST', CREATE, body, json), 400, 'body: is not valid JSON');
    },
  );

  it('JSON that tries to set __proto__ is refused with 400', async () => {
    const response = await app.send('POST', CREATE, '{"tenant_name": "proto", "__proto__": {"admin": true}}', json);

    expectFailure(response, 400, 'body: is not valid JSON');
  });

  it.each(COMMANDS)('an empty JSON body sent to %s is refused with 400', async (path) => {
    expectFailure(await app.send('POST', path, '', json), 400, 'body: is empty; send a JSON object');
  });

  it('a POST without any body or Content-Type is refused with 400', async () => {
    expectFailure(await app.send('POST', CREATE, undefined), 400, /^body: /);
  });

  it.each([
    ['an array', '[{"tenant_name": "x"}]'],
    ['a string', '"tenant_name"'],
    ['a number', '42'],
    ['a boolean', 'true'],
    ['null', 'null'],
  ])('a JSON body that is %s is refused with 400', async (_kind, body) => {
    for (const path of COMMANDS) expectFailure(await app.send('POST', path, body, json), 400, 'body: must be a JSON object');
  });

  it('an empty JSON object is refused for its missing field, not as malformed', async () => {
    expectFailure(await app.send('POST', CREATE, '{}', json), 400, 'tenant_name: is required');
  });
});

describe('the size of a request body', () => {
  it('a body over the limit is refused with 413 and nothing is stored', async () => {
    const tenant_name = uniqueName('too-large');
    const body = JSON.stringify({ tenant_name, desc: 'd'.repeat(BODY_LIMIT_BYTES) });

    expectFailure(await app.send('POST', CREATE, body, json), 413, 'body: is larger than the limit');
    await expectTenantAbsent(tenant_name);
  });

  it('a body over the limit sent in chunks, without Content-Length, is refused with 413', async () => {
    const tenant_name = uniqueName('chunked');
    const body = JSON.stringify({ tenant_name, desc: 'd'.repeat(BODY_LIMIT_BYTES) });

    const response = await rawRequest('POST', CREATE, { ...json, 'transfer-encoding': 'chunked' }, body);

    expectFailure(response, 413, 'body: is larger than the limit');
    await expectTenantAbsent(tenant_name);
  });

  it('a body just under the limit is accepted', async () => {
    const tenant_name = uniqueName('fits');
    const body = JSON.stringify({ tenant_name, desc: 'd'.repeat(400), padding: 'p'.repeat(BODY_LIMIT_BYTES - 600) });
    expect(Buffer.byteLength(body)).toBeLessThan(BODY_LIMIT_BYTES);

    const response = await app.send('POST', CREATE, body, json);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ code: 0, data: 'success', error: null });
  });
});

describe('the Content-Type of a request body', () => {
  it.each([['application/xml'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x'], ['text/plain'], ['text/html']])(
    'a body sent as %s is refused with 415',
    async (contentType) => {
      const tenant_name = uniqueName('media');

      const response = await app.send('POST', CREATE, JSON.stringify({ tenant_name }), { 'content-type': contentType });

      expectFailure(response, 415, 'body: Content-Type must be application/json');
      await expectTenantAbsent(tenant_name);
    },
  );

  it('a body without any Content-Type is refused with 415', async () => {
    const tenant_name = uniqueName('no-type');

    const response = await rawRequest('POST', CREATE, {}, JSON.stringify({ tenant_name }));

    expectFailure(response, 415, 'body: Content-Type must be application/json');
    await expectTenantAbsent(tenant_name);
  });

  it('an HTML form that would be a valid request in JSON is refused with 415 and creates nothing', async () => {
    const tenant_name = uniqueName('form');

    const response = await app.send('POST', CREATE, `tenant_name=${tenant_name}&desc=form`, {
      'content-type': 'application/x-www-form-urlencoded',
    });

    expectFailure(response, 415, 'body: Content-Type must be application/json');
    await expectTenantAbsent(tenant_name);
  });

  it('a JSON body with a charset in its Content-Type is accepted', async () => {
    const tenant_name = uniqueName('charset');

    const response = await app.send('POST', CREATE, JSON.stringify({ tenant_name }), { 'content-type': 'application/json; charset=utf-8' });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ code: 0, data: 'success', error: null });
  });
});

describe('requests for something that is not there', () => {
  it.each([
    ['GET', '/api/cluster/nothing-here'],
    ['GET', '/nothing-here'],
    ['POST', '/api/cluster/tenant/rename'],
    ['GET', '/api/cluster/tenant/create'],
    ['POST', '/api/cluster/tenant/list'],
    ['DELETE', '/api/cluster/tenant/delete'],
  ])('%s %s is answered 404 in the envelope', async (method, path) => {
    const response = await app.send(method, path, method === 'POST' ? '{}' : undefined, method === 'POST' ? json : {});

    expectFailure(response, 404, /.+/);
  });

  it('a URL with broken percent-encoding is answered 400 in the envelope', async () => {
    expectFailure(await rawRequest('GET', '/api/cluster/tenant/%zz'), 400, 'url: is not valid (broken percent-encoding)');
    expectFailure(await rawRequest('POST', '/api/%E0%A4%A/tenant/create', json, '{}'), 400, 'url: is not valid (broken percent-encoding)');
  });

  it('a list filter with broken percent-encoding is answered as a filter that matches nothing', async () => {
    const response = await rawRequest('GET', '/api/cluster/tenant/list?tenant_name=%E0%A4%A');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
    expect(response.body).toEqual({ code: 0, data: { data: [], total_count: 0 }, error: null });
  });
});

describe('every response', () => {
  it('is JSON, with the envelope keys code, data, error, in that order; a failure adds message, the same text as error', async () => {
    const tenant_name = uniqueName('shape');
    const responses = [
      await app.post(CREATE, { tenant_name }),
      await app.post(CREATE, { tenant_name }),
      await app.get(`/api/tenant/list?tenant_name=${tenant_name}`),
      await app.get('/api/mqtt/tenant/list?limit=0'),
      await app.post('/api/mqtt/tenant/delete', { tenant_name: uniqueName('missing') }),
      await app.get('/api/nowhere'),
    ];

    expect(responses.map((response) => response.status)).toEqual([200, 409, 200, 400, 404, 404]);
    for (const response of responses) {
      expect(response.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
      if (response.status === 200) expect(Object.keys(response.body)).toEqual(['code', 'data', 'error']);
      else expect(response.body).toEqual({ code: 100, data: '', error: expect.any(String), message: response.body.error });
    }
  });
});

describe('the request id', () => {
  it('is echoed when the client sends a sane one, and made up otherwise, on success and failure alike', async () => {
    const echoed = await app.send('GET', '/api/tenant/list', undefined, { 'x-request-id': 'client-42.retry:1' });
    const malformed = await app.send('POST', CREATE, '{bad', { ...json, 'x-request-id': 'client-43' });
    const madeUp = await app.get('/api/nowhere');
    const insane = await app.send('GET', '/api/tenant/list', undefined, { 'x-request-id': 'has spaces and "quotes"' });

    expect(echoed.headers.get('x-request-id')).toBe('client-42.retry:1');
    expect(malformed.headers.get('x-request-id')).toBe('client-43');
    expect(madeUp.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(insane.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('becomes the correlation id of the events the request causes', async () => {
    const tenant_name = uniqueName('correlated');
    await app.post(CREATE, { tenant_name }, { 'x-request-id': `req-${tenant_name}` });

    const stored = await app.database.pool.query('SELECT metadata FROM events WHERE stream_id = $1', [`tenant-${tenant_name}`]);
    expect(stored.rows[0].metadata).toMatchObject({
      request_id: `req-${tenant_name}`,
      correlation_id: `req-${tenant_name}`,
      actor: 'anonymous',
    });
  });
});
