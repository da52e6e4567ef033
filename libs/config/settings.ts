import { createHash } from 'node:crypto';

/**
 * Every setting the service reads, from environment variables, validated once at start-up.
 * The README's settings table mirrors this list.
 */
export interface Settings {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  /** Unset: `./.data`, or as root a folder the `postgres` user can reach when it cannot reach `./.data`. */
  dataDir: string | undefined;
  /** 0: a free port, picked at each start. */
  embeddedPostgresPort: number;
  databasePoolSize: number;
  kafkaBrokers: string[];
  kafkaClientId: string;
  kafkaTopicPrefix: string;
  kafkaTopicPartitions: number;
  kafkaReplicationFactor: number;
  kafkaMinInsyncReplicas: number;
  cloudEventsSource: string;
  runWorkers: boolean;
  readYourWritesTimeoutMs: number;
  consumerBatchSize: number;
  consumerPollIntervalMs: number;
  consumerMaxAttempts: number;
  bodyLimitBytes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  adminTokens: AdminToken[];
  allowUnauthenticated: boolean;
  apiStatementTimeoutMs: number;
  idempotencyKeyTtlSeconds: number;
  /** The bootstrap superuser's password, used only when that user is created; unset: a random one, logged once. */
  mqttAdminPassword: string | undefined;
  /** Origins (`scheme://host[:port]`) whose browser pages may call the API; empty: no CORS headers at all. */
  corsOrigins: string[];
  /** Port of the worker process' own `GET /metrics` listener (on HOST); unset: none. The API serves /metrics on PORT. */
  metricsPort: number | undefined;
}

/** A bearer token of ADMIN_TOKENS: its name (the events' actor) and the SHA-256 of its secret; never the secret itself. */
export interface AdminToken {
  name: string;
  sha256: Buffer;
}

type Env = Record<string, string | undefined>;
type Parser<T> = (raw: string) => T;

export class InvalidSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid settings:\n  ${problems.join('\n  ')}`);
  }
}

export function loadSettings(env: Env = process.env): Settings {
  const problems: string[] = [];
  /**
   * A secret's value is never repeated in a message: those end up in logs. `exact` keeps the spaces
   * around the value: a password's are part of it.
   */
  function read<T>(name: string, parse: Parser<T>, fallback: T, { secret = false, exact = false } = {}): T {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    try {
      return parse(exact ? raw : raw.trim());
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}${secret ? '' : ` (got ${JSON.stringify(raw)})`}`);
      return fallback;
    }
  }
  const settings: Settings = {
    host: read('HOST', text, '127.0.0.1'),
    port: read('PORT', integer(0, 65535), 8080),
    // Secret: its password.
    databaseUrl: read('DATABASE_URL', postgresUrl, undefined, { secret: true }),
    dataDir: read('DATA_DIR', text, undefined),
    embeddedPostgresPort: read('EMBEDDED_POSTGRES_PORT', integer(0, 65535), 0),
    databasePoolSize: read('DATABASE_POOL_SIZE', integer(2, 1000), 20),
    kafkaBrokers: read('KAFKA_BROKERS', brokerList, []),
    kafkaClientId: read('KAFKA_CLIENT_ID', text, 'robustmq-admin'),
    kafkaTopicPrefix: read('KAFKA_TOPIC_PREFIX', topicPrefix, 'robustmq.admin.'),
    kafkaTopicPartitions: read('KAFKA_TOPIC_PARTITIONS', integer(1, 10_000), 3),
    kafkaReplicationFactor: read('KAFKA_REPLICATION_FACTOR', integer(1, 32_767), 1),
    kafkaMinInsyncReplicas: read('KAFKA_MIN_INSYNC_REPLICAS', integer(1, 32_767), 1),
    cloudEventsSource: read('CLOUDEVENTS_SOURCE', text, '/robustmq-admin'),
    runWorkers: read('RUN_WORKERS', boolean, true),
    readYourWritesTimeoutMs: read('READ_YOUR_WRITES_TIMEOUT_MS', integer(0, 600_000), 5_000),
    consumerBatchSize: read('CONSUMER_BATCH_SIZE', integer(1, 100_000), 500),
    consumerPollIntervalMs: read('CONSUMER_POLL_INTERVAL_MS', integer(10, 600_000), 500),
    consumerMaxAttempts: read('CONSUMER_MAX_ATTEMPTS', integer(1, 1000), 5),
    bodyLimitBytes: read('BODY_LIMIT_BYTES', integer(1024, 100 * 1024 * 1024), 1024 * 1024),
    logLevel: read('LOG_LEVEL', oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const), 'info'),
    adminTokens: read('ADMIN_TOKENS', adminTokens, [], { secret: true }),
    allowUnauthenticated: read('ALLOW_UNAUTHENTICATED', boolean, false),
    apiStatementTimeoutMs: read('API_STATEMENT_TIMEOUT_MS', integer(0, 3_600_000), 5_000),
    idempotencyKeyTtlSeconds: read('IDEMPOTENCY_KEY_TTL_SECONDS', integer(1, 30 * 24 * 3600), 24 * 3600),
    mqttAdminPassword: read('MQTT_ADMIN_PASSWORD', password, undefined, { secret: true, exact: true }),
    corsOrigins: read('CORS_ORIGINS', originList, []),
    metricsPort: read('METRICS_PORT', integer(0, 65535), undefined),
  };
  if (settings.kafkaMinInsyncReplicas > settings.kafkaReplicationFactor) {
    problems.push('KAFKA_MIN_INSYNC_REPLICAS: must not exceed KAFKA_REPLICATION_FACTOR, or no write could ever be acknowledged');
  }
  if (problems.length > 0) throw new InvalidSettingsError(problems);
  return settings;
}

