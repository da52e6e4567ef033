// A throw-away PostgreSQL cluster for tests, built from Debian's postgresql binaries.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, spawnServer, stopChild, waitUntilReady } from './process-utils.mjs';

const PG_ROOT = '/usr/lib/postgresql';
// Durability is pointless for a throw-away database and slows tests down.
const TEST_SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: 300 };
const isRoot = () => process.getuid?.() === 0;

/** Newest /usr/lib/postgresql/<version>/bin holding both initdb and postgres, or undefined. */
function findPgBin() {
  const versions = fs.existsSync(PG_ROOT) ? fs.readdirSync(PG_ROOT).filter((v) => /^\d+$/.test(v)) : [];
  return versions
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(PG_ROOT, v, 'bin'))
    .find((bin) => fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'postgres')));
}

function run(cmd, args, options = {}) {
  // Large maxBuffer: overflowing it would kill the command (think apt-get halfway through an install).
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`);
  }
  return result;
}

function ensurePgBin() {
  let bin = findPgBin();
  if (bin) return bin;
  if (!isRoot()) {
    throw new Error(`No initdb/postgres under ${PG_ROOT}/*/bin: install the "postgresql" package or set DATABASE_URL.`);
  }
  // Debian 12's postgresql-15 package already contains the contrib extensions (pg_trgm).
  console.log('[postgres] installing the Debian "postgresql" package (apt-get)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['-q', 'update'], { env });
  run('apt-get', ['-q', 'install', '-y', '--no-install-recommends', 'postgresql'], { env });
  bin = findPgBin();
  if (!bin) throw new Error(`apt-get installed "postgresql" but no initdb/postgres was found under ${PG_ROOT}/*/bin`);
  return bin;
}

/** Postgres refuses to run as root, so as root we run it as the "postgres" user that the Debian package creates. */
function serverUser() {
  if (!isRoot()) return {};
  const entry = spawnSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' }).stdout?.split(':') ?? [];
  if (entry.length < 4) throw new Error('Running as root, but there is no "postgres" user to run the server as.');
  return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

/**
 * Starts a fresh cluster in a temp dir under `baseDir` (default: the OS temp dir). When running as root, every
 * directory above `baseDir` must be traversable by the "postgres" user, and the path must stay short (unix socket).
 */
export async function startPostgres({ baseDir = os.tmpdir() } = {}) {
  const bin = ensurePgBin();
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(baseDir, 'pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  const asServer = { ...user, cwd: dir }; // cwd: postgres complains when it cannot read its working directory
  let child;
  try {
    if (user.uid !== undefined) fs.chownSync(dir, user.uid, user.gid);
    run(path.join(bin, 'initdb'), ['-D', dataDir, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'], asServer);

    const serve = async (port) => {
      const settings = { ...TEST_SETTINGS, port, listen_addresses: '127.0.0.1', unix_socket_directories: dir };
      const args = ['-D', dataDir, ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
      let logFrom;
      ({ child, logFrom } = spawnServer(path.join(bin, 'postgres'), args, { ...asServer, logFile }));
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      try {
        await waitUntilReady({
          what: 'postgres',
          child,
          logFile,
          logFrom,
          timeoutMs: 30_000,
          probe: async () => {
            const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
            client.on('error', () => {}); // a dropped probe connection must not crash the runner
            try {
              await client.connect();
              await client.query('select 1');
            } finally {
              await client.end().catch(() => {});
            }
          },
        });
      } catch (error) {
        await stopChild(child, 'SIGINT', 10_000);
        throw error;
      }
      return url;
    };

    // The port is only known to be free until someone else binds it: retry on a clash.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      let url;
      try {
        url = await serve(port);
      } catch (error) {
        if (error.addressInUse && attempt < 5) continue;
        throw error;
      }

      let stopping;
      return {
        url,
        get pid() {
          return child.pid;
        },
        // SIGINT is postgres' "fast shutdown": it disconnects clients instead of waiting for them.
        halt: () => stopChild(child, 'SIGINT', 30_000),
        resume: () => serve(port).then(() => undefined),
        stop: () => (stopping ??= stopChild(child, 'SIGINT', 30_000).then(() => fs.rmSync(dir, { recursive: true, force: true }))),
      };
    }
  } catch (error) {
    if (child) await stopChild(child, 'SIGINT', 10_000);
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
