import Fastify from 'fastify';
import { limitAdminRequestRate, PerPathWindows } from './admin-rate-limit.js';

describe('admin rate limit windows', () => {
  it('takes `limit` requests per path per second, then says how long until the next window', () => {
    const windows = new PerPathWindows();
    expect([windows.take('/a', 2, 1000), windows.take('/a', 2, 1100), windows.take('/a', 2, 1400)]).toEqual([undefined, undefined, 600]);
    expect(windows.take('/b', 2, 1400)).toBeUndefined();
    expect(windows.take('/a', 2, 2000)).toBeUndefined();
  });

  it('a raised limit counts against the requests of the window already running', () => {
    const windows = new PerPathWindows();
    windows.take('/a', 1, 0);
    expect(windows.take('/a', 1, 10)).toBe(990);
    expect(windows.take('/a', 5, 20)).toBeUndefined();
  });
});

describe('admin rate limit hook', () => {
  const paths = ['/api/cluster/tenant/list', '/api/cluster/healthy', '/api/health/ready', '/health/ready', '/metrics'];

  async function serverWithLimit(limit: number) {
    const fastify = Fastify();
    limitAdminRequestRate(
      fastify,
      () => limit,
      (reply, error) => void reply.status(429).send({ error: error.message }),
      () => 0, // one window: the clock never moves
    );
    for (const path of paths) fastify.get(path, async () => 'ok');
    const url = await fastify.listen({ port: 0, host: '127.0.0.1' });
    const get = async (path: string) => {
      const response = await fetch(url + path);
      await response.text();
      return { statusCode: response.status, headers: { 'retry-after': response.headers.get('retry-after') } };
    };
    return { get, close: () => fastify.close() };
  }

  it('limits API paths, each on its own, and leaves health checks and metrics alone', async () => {
    const server = await serverWithLimit(1);
    try {
      const statuses = async (path: string) => [(await server.get(path)).statusCode, (await server.get(path)).statusCode];
      expect(await statuses('/api/cluster/tenant/list')).toEqual([200, 429]);
      for (const exempt of paths.slice(1)) expect({ exempt, statuses: await statuses(exempt) }).toEqual({ exempt, statuses: [200, 200] });
      const refused = await server.get('/api/cluster/tenant/list?page=2');
      expect({ status: refused.statusCode, retryAfter: refused.headers['retry-after'] }).toEqual({ status: 429, retryAfter: '1' });
    } finally {
      await server.close();
    }
  });

  it('paths no route serves share one budget', async () => {
    const server = await serverWithLimit(1);
    try {
      expect((await server.get('/api/nope-1')).statusCode).toBe(404);
      expect((await server.get('/api/nope-2')).statusCode).toBe(429);
    } finally {
      await server.close();
    }
  });
});
