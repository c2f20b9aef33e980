import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { KoruError } from '../../contract/errors';
import { openDatabase } from './db';
import { LATEST_SCHEMA_VERSION } from './migrations';
import type { Migration } from './migrations/types';
import { tempDir } from './testing';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function caught(fn: () => unknown): KoruError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KoruError);
    return err as KoruError;
  }
  throw new Error('expected a KoruError, nothing was thrown');
}

const tableNames = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
  } finally {
    db.close();
  }
};

describe('openDatabase', () => {
  it('creates the folder, turns on WAL, foreign keys and a busy timeout, and migrates', () => {
    const file = path.join(tempDir(), 'nested', 'deeper', 'koru.db');
    const db = openDatabase(file);
    try {
      expect(fs.existsSync(file)).toBe(true);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(1);
    } finally {
      db.close();
    }
  });

  it('applies migrations in order, once each, across reopenings', () => {
    const file = path.join(tempDir(), 'k.db');
    const ran: number[] = [];
    const step = (version: number): Migration => ({
      version,
      name: `t${version}`,
      up: (db) => {
        ran.push(version);
        db.exec(`CREATE TABLE t${version} (x INTEGER)`);
      },
    });
    openDatabase(file, { migrations: [step(1), step(2)] }).close();
    openDatabase(file, { migrations: [step(1), step(2)] }).close();
    const db = openDatabase(file, { migrations: [step(1), step(2), step(3)] });
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    db.close();
    expect(ran).toEqual([1, 2, 3]);
  });

  it('leaves the database at the previous version when a migration fails', () => {
    const file = path.join(tempDir(), 'k.db');
    const ok: Migration = { version: 1, name: 'ok', up: (db) => db.exec('CREATE TABLE a (x INTEGER)') };
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE b (x INTEGER); INSERT INTO a VALUES (1);');
        throw new Error('boom half-way');
      },
    };
    const err = caught(() => openDatabase(file, { migrations: [ok, broken] }));
    expect(err.code).toBe('STORAGE');
    expect(err.message).toMatch(/migration 2 \(broken\) failed: boom half-way/);

    const db = openDatabase(file, { migrations: [ok] });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare('SELECT count(*) FROM a').pluck().get()).toBe(0);
    db.close();
    expect(tableNames(file)).toEqual(['a']);
  });

  it('refuses a migration list out of order, and runs one with a reserved gap in order', () => {
    const m = (version: number): Migration => ({ version, name: `m${version}`, up: () => {} });
    const err = caught(() => openDatabase(':memory:', { migrations: [m(1), m(3), m(2)] }));
    expect(err.message).toMatch(/version 2; expected a whole number above 3/);
    const db = openDatabase(':memory:', { migrations: [m(1), m(3)] });
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    db.close();
  });

  it('refuses a newer database without changing a byte of it', () => {
    const file = path.join(tempDir(), 'future.db');
    const future = new Database(file);
    // Rollback journal on purpose: if we switched it to WAL the header bytes would change.
    future.exec("CREATE TABLE things (x TEXT); INSERT INTO things VALUES ('kept');");
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 4}`);
    future.close();
    const before = sha(file);

    const err = caught(() => openDatabase(file));
    expect(err.code).toBe('STORAGE');
    expect(err.message).toBe(
      `This data was written by a newer Koru (schema v${LATEST_SCHEMA_VERSION + 4}); this version understands up to v${LATEST_SCHEMA_VERSION}. Update Koru to open it.`,
    );
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['future.db']);
    expect(caught(() => openDatabase(file, { readonly: true })).message).toMatch(/newer Koru/);
  });

  it('names the file when it is not a SQLite database, and leaves it alone', () => {
    const file = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(file, 'These are my meditation notes, not a database.\n'.repeat(50));
    const before = sha(file);
    const err = caught(() => openDatabase(file));
    expect(err.code).toBe('STORAGE');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/not a Koru database/);
    expect(sha(file)).toBe(before);
  });

  it('keeps the database, its WAL and shared-memory files owner-only, tightening older ones', () => {
    const mode = (f: string) => fs.statSync(f).mode & 0o777;
    const dir = path.join(tempDir(), 'fresh');
    const file = path.join(dir, 'koru.db');
    const db = openDatabase(file);
    db.prepare('CREATE TABLE t (x)').run(); // something in the WAL
    expect([mode(dir), mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o700, 0o600, 0o600, 0o600]);
    db.close();
    // A database from before this version, readable by everyone.
    const old = path.join(tempDir(), 'koru.db');
    const legacy = new Database(old);
    legacy.pragma('journal_mode = WAL');
    legacy.prepare('CREATE TABLE t (x)').run();
    for (const f of [old, `${old}-wal`, `${old}-shm`]) fs.chmodSync(f, 0o644);
    const reopened = openDatabase(old);
    expect([mode(old), mode(`${old}-wal`), mode(`${old}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    reopened.close();
    legacy.close();
  });

  it('reports a folder in place of the file as a STORAGE error naming it', () => {
    const file = path.join(tempDir(), 'koru.db');
    fs.mkdirSync(file, { mode: 0o755 });
    const err = caught(() => openDatabase(file));
    expect(err.code).toBe('STORAGE');
    expect(err.message).toContain(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o755); // a folder is never chmodded as if it were the file
  });

  it('opens read-only without writing, and refuses a missing file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'k.db');
    openDatabase(file).close();
    const ro = openDatabase(file, { readonly: true });
    try {
      expect(ro.readonly).toBe(true);
      expect(ro.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(() => ro.prepare("INSERT INTO settings VALUES ('a', '1')").run()).toThrow(/readonly/);
    } finally {
      ro.close();
    }
    const missing = path.join(dir, 'missing', 'k.db');
    expect(caught(() => openDatabase(missing, { readonly: true })).code).toBe('STORAGE');
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });
});
