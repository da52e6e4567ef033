import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type pg from 'pg';

// Sources run from libs/database and compiled code from dist/libs/database; migrations/ is at the project root.
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..').replace(/[\\/]dist$/, '');
export const MIGRATIONS_DIR = path.join(projectRoot, 'migrations');

/**
 * Applies the versioned SQL files of migrations/ that are not applied yet, each in its own
 * transaction, under an advisory lock so that instances starting together take turns.
 */
export async function runMigrations(pool: pg.Pool, directory = MIGRATIONS_DIR): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtextextended('robustmq-admin:migrations', 0))");
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = new Set(
      (await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version),
    );
    const pending = (await readdir(directory)).filter((file) => file.endsWith('.sql') && !applied.has(file)).sort();
    for (const file of pending) {
      const sql = await readFile(path.join(directory, file), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    return pending;
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtextextended('robustmq-admin:migrations', 0))").catch(() => undefined);
    client.release();
  }
}

const migrationFiles = new Map<string, Promise<string[]>>();

/**
 * The migrations of `directory` that the database has not applied (readiness: code newer than its
 * schema must not serve). The file list is read once per directory: it is part of the deployed code.
 */
export async function unappliedMigrations(db: Pick<pg.Pool, 'query'>, directory = MIGRATIONS_DIR): Promise<string[]> {
  let files = migrationFiles.get(directory);
  if (!files) {
    files = readdir(directory).then((names) => names.filter((name) => name.endsWith('.sql')).sort());
    migrationFiles.set(directory, files);
  }
  const applied = new Set((await db.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version));
  return (await files).filter((file) => !applied.has(file));
}
