// HTTP load: a warm-up run whose figures are dropped, then the measured run. Many connections: autocannon.
// One connection: a plain keep-alive client here, because autocannon rounds latencies to whole milliseconds
// and a bare route answers in less than one.
import { performance } from 'node:perf_hooks';
import http from 'node:http';
import autocannon from 'autocannon';

/**
 * `request(n)` gives the n-th request as { method, path, body? }; n counts across warm-up and run, so that
 * creates never repeat a name. `targets` are one or more base URLs: the connections are split over them.
 */
export async function measureHttp({ targets, connections, request, warmupSeconds, seconds }) {
  const counter = { next: 0 };
  if (connections === 1 && targets.length === 1) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      if (warmupSeconds > 0) await oneConnection({ url: targets[0], agent, request, counter, seconds: warmupSeconds });
      return await oneConnection({ url: targets[0], agent, request, counter, seconds });
    } finally {
      agent.destroy();
    }
  }
  if (warmupSeconds > 0) await loadAll({ targets, connections, request, counter, seconds: warmupSeconds });
  const results = await loadAll({ targets, connections, request, counter, seconds });
  return summarize(results);
}

/** Requests one after the other on one kept-alive connection, each timed in fractions of a millisecond. */
async function oneConnection({ url, agent, request, counter, seconds }) {
  const latencies = [];
  let failures = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const { method = 'GET', path, body } = request(counter.next++);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const sent = performance.now();
    const status = await new Promise((resolve) => {
      const outgoing = http.request(
        new URL(path, url),
        { method, agent, headers: payload ? { 'content-type': 'application/json' } : {} },
        (response) => {
          response.resume();
          response.once('end', () => resolve(response.statusCode));
        },
      );
      outgoing.once('error', () => resolve(0));
      outgoing.end(payload);
    });
    latencies.push(performance.now() - sent);
    if (status < 200 || status >= 300) failures++;
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] * 100) / 100;
  return { requestsPerSecond: Math.round(latencies.length / elapsed), p50Ms: at(50), p99Ms: at(99), requests: latencies.length, failures };
}

async function loadAll({ targets, connections, request, counter, seconds }) {
  const perTarget = targets.map((_, index) => Math.floor(connections / targets.length) + (index < connections % targets.length ? 1 : 0));
  return Promise.all(
    targets.map((url, index) =>
      autocannon({
        url,
        connections: perTarget[index],
        duration: seconds,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (previous) => {
              const { method = 'GET', path, body } = request(counter.next++);
              return { ...previous, method, path, body: body === undefined ? undefined : JSON.stringify(body) };
            },
          },
        ],
      }),
    ),
  );
}

/** Requests per second add up over the targets; latencies are the worst target's, so nothing looks better than it was. */
function summarize(results) {
  const sum = (pick) => results.reduce((total, result) => total + pick(result), 0);
  const worst = (pick) => Math.max(...results.map(pick));
  const seconds = Math.max(...results.map((result) => result.duration));
  return {
    requestsPerSecond: Math.round(sum((result) => result.requests.total) / seconds),
    p50Ms: worst((result) => result.latency.p50),
    p99Ms: worst((result) => result.latency.p99),
    requests: sum((result) => result.requests.total),
    failures: sum((result) => result.non2xx + result.errors + result.timeouts),
  };
}