const text: Parser<string> = (raw) => raw;

function integer(min: number, max: number): Parser<number> {
  return (raw) => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) throw new Error(`must be an integer ${min}-${max}`);
    return value;
  };
}

const boolean: Parser<boolean> = (raw) => {
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new Error('must be true or false');
};

function oneOf<T extends string>(values: readonly T[]): Parser<T> {
  return (raw) => {
    if (!values.includes(raw as T)) throw new Error(`must be one of ${values.join(', ')}`);
    return raw as T;
  };
}

const postgresUrl: Parser<string> = (raw) => {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || !['postgres:', 'postgresql:'].includes(url.protocol)) throw new Error('must be a postgres:// URL');
  return raw;
};

const brokerList: Parser<string[]> = (raw) => {
  const brokers = raw.split(',').map((broker) => broker.trim());
  for (const broker of brokers) {
    if (!/^[\w.-]+:\d{1,5}$/.test(broker)) throw new Error('must be a comma-separated list of host:port');
  }
  return brokers;
};

const topicPrefix: Parser<string> = (raw) => {
  if (!/^[\w.-]{0,200}$/.test(raw)) throw new Error('may only contain letters, digits, ".", "_" and "-"');
  return raw;
};

/**
 * Exact origins, as a browser sends them in `Origin`: no wildcard, since without ADMIN_TOKENS any page
 * the operator opens could then drive the API on loopback.
 */
const originList: Parser<string[]> = (raw) => {
  const origins = raw.split(',').map((origin) => origin.trim());
  for (const origin of origins) {
    const url = URL.canParse(origin) ? new URL(origin) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== origin) {
      throw new Error(
        `${JSON.stringify(origin)} is not an origin: give each as scheme://host[:port] (http or https, lower case, no path, no trailing slash), e.g. http://localhost:3000`,
      );
    }
  }
  return origins;
};

/** The user API's password rule: 1-128 characters (code points), no NUL. */
const password: Parser<string> = (raw) => {
  if ([...raw].length > 128 || raw.includes('\u0000')) throw new Error('must be 1-128 characters, without NUL');
  return raw;
};

const TOKEN_NAME = /^[\w.@-]{1,64}$/;
/** RFC 6750's token68: what a client can send after "Bearer " without quoting. */
const TOKEN_SECRET = /^[\w.~+/-]{16,512}=*$/;
const HASHED_SECRET = /^sha256:([0-9a-f]{64})$/i;

/**
 * `name:token` pairs, comma-separated; `name:sha256:<64 hex digits>` gives the token's SHA-256 instead,
 * so the environment need not hold the token itself. Only hashes are kept.
 */
const adminTokens: Parser<AdminToken[]> = (raw) => {
  const tokens = raw.split(',').map((pair) => {
    const separator = pair.indexOf(':');
    const name = pair.slice(0, separator).trim();
    const secret = pair.slice(separator + 1).trim();
    if (separator < 0 || !TOKEN_NAME.test(name)) {
      throw new Error('must be comma-separated name:token pairs; a name is 1-64 letters, digits or . _ @ -');
    }
    const hashed = HASHED_SECRET.exec(secret);
    if (hashed) return { name, sha256: Buffer.from(hashed[1]!, 'hex') };
    if (!TOKEN_SECRET.test(secret)) {
      throw new Error(`the token of ${name} must be 16-512 characters of A-Z a-z 0-9 - . _ ~ + / (then =), or sha256:<64 hex digits>`);
    }
    return { name, sha256: createHash('sha256').update(secret).digest() };
  });
  const names = tokens.map((token) => token.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated) throw new Error(`names must be unique (${repeated} is given twice)`);
  return tokens;
};
