// Every way the embedded Postgres can fail to start that a test can stage ends in one log line that
// names the cause and what to do, and exit code 1: no unhandled event, no stack trace.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { API_MAIN, buildApps, exitWithin, freePort, freshEnv, type Started, startBuilt, stopBuilt } from '../support/built-app.js';
import { copiedBinDir, copyBuiltProject } from '../support/project-copy.js';

const asRoot = process.getuid?.() === 0;
const itAsRoot = asRoot ? it : it.skip;
const NOBODY = 65534;

/** Mounts a small tmpfs at `dir` (root, where the container allows it); true when it did. */
function mountSmallDisk(dir: string, size: string): boolean {
  mkdirSync(dir, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir]).status === 0;
}

/** Whether this machine lets the tests stage a full disk: tried once on a folder of its own. */
const canMountDisk = ((): boolean => {
  if (!asRoot) return false;
  const probe = mkdtempSync(path.join(os.tmpdir(), 'robustmq-admin-mount-probe-'));
  const mounted = mountSmallDisk(probe, '1m');
  if (mounted) spawnSync('umount', [probe]);
  rmdirSync(probe);
  return mounted;
})();

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Exit code and output of an app start that is expected to fail. */
async function failedStart(
  env: Record<string, string>,
  main = API_MAIN,
  cwd?: string,
): Promise<{ code: number | null | undefined; output: string }> {
  const app: Started = startBuilt(main, freshEnv(env), { cwd });
  const code = await exitWithin(app, 120_000);
  await stopBuilt(app);
  return { code, output: app.output() };
}

/** The single fatal line (pino level 60) as its message, after checking it is one line without a stack. */
function fatalMessage(output: string): string {
  const fatal = output
    .split('\n')
    .filter((line) => line.includes('"level":60'))
    .map((line) => JSON.parse(line) as { msg: string; err?: unknown });
  expect(fatal).toHaveLength(1);
  expect(fatal[0].err).toBeUndefined();
  expect(output).not.toMatch(/\n\s+at /);
  return fatal[0].msg;
}

describe('npm start in the embedded mode: start-up failures', () => {
  let workDir: string;
  let n = 0;
  const freshDataDir = () => path.join(workDir, `data-${++n}`);

  beforeAll(() => {
    buildApps();
    workDir = mkdtempSync(path.join(os.tmpdir(), 'robustmq-admin-failures-'));
    // As root, the postgres user must be able to reach the data folders of the tests that get that far.
    chmodSync(workDir, 0o755);
  }, 240_000);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('Postgres binaries that are not executable: names the binary and says to reinstall, exit 1', async () => {
    const projectDir = path.join(workDir, 'project');
    const main = copyBuiltProject(projectDir);
    const initdb = path.join(copiedBinDir(projectDir), 'initdb');
    chmodSync(initdb, 0o644);

    const { code, output } = await failedStart({ DATA_DIR: freshDataDir() }, main, projectDir);

    expect(code).toBe(1);
    expect(fatalMessage(output)).toMatch(new RegExp(`^robustmq-admin cannot start: .*${escape(initdb)}.*not executable.*npm ci`));
  }, 150_000);

  itAsRoot(
    'a data folder owned by another user: names the folder and its owner, says what to do, exit 1',
    async () => {
      const dataDir = freshDataDir();
      mkdirSync(path.join(dataDir, 'postgres'), { recursive: true });
      chownSync(path.join(dataDir, 'postgres'), NOBODY, NOBODY);

      const { code, output } = await failedStart({ DATA_DIR: dataDir });

      expect(code).toBe(1);
      expect(fatalMessage(output)).toMatch(
        new RegExp(
          `^robustmq-admin cannot start: ${escape(dataDir)}/postgres is owned by uid ${NOBODY}, but the embedded Postgres runs as ` +
            `postgres \\(uid \\d+\\): give it to that user \\(chown -R postgres ${escape(dataDir)}/postgres\\), or choose another DATA_DIR$`,
        ),
      );
    },
    150_000,
  );

  itAsRoot(
    'a DATA_DIR the postgres user cannot reach (inside a private folder): names it and says what to do, exit 1',
    async () => {
      const privateDir = path.join(workDir, 'private');
      mkdirSync(privateDir, { mode: 0o700 });
      chmodSync(privateDir, 0o700);
      const dataDir = path.join(privateDir, 'data');

      const { code, output } = await failedStart({ DATA_DIR: dataDir });

      expect(code).toBe(1);
      expect(fatalMessage(output)).toBe(
        `robustmq-admin cannot start: the user postgres, which runs the embedded Postgres, cannot reach DATA_DIR ${dataDir} ` +
          '(a folder on its path is private): choose a DATA_DIR that user can reach (e.g. under /var/lib/robustmq-admin), or unset DATA_DIR',
      );
    },
    150_000,
  );

  it('a data folder of another Postgres major version: names both versions and says what to do, exit 1', async () => {
    const dataDir = freshDataDir();
    mkdirSync(dataDir);
    mkdirSync(path.join(dataDir, 'postgres'), { mode: 0o700 });
    writeFileSync(path.join(dataDir, 'postgres', 'PG_VERSION'), '16\n');

    const { code, output } = await failedStart({ DATA_DIR: dataDir });

    expect(code).toBe(1);
    expect(fatalMessage(output)).toMatch(
      new RegExp(
        `^robustmq-admin cannot start: ${escape(dataDir)}/postgres holds a Postgres 16 cluster, but the embedded Postgres is version 18: dump it`,
      ),
    );
  }, 150_000);

  (canMountDisk ? it : it.skip)(
    'a full disk (a 70 MB tmpfs as DATA_DIR, as root): says the disk is full and what to do, exit 1',
    async () => {
      const dataDir = freshDataDir();
      expect(mountSmallDisk(dataDir, '70m')).toBe(true);
      try {
        const { code, output } = await failedStart({ DATA_DIR: dataDir });

        expect(code).toBe(1);
        expect(fatalMessage(output)).toMatch(
          /^robustmq-admin cannot start: the disk is full \(.+\): free some space, or choose a DATA_DIR on another disk, and start again$/,
        );
      } finally {
        spawnSync('umount', [dataDir]);
      }
    },
    150_000,
  );

  it('EMBEDDED_POSTGRES_PORT taken by another program: names the port and says what to do, exit 1', async () => {
    const port = await freePort();
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const { code, output } = await failedStart({ DATA_DIR: freshDataDir(), EMBEDDED_POSTGRES_PORT: String(port) });

      expect(code).toBe(1);
      expect(fatalMessage(output)).toBe(
        `robustmq-admin cannot start: port ${port} (EMBEDDED_POSTGRES_PORT) is taken by another program: ` +
          'stop it, or set EMBEDDED_POSTGRES_PORT to a free port (0 picks one)',
      );
    } finally {
      holder.close();
    }
  }, 150_000);
});
