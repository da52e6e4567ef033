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
  cloudEventsSource: string;
  runWorkers: boolean;
  readYourWritesTimeoutMs: number;
  consumerBatchSize: number;
  consumerPollIntervalMs: number;
  bodyLimitBytes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
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
  function read<T>(name: string, parse: Parser<T>, fallback: T): T {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    try {
      return parse(raw.trim());
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message} (got ${JSON.stringify(raw)})`);
      return fallback;
    }
  }
  const settings: Settings = {
    host: read('HOST', text, '127.0.0.1'),
    port: read('PORT', integer(0, 65535), 8080),
    databaseUrl: read('DATABASE_URL', postgresUrl, undefined),
    dataDir: read('DATA_DIR', text, undefined),
    embeddedPostgresPort: read('EMBEDDED_POSTGRES_PORT', integer(0, 65535), 0),
    databasePoolSize: read('DATABASE_POOL_SIZE', integer(2, 1000), 20),
    kafkaBrokers: read('KAFKA_BROKERS', brokerList, []),
    kafkaClientId: read('KAFKA_CLIENT_ID', text, 'robustmq-admin'),
    kafkaTopicPrefix: read('KAFKA_TOPIC_PREFIX', topicPrefix, 'robustmq.admin.'),
    kafkaTopicPartitions: read('KAFKA_TOPIC_PARTITIONS', integer(1, 10_000), 3),
    cloudEventsSource: read('CLOUDEVENTS_SOURCE', text, '/robustmq-admin'),
    runWorkers: read('RUN_WORKERS', boolean, true),
    readYourWritesTimeoutMs: read('READ_YOUR_WRITES_TIMEOUT_MS', integer(0, 600_000), 5_000),
    consumerBatchSize: read('CONSUMER_BATCH_SIZE', integer(1, 100_000), 500),
    consumerPollIntervalMs: read('CONSUMER_POLL_INTERVAL_MS', integer(10, 600_000), 500),
    bodyLimitBytes: read('BODY_LIMIT_BYTES', integer(1024, 100 * 1024 * 1024), 1024 * 1024),
    logLevel: read('LOG_LEVEL', oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const), 'info'),
  };
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
