// `npm start` from a clone in a private folder (mode 0700, as root's home is), with no settings: as
// root, the embedded Postgres runs as the `postgres` user, who cannot enter that folder; any other
// user runs it as itself, with the data in the clone's ./.data as before.
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
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
const NOBODY = 65534;
const SHARED_DATA_ROOT = '/var/lib/robustmq-admin';
const sharedRootExisted = existsSync(SHARED_DATA_ROOT);

interface RunAs {
  label: string;
  uid?: number;
  /** Where the data is expected, given the clone's folder. */
  expectedDataDir: (projectDir: string) => string | RegExp;
}

const runners: RunAs[] = [
  asRoot
    ? { label: 'root', expectedDataDir: () => /^\/var\/lib\/robustmq-admin\/robustmq-admin-[0-9a-f]{12}$/ }
    : { label: 'this user', expectedDataDir: (projectDir) => path.join(projectDir, '.data') },
  // Root can also show the non-root case, as the nobody user.
  ...(asRoot
    ? [{ label: 'a user other than root (nobody)', uid: NOBODY, expectedDataDir: (projectDir: string) => path.join(projectDir, '.data') }]
    : []),
];

/** The data folder the app names in its start-up log line, if it got that far. */
function loggedDataDir(app: Started): string | undefined {
  const line = app
    .output()
    .split('\n')
    .find((text) => text.includes('started the embedded Postgres'));
  return line ? (JSON.parse(line) as { dataDir: string }).dataDir : undefined;
}

function chownTree(dir: string, uid: number): void {
  chownSync(dir, uid, uid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(entryPath, uid);
    else chownSync(entryPath, uid, uid); // a link itself is not followed by lchown, but links stay root's: harmless
  }
}

beforeAll(buildApps, 240_000);

describe.each(runners)('npm start from a clone in a private (0700) folder, as $label, with no settings', ({ uid, expectedDataDir }) => {
  let privateDir: string;
  let projectDir: string;
  let main: string;
  let port: number;
  let app: Started | undefined;
  let dataDir: string | undefined;
  let postmasterPid: number | undefined;

  beforeAll(async () => {
    privateDir = mkdtempSync(path.join(os.tmpdir(), 'robustmq-admin-private-'));
    chmodSync(privateDir, 0o700);
    projectDir = path.join(privateDir, 'robustmq-admin');
    main = copyBuiltProject(projectDir, { copyAllDependencies: uid !== undefined });
    if (uid !== undefined) chownTree(privateDir, uid);
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
    app = startBuilt(main, freshEnv({ PORT: String(port) }), { cwd: projectDir, uid, gid: uid });

    const response = await waitForHttp(`http://127.0.0.1:${port}/api/cluster/tenant/list`, app, 120_000).finally(
      () => (dataDir = loggedDataDir(app!)),
    );

    expect(await response.json()).toMatchObject({ code: 0, data: { data: [{ tenant_name: 'default' }], total_count: 1 } });
    expect(existsSync(path.join(dataDir!, 'postgres', 'PG_VERSION'))).toBe(true);
  }, 150_000);

  it(`keeps the data in ${uid === undefined && asRoot ? `a folder of its own under ${SHARED_DATA_ROOT}, which the postgres user can reach` : "the clone's ./.data"}, named in the start-up log`, () => {
    const expected = expectedDataDir(projectDir);
    if (typeof expected === 'string') expect(dataDir).toBe(expected);
    else expect(dataDir).toMatch(expected);
  });

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
