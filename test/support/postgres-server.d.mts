export interface StartPostgresOptions {
  /** Parent of the cluster's temp dir (default: the OS temp dir). As root it must be traversable by the "postgres" user. */
  baseDir?: string;
}

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust auth, no password). */
  url: string;
  /** PID of the current server process (changes after resume()). */
  readonly pid: number;
  /** Fast shutdown of this server only (clients are disconnected); its data is kept for resume(). */
  halt(): Promise<void>;
  /** Starts a halted server again, on the same port and data, and waits until it accepts clients. */
  resume(): Promise<void>;
  /** Fast shutdown of this server only, then removes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts a throw-away PostgreSQL cluster on a free 127.0.0.1 port (installs Debian's "postgresql" when root and missing). */
export function startPostgres(options?: StartPostgresOptions): Promise<PostgresServer>;
