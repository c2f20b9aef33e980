import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { KoruError } from '../../contract/errors';
import { migrations as allMigrations } from './migrations';
import type { Db, Migration } from './migrations/types';

export type { Db } from './migrations/types';

export interface OpenOptions {
  /** Open without writing: no folder creation, no WAL switch, no migrations. */
  readonly?: boolean;
  /** How long a statement waits for another connection's lock, ms. */
  busyTimeoutMs?: number;
  /** Override the migration list (tests). */
  migrations?: readonly Migration[];
}

function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Turn a driver error into a STORAGE error that names the file, keeping KoruErrors as they are. */
function storageError(file: string, err: unknown): KoruError {
  if (err instanceof KoruError) return err;
  const code = sqliteCode(err);
  const reason = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new KoruError('STORAGE', `${file} is not a Koru database (not a readable SQLite file).`, { file, code });
  }
  return new KoruError('STORAGE', `Could not open the database ${file}: ${reason}`, { file, code });
}

function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Versions rise strictly; a gap is a number reserved for work merged later (each branch is
 *  given its own numbers, so two never write the same step). */
function checkMigrationList(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    const before = i === 0 ? 0 : list[i - 1]!.version;
    if (!Number.isInteger(m.version) || m.version <= before) {
      throw new KoruError('INTERNAL', `Migration "${m.name}" has version ${m.version}; expected a whole number above ${before}.`);
    }
  });
}

const lastVersion = (list: readonly Migration[]) => list.at(-1)?.version ?? 0;

function newerSchemaError(found: number, known: number): KoruError {
  return new KoruError(
    'STORAGE',
    `This data was written by a newer Koru (schema v${found}); this version understands up to v${known}. Update Koru to open it.`,
    { schemaVersion: found, supportedVersion: known },
  );
}

/**
 * Bring `db` up to the last migration. Each step runs in its own transaction together with its
 * `user_version` bump (the pragma writes the header page, which the transaction covers), so a
 * failing step leaves the database exactly at the previous version. Returns the final version.
 */
export function migrate(db: Db, list: readonly Migration[] = allMigrations): number {
  checkMigrationList(list);
  const known = lastVersion(list);
  const current = userVersion(db);
  if (current > known) throw newerSchemaError(current, known);
  for (const m of list.filter((step) => step.version > current)) {
    const step = db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    });
    try {
      // IMMEDIATE: take the write lock up front so two processes never both start the same step.
      step.immediate();
    } catch (err) {
      throw new KoruError('STORAGE', `Database migration ${m.version} (${m.name}) failed: ${err instanceof Error ? err.message : String(err)}`, {
        version: m.version,
        name: m.name,
      });
    }
  }
  return userVersion(db);
}

/** The database holds the user's sessions and rituals: owner-only, like the secrets. */
const PRIVATE_FILE = 0o600;
const PRIVATE_DIR = 0o700;

function tighten(file: string): void {
  try {
    const st = fs.statSync(file);
    if (st.isFile() && (st.mode & 0o777) !== PRIVATE_FILE) fs.chmodSync(file, PRIVATE_FILE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Create the database file owner-only (SQLite would use 0644) or tighten an existing one. */
function makePrivate(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    for (const suffix of ['', '-wal', '-shm']) tighten(file + suffix);
  }
}

/**
 * Open (creating if needed) the Koru database at `file` and migrate it. A database from a newer
 * Koru is refused before anything is written to it; a file that is not SQLite is refused by name.
 * `':memory:'` opens a private in-memory database (tests).
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  const list = opts.migrations ?? allMigrations;
  const memory = file === ':memory:';
  const target = memory ? file : path.resolve(file);
  if (!memory && !opts.readonly) {
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: PRIVATE_DIR });
      makePrivate(target);
    } catch (err) {
      throw storageError(target, err);
    }
  }

  let db: Db;
  try {
    db = new Database(target, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (err) {
    throw storageError(target, err);
  }

  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
    // Read the version first: switching to WAL rewrites the header, and a newer database must be
    // left byte-for-byte as it was. This is also the first real read, so a non-SQLite file fails here.
    const found = userVersion(db);
    checkMigrationList(list);
    if (found > lastVersion(list)) throw newerSchemaError(found, lastVersion(list));
    db.pragma('foreign_keys = ON');
    if (opts.readonly) {
      if (found < lastVersion(list)) {
        throw new KoruError('STORAGE', `${target} uses an older schema (v${found}); open it once read-write to upgrade it.`, {
          file: target,
          schemaVersion: found,
        });
      }
      return db;
    }
    if (!memory) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new KoruError('STORAGE', `${target} could not be switched to WAL mode (got ${String(mode)}).`, { file: target });
    }
    migrate(db, list);
    // WAL and shared-memory files now exist; SQLite gives them the database's mode, but files
    // from before this version were left world-readable.
    for (const suffix of ['-wal', '-shm']) tighten(target + suffix);
    return db;
  } catch (err) {
    db.close();
    throw storageError(target, err);
  }
}
