import { createHash, randomBytes } from 'node:crypto';
import { access, chmod, chown, constants, mkdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { StartupError } from '#libs/config';
import { canReach, exists, type ServerBinaries, type ServerUser } from './embedded-postgres-server.js';
import { explainFailure, oneLine } from './embedded-postgres-failures.js';

/** Where root's data goes when the `postgres` user cannot reach `./.data`: one folder per project path. */
export const SHARED_DATA_ROOT = '/var/lib/robustmq-admin';
const PASSWORD_FILE = 'postgres-password';
/** The password of clusters made by versions before the password was random. */
const LEGACY_PASSWORD = 'postgres';

/**
 * DATA_DIR when set; else `./.data`, unless the server runs as another user (as root) who cannot
 * reach it (a clone in root's home): then `/var/lib/robustmq-admin/<folder name>-<hash of its path>`.
 */
export async function chooseDataDir(configured: string | undefined, user: ServerUser): Promise<string> {
  if (configured) return path.resolve(configured);
  const local = path.resolve('.data');
  if (!user.switched || (await canReach(user, (await exists(local)) ? local : process.cwd()))) return local;
  const project = await realpath(process.cwd());
  const id = createHash('sha256').update(project).digest('hex').slice(0, 12);
  return path.join(SHARED_DATA_ROOT, `${path.basename(project)}-${id}`);
}

/** Creates the data folder if needed and checks that the server's user can reach it. */
export async function prepareDataDir(dataDir: string, user: ServerUser): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
    await access(dataDir, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new StartupError(
      `cannot use DATA_DIR ${dataDir} (${(error as NodeJS.ErrnoException).code ?? oneLine(error)}): choose a DATA_DIR this user can write, or fix its permissions`,
      { cause: error },
    );
  }
  if (user.switched && !(await canReach(user, dataDir))) {
    throw new StartupError(
      `the user ${user.name}, which runs the embedded Postgres, cannot reach DATA_DIR ${dataDir} (a folder on its path is private): ` +
        `choose a DATA_DIR that user can reach (e.g. under ${SHARED_DATA_ROOT}), or unset DATA_DIR`,
    );
  }
}

/**
 * Refuses a cluster folder the binaries cannot run: one of another major version, or one owned by
 * another user than the server's (Postgres would refuse it with a less helpful message).
 */
export async function checkCluster(clusterDir: string, binaries: ServerBinaries): Promise<void> {
  const found = await readFile(path.join(clusterDir, 'PG_VERSION'), 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );
  if (found !== undefined && Number.parseInt(found, 10) !== binaries.major) {
    throw new StartupError(
      `${clusterDir} holds a Postgres ${found} cluster, but the embedded Postgres is version ${binaries.major}: ` +
        `dump it with Postgres ${found} (pg_dumpall) and restore it into a new DATA_DIR, or choose another DATA_DIR`,
    );
  }
  const owner = await stat(clusterDir).then(
    (stats) => stats.uid,
    () => undefined,
  );
  if (owner !== undefined && owner !== binaries.user.uid) {
    throw new StartupError(
      `${clusterDir} is owned by uid ${owner}, but the embedded Postgres runs as ${binaries.user.name} (uid ${binaries.user.uid}): ` +
        `give it to that user (chown -R ${binaries.user.name} ${clusterDir}), or choose another DATA_DIR`,
    );
  }
}

/** initdb as the server's user, with password authentication and the password stored in DATA_DIR. */
export async function createCluster(dataDir: string, clusterDir: string, binaries: ServerBinaries): Promise<void> {
  const { user } = binaries;
  if (!(await exists(clusterDir))) await mkdir(clusterDir, { mode: 0o700 });
  if (user.switched) await chown(clusterDir, user.uid, user.gid);
  const password = (await readPassword(dataDir)) ?? (await storeNewPassword(path.join(dataDir, PASSWORD_FILE)));
  // initdb reads the password from a file, which the server's user must be able to read: a copy for it alone.
  const passwordFile = path.join(dataDir, `.initdb-password-${process.pid}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user.switched) await chown(passwordFile, user.uid, user.gid);
  try {
    await binaries.run(
      'initdb',
      [
        '--pgdata',
        clusterDir,
        '--username=postgres',
        '--auth=scram-sha-256',
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
        '--no-instructions',
      ],
      dataDir,
    );
  } catch (error) {
    if (error instanceof StartupError) throw error;
    const explained = explainFailure(oneLine(error), { dataDir, port: 0, portConfigured: false, user: user.name });
    throw new StartupError(explained ?? `initdb could not create the embedded Postgres cluster in ${clusterDir}: ${oneLine(error)}`, {
      cause: error,
    });
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** The stored password; undefined when there is none (a new DATA_DIR, or one made before passwords were random). */
export async function readPassword(dataDir: string): Promise<string | undefined> {
  const file = path.join(dataDir, PASSWORD_FILE);
  const password = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );
  // Kept private to this user even if someone loosened it.
  if (password && ((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  return password || undefined;
}

/**
 * A cluster made by an earlier version has the password `postgres`: replace it by a random one. The
 * new one is stored first (as pending), so a stop between the two steps cannot lose it.
 */
export async function replaceLegacyPassword(dataDir: string, port: number): Promise<string> {
  const pendingFile = path.join(dataDir, `${PASSWORD_FILE}.pending`);
  const pending = (await readFile(pendingFile, 'utf8').catch(() => '')).trim() || (await storeNewPassword(pendingFile));
  for (const current of [LEGACY_PASSWORD, pending]) {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: current, database: 'postgres' });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      if ((error as { code?: string }).code === '28P01') continue; // wrong password: try the next one
      throw error;
    }
    try {
      await client.query(`ALTER ROLE postgres PASSWORD ${client.escapeLiteral(pending)}`);
    } finally {
      await client.end();
    }
    await rename(pendingFile, path.join(dataDir, PASSWORD_FILE));
    return pending;
  }
  throw new StartupError(
    `the embedded Postgres in ${dataDir} has no stored password and accepts neither the old default nor the one in ${pendingFile}: ` +
      `put its password in ${path.join(dataDir, PASSWORD_FILE)} (mode 0600), or choose another DATA_DIR`,
  );
}

async function storeNewPassword(file: string): Promise<string> {
  const password = randomBytes(24).toString('base64url');
  await writeFile(`${file}.tmp`, `${password}\n`, { mode: 0o600 });
  await chmod(`${file}.tmp`, 0o600);
  await rename(`${file}.tmp`, file);
  return password;
}
