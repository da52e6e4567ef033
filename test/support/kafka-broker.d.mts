/** Downloads (once, with Maven) Kafka 4.1.1's jars into ${XDG_CACHE_HOME:-~/.cache}/robustmq-admin/kafka-4.1.1/lib and returns that dir. */
export function ensureKafkaJars(): Promise<string>;

export interface StartKafkaBrokerOptions {
  /** Dir holding the broker jars: ensureKafkaJars() or process.env.KAFKA_JARS_DIR. */
  jarsDir: string;
  /** Data dir (kept by close() when given); default: a fresh temp dir that close() deletes. Logs go to <dataDir>/broker.log. */
  dataDir?: string;
  /** PLAINTEXT port on 127.0.0.1; default: a free port. */
  port?: number;
  /** The port clients are told to connect to, e.g. a proxy's in front of `port`; default: `port`. */
  advertisedPort?: number;
}

export interface KafkaBroker {
  /** "127.0.0.1:PORT", unchanged across stop()/start(). */
  brokers: string;
  /** PID of the current broker process (changes after start()). */
  readonly pid: number;
  /** Stops this broker only (SIGTERM, SIGKILL after 30 s). Data is kept so start() can resume. */
  stop(): Promise<void>;
  /** Restarts a stopped broker on the same ports and data dir and waits until it accepts clients. */
  start(): Promise<void>;
  /** stop() and delete the data dir if startKafkaBroker created it. */
  close(): Promise<void>;
}

/** Starts a single-node KRaft broker (broker+controller) and waits until it accepts clients (up to 60 s). */
export function startKafkaBroker(options: StartKafkaBrokerOptions): Promise<KafkaBroker>;
