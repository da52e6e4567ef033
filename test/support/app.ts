import 'reflect-metadata';
import { startService, type RunningService } from '../../apps/api/src/service.js';
import { runCommand } from '#libs/application';
import { loadSettings } from '#libs/config';
import { clusterConfigDecider, SetClusterConfig } from '#libs/domain/cluster-config';
import { createLogger } from '#libs/runtime';
import { createTestDatabase, type TestDatabase } from './database.js';
import { responseContract } from './openapi.js';

export interface HttpResult {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever JSON the API returned
}

export interface TestApp {
  service: RunningService;
  /** The JSON lines the service logged, when started with `captureLogs`. */
  logLines: string[];
  database: TestDatabase;
  get(path: string): Promise<HttpResult>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<HttpResult>;
  /** Sends raw bytes, for malformed-input tests. */
  send(method: string, path: string, body: string | undefined, headers?: Record<string, string>): Promise<HttpResult>;
  close(): Promise<void>;
}

/**
 * The admin rate limit the tests run with, unless they keep the default (50 requests per path and
 * second, which a test's loop of requests easily exceeds).
 */
const TEST_ADMIN_RATE_LIMIT = 1_000_000;

/**
 * The whole service (API, projectors and, when given KAFKA_BROKERS, the publisher) on a fresh
 * database of the test Postgres (or on `existing`, which closing leaves in place), listening on a free port.
 * With `captureLogs`, its log lines (at LOG_LEVEL, default trace) are kept in `logLines` instead of silenced.
 * The admin rate limit is raised (a ClusterLimit event, by `system`) unless `keepDefaultRateLimit`:
 * for the tests of the configuration itself, which start from a cluster nobody changed.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  existing?: TestDatabase,
  { captureLogs = false, keepDefaultRateLimit = false }: { captureLogs?: boolean; keepDefaultRateLimit?: boolean } = {},
): Promise<TestApp> {
  const database = existing ?? (await createTestDatabase());
  const settings = loadSettings({
    PORT: '0',
    LOG_LEVEL: captureLogs ? 'trace' : 'silent',
    KAFKA_BROKERS: '',
    CONSUMER_POLL_INTERVAL_MS: '100',
    ...env,
    DATABASE_URL: database.url,
  });
  const logLines: string[] = [];
  const service = await startService(settings, createLogger(settings, { write: (line: string) => logLines.push(line) }));
  if (!keepDefaultRateLimit) {
    await runCommand(
      service.store,
      clusterConfigDecider,
      new SetClusterConfig('ClusterLimit', { max_admin_http_uri_rate: TEST_ADMIN_RATE_LIMIT }),
    );
    await service.liveConfig.refresh();
  }
  const tokenOfTheTests = plainToken(env.ADMIN_TOKENS);
  // Read once here, in the suite's setup, rather than within the first test's time.
  await responseContract(service.url, tokenOfTheTests && `Bearer ${tokenOfTheTests}`);
  const send = async (method: string, path: string, body: string | undefined, headers: Record<string, string> = {}) => {
    const response = await fetch(`${service.url}${path}`, { method, body, headers });
    const text = await response.text();
    const contentType = response.headers.get('content-type');
    const parsed = text && contentType?.startsWith('application/json') ? JSON.parse(text) : text || undefined;
    // Every answer as the OpenAPI document says: a status it lists for the route, a body its schema accepts.
    const contract = await responseContract(service.url, headers.authorization ?? (tokenOfTheTests && `Bearer ${tokenOfTheTests}`));
    const problems = contract?.problems(method, path, response.status, contentType, parsed) ?? [];
    if (problems.length > 0) throw new Error(`the answer breaks the OpenAPI document: ${problems.join('; ')}`);
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    service,
    logLines,
    database,
    send,
    get: (path) => send('GET', path, undefined),
    post: (path, body, headers = {}) => send('POST', path, JSON.stringify(body), { 'content-type': 'application/json', ...headers }),
    async close() {
      await service.close();
      if (!existing) await database.drop();
    },
  };
}

/** The first token of an ADMIN_TOKENS value given in plain (`name:token`), to read the document with. */
function plainToken(adminTokens: string | undefined): string | undefined {
  const first = adminTokens?.split(',')[0]?.split(':');
  return first?.length === 2 ? first[1] : undefined;
}
