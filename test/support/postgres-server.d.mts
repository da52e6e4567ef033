export interface StartPostgresOptions {
  /** Parent of the cluster's temp dir (default: the OS temp dir). As root it must be traversable by the "postgres" user. */
  baseDir?: string;
}

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust auth, no password). */
  url: string;
  /** The server's process id (a new one after `resume`). */
  readonly pid: number;
  /** Fast shutdown, keeping its data: clients see the server go away. */
  halt(): Promise<void>;
  /** Starts the halted server again, on the same port and data. */
  resume(): Promise<void>;
  /** Fast shutdown of this server only, then removes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts a throw-away PostgreSQL cluster on a free 127.0.0.1 port (installs Debian's "postgresql" when root and missing). */
export function startPostgres(options?: StartPostgresOptions): Promise<PostgresServer>;
