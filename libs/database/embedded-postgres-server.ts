import { execFile } from 'node:child_process';
import { access, chmod, copyFile, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { StartupError } from '#libs/config';
import { oneLine } from './embedded-postgres-failures.js';

const run = promisify(execFile);
const BINARIES = ['initdb', 'pg_ctl', 'postgres'] as const;

/** The OS user the server runs as: this process's own, or (as root, whom Postgres refuses) `postgres`. */
export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
  /** True when it is another user than this process's, which needs uid/gid to run the binaries. */
  switched: boolean;
}

/** The Postgres binaries the server runs from, and how to run them as the server's user. */
export interface ServerBinaries {
  user: ServerUser;
  binDir: string;
  version: string;
  major: number;
  run(binary: 'initdb' | 'pg_ctl', args: string[], cwd: string): Promise<{ stdout: string; stderr: string }>;
}

export async function serverUser(): Promise<ServerUser> {
  if (process.getuid?.() !== 0) {
    const { username, uid, gid } = os.userInfo();
    return { name: username, uid, gid, switched: false };
  }
  if (!(await userExists('postgres'))) {
    try {
      // As the `embedded-postgres` package does; the package's postgres server is started by this user.
      if (!(await groupExists('postgres'))) await run('groupadd', ['--system', 'postgres']);
      await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    } catch (error) {
      throw new StartupError(
        `Postgres refuses to run as root, and the user postgres to run it could not be created (${oneLine(error)}): ` +
          'create a user named postgres, or run robustmq-admin as a user other than root',
        { cause: error },
      );
    }
  }
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { name: 'postgres', uid: Number(uid.stdout), gid: Number(gid.stdout), switched: true };
}

/** Whether `user` (not this process's) can pass through `dir` and every folder above it: asked as that user, so the kernel answers. */
export async function canReach(user: ServerUser, dir: string): Promise<boolean> {
  return run('test', ['-x', dir], { uid: user.uid, gid: user.gid, cwd: '/' }).then(
    () => true,
    () => false,
  );
}

/**
 * The binaries of the `@embedded-postgres/<platform>-<arch>` package. Run in place by their owner;
 * as root they are copied first to `dataDir/postgres-binaries-<version>/` (owned by root, readable by
 * all), because the `postgres` user may not reach the project's folder (a clone in root's home).
 */
export async function serverBinaries(user: ServerUser, dataDir: string): Promise<ServerBinaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const { pg_ctl } = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as { pg_ctl: string };
  const nativeDir = path.dirname(path.dirname(pg_ctl));
  const { version } = JSON.parse(await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
  const installDir = user.switched ? await copyBinaries(nativeDir, path.join(dataDir, `postgres-binaries-${version}`)) : nativeDir;
  const binDir = path.join(installDir, 'bin');
  const ids = user.switched ? { uid: user.uid, gid: user.gid } : {};
  return {
    user,
    binDir,
    version,
    major: Number.parseInt(version, 10),
    async run(binary, args, cwd) {
      const file = path.join(binDir, binary);
      try {
        // English messages, which the failure messages are recognised by.
        return await run(file, args, { ...ids, cwd, env: { ...process.env, LC_MESSAGES: 'C' } });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EACCES' || code === 'ENOENT') {
          throw new StartupError(
            `cannot run ${file} as user ${user.name} (${code}): the binary is missing, not executable, or in a folder that user ` +
              `cannot reach; reinstall the dependencies with \`npm ci\``,
            { cause: error },
          );
        }
        throw error;
      }
    },
  };
}

async function copyBinaries(nativeDir: string, installDir: string): Promise<string> {
  const complete = path.join(installDir, '.complete');
  if (await exists(complete)) return installDir;
  for (const binary of BINARIES) {
    const file = path.join(nativeDir, 'bin', binary);
    const mode = await stat(file).then(
      (stats) => stats.mode,
      () => 0,
    );
    if ((mode & 0o111) === 0) {
      throw new StartupError(`the Postgres binary ${file} is missing or not executable: reinstall the dependencies with \`npm ci\``);
    }
  }
  // Copied beside, then renamed: a copy cut short is never taken for a whole one.
  const partial = `${installDir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await copyTree(nativeDir, partial);
  await writeFile(path.join(partial, '.complete'), '');
  await rm(installDir, { recursive: true, force: true });
  await rename(partial, installDir);
  await removeOtherVersions(installDir);
  return installDir;
}

/** Readable by all, writable by the owner only, whatever the umask or the source's modes. */
async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to);
  await chmod(to, 0o755);
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await copyTree(source, target);
    else if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
    else {
      await copyFile(source, target);
      await chmod(target, (await stat(source)).mode & 0o111 ? 0o755 : 0o644);
    }
  }
}

async function removeOtherVersions(installDir: string): Promise<void> {
  const dir = path.dirname(installDir);
  for (const name of await readdir(dir)) {
    if (name.startsWith('postgres-binaries-') && path.join(dir, name) !== installDir)
      await rm(path.join(dir, name), { recursive: true, force: true });
  }
}

async function userExists(name: string): Promise<boolean> {
  return run('id', ['-u', name]).then(
    () => true,
    () => false,
  );
}

async function groupExists(name: string): Promise<boolean> {
  return run('getent', ['group', name]).then(
    () => true,
    () => false,
  );
}

export async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
