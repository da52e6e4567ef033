// Readers of the deployment files (Dockerfile, docker-compose.yml) for the tests that check them
// without a Docker engine, and of the imports the compiled app makes at run time.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadSettings } from '#libs/config';

/** Every environment variable `loadSettings` reads: the settings of the app, from the code itself. */
export function settingNames(): Set<string> {
  const names = new Set<string>();
  const recorder = new Proxy({} as Record<string, string | undefined>, {
    get(_target, name) {
      if (typeof name === 'string') names.add(name);
      return undefined;
    },
  });
  loadSettings(recorder);
  return names;
}

export interface DockerfileStage {
  name: string | undefined;
  instructions: { keyword: string; args: string }[];
}

/** The stages of a Dockerfile and their instructions (continuation lines joined, comments dropped). */
export function parseDockerfile(text: string): DockerfileStage[] {
  const logicalLines: string[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    if (/\\\s*$/.test(line)) {
      pending += `${line.replace(/\\\s*$/, '')} `;
      continue;
    }
    const whole = (pending + line).trim();
    pending = '';
    if (whole !== '') logicalLines.push(whole);
  }
  const stages: DockerfileStage[] = [];
  for (const line of logicalLines) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') stages.push({ name: /\sAS\s+(\S+)$/i.exec(args)?.[1], instructions: [] });
    stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

/** `ENV A=1 B=2` and `ENV A 1` as name/value pairs, in order. */
export function envOf(stage: DockerfileStage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, args } of stage.instructions) {
    if (keyword !== 'ENV') continue;
    if (!args.includes('=')) {
      const [name = '', ...value] = args.split(/\s+/);
      env[name] = value.join(' ');
      continue;
    }
    for (const pair of args.match(/\S+=("[^"]*"|\S*)/g) ?? []) {
      const separator = pair.indexOf('=');
      env[pair.slice(0, separator)] = pair.slice(separator + 1).replace(/^"(.*)"$/, '$1');
    }
  }
  return env;
}

/** The command of a `HEALTHCHECK [options] CMD [...]` in exec form. */
export function healthcheckCommand(args: string): string[] {
  const exec = /^(?:--\S+\s+)*CMD\s+(\[.*\])$/.exec(args);
  if (!exec) throw new Error(`HEALTHCHECK is not in the exec form CMD ["..."]: ${args}`);
  return JSON.parse(exec[1]!) as string[];
}

export interface ComposeService {
  build?: unknown;
  image?: string;
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

export function parseCompose(text: string): { services: Record<string, ComposeService> } {
  return parseYaml(text, { merge: true }) as { services: Record<string, ComposeService> };
}

export interface VariableReference {
  name: string;
  /** `:?` or `?`: compose refuses to start when the variable is unset (or empty). */
  required: boolean;
  /** The value after `:-` or `-`, if any. */
  fallback: string | undefined;
}

const REFERENCE = /\$\{(\w+)(?:(:?[?-])([^}]*))?\}|\$(\w+)/g;

/** The `${NAME}`, `${NAME:-default}`, `${NAME:?message}` and `$NAME` references in a compose value. */
export function referencesIn(value: string): VariableReference[] {
  return [...value.matchAll(REFERENCE)].map(([, braced, operator, rest, bare]) => ({
    name: (braced ?? bare)!,
    required: operator?.endsWith('?') ?? false,
    fallback: operator?.endsWith('-') ? rest : undefined,
  }));
}

/** A compose value as compose interpolates it from `environment`; a required variable that is unset fails, as compose does. */
export function interpolate(value: string, environment: Record<string, string | undefined>): string {
  return value.replace(REFERENCE, (_match, braced?: string, operator?: string, rest?: string, bare?: string) => {
    const name = (braced ?? bare)!;
    const given = environment[name];
    const unset = operator?.startsWith(':') ? !given : given === undefined;
    if (!unset) return given!;
    if (operator?.endsWith('?')) throw new Error(`required variable ${name} is missing a value: ${rest}`);
    return operator?.endsWith('-') ? rest! : '';
  });
}

/** The package a bare import specifier names: `@scope/name/deep` → `@scope/name`, `name/deep` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export interface RuntimeImport {
  file: string;
  /** The package, or for a template-literal import the text before its first `${`. */
  name: string;
  template: boolean;
}

/** The packages the compiled JavaScript under `directory` imports (static, side-effect and dynamic imports); Node's own modules aside. */
export function runtimeImports(directory: string): RuntimeImport[] {
  const found: RuntimeImport[] = [];
  const files = readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
  for (const file of files) {
    const code = readFileSync(path.join(directory, file), 'utf8');
    for (const [, specifier] of code.matchAll(/(?:\bfrom\s*|^\s*import\s*|\bimport\(\s*)['"]([^'"]+)['"]/gm)) {
      if (/^(\.|node:|#)/.test(specifier!) || builtinModules.includes(specifier!)) continue;
      found.push({ file, name: packageOf(specifier!), template: false });
    }
    for (const [, prefix] of code.matchAll(/\bimport\(\s*`([^`$]*)\$\{/g)) {
      found.push({ file, name: prefix!, template: true });
    }
  }
  return found;
}
