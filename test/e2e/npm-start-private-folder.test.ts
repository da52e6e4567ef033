// `npm start` from a clone in a private folder (mode 0700, as root's home is), with no settings: as
// root, the embedded Postgres runs as the `postgres` user, who cannot enter that folder.
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildApps,
  exitWithin,
  freePort,
  freshEnv,
  isAlive,
  type Started,
  startBuilt,
  stopBuilt,
  waitForHttp,
} from '../support/built-app.js';
import { copyBuiltProject } from '../support/project-copy.js';

const asRoot = process.getuid?.() === 0;
const SHARED_DATA_ROOT = '/var/lib/robustmq-admin';
const sharedRootExisted = existsSync(SHARED_DATA_ROOT);

/** The data folder the app names in its start-up log line, if it got that far. */
function loggedDataDir(app: Started): string | undefined {
  const line = app
    .output()
    .split('\n')
    .find((text) => text.includes('started the embedded Postgres'));
  return line ? (JSON.parse(line) as { dataDir: string }).dataDir : undefined;
}

describe(`npm start from a clone in a private (0700) folder, as ${asRoot ? 'root' : 'this user'}, with no settings`, () => {
  let privateDir: string;
  let projectDir: string;
  let main: string;
  let port: number;
  let app: Started | undefined;
  let dataDir: string | undefined;
  let postmasterPid: number | undefined;

  beforeAll(async () => {
    buildApps();
    privateDir = mkdtempSync(path.join(os.tmpdir(), 'robustmq-admin-private-'));
    chmodSync(privateDir, 0o700);
    projectDir = path.join(privateDir, 'robustmq-admin');
    main = copyBuiltProject(projectDir);
    port = await freePort();
  }, 240_000);

  afterAll(async () => {
    await stopBuilt(app);
    if (postmasterPid && isAlive(postmasterPid)) process.kill(postmasterPid, 'SIGINT');
    if (privateDir) rmSync(privateDir, { recursive: true, force: true });
    // As root the data lives outside the clone, in a folder of its own that this test made.
    if (dataDir && !dataDir.startsWith(privateDir)) rmSync(dataDir, { recursive: true, force: true });
    if (!sharedRootExisted && existsSync(SHARED_DATA_ROOT) && readdirSync(SHARED_DATA_ROOT).length === 0) rmdirSync(SHARED_DATA_ROOT);
  }, 60_000);

  it('serves GET /api/cluster/tenant/list with the default tenant', async () => {
    app = startBuilt(main, freshEnv({ PORT: String(port) }), projectDir);

    const response = await waitForHttp(`http://127.0.0.1:${port}/api/cluster/tenant/list`, app, 120_000).finally(
      () => (dataDir = loggedDataDir(app!)),
    );

    expect(await response.json()).toMatchObject({ code: 0, data: { data: [{ tenant_name: 'default' }], total_count: 1 } });
    expect(existsSync(path.join(dataDir!, 'postgres', 'PG_VERSION'))).toBe(true);
  }, 150_000);

  it(
    asRoot
      ? 'keeps the data where the postgres user can reach it, outside the private folder, under /var/lib/robustmq-admin'
      : 'keeps the data in ./.data of the clone',
    () => {
      if (asRoot) {
        expect(dataDir).toMatch(/^\/var\/lib\/robustmq-admin\/robustmq-admin-[0-9a-f]{12}$/);
      } else {
        expect(dataDir).toBe(path.join(projectDir, '.data'));
      }
    },
  );

  it('stops on SIGTERM with exit code 0, and stops the embedded Postgres it started', async () => {
    const databaseDir = path.join(dataDir!, 'postgres');
    postmasterPid = Number(readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(isAlive(postmasterPid)).toBe(true);

    app!.child.kill('SIGTERM');
    const code = await exitWithin(app!, 30_000);

    expect({ code, output: code === 0 ? '' : app!.output() }).toEqual({ code: 0, output: '' });
    expect(existsSync(path.join(databaseDir, 'postmaster.pid'))).toBe(false);
    expect(isAlive(postmasterPid)).toBe(false);
  }, 60_000);
});
