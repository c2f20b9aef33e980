import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { migrations } from '.';
import { migration005 } from './005-practice';

const ISO = '2026-12-02T10:00:00.000Z';

describe('migration 005-practice', () => {
  const fresh = () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  };

  it('is the fifth, consecutive step and creates the three tables', () => {
    expect(migration005.version).toBe(5);
    expect(migrations.every((m, i) => i === 0 || m.version > migrations[i - 1]!.version)).toBe(true);
    const tables = fresh().prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND (name LIKE 'practice%' OR name = 'mantras') ORDER BY name").pluck().all();
    expect(tables).toEqual(['mantras', 'practice_days', 'practice_state']);
  });

  it('refuses empty or oversized mantras, negative counts, bad days and settings that are not an object', () => {
    const db = fresh();
    const add = db.prepare('INSERT INTO mantras (id, text, language, tradition, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    expect(() => add.run('m1', '', 'Pali', 'Theravada', ISO, ISO)).toThrow(/constraint/i);
    expect(() => add.run('m1', 'x'.repeat(2001), 'Pali', 'Theravada', ISO, ISO)).toThrow(/constraint/i);
    add.run('m1', 'Buddho', 'Pali', 'Thai Forest', ISO, ISO);
    const day = db.prepare('INSERT INTO practice_days (mantra_id, day, count) VALUES (?, ?, ?)');
    expect(() => day.run('m1', '2026-12-02', -1)).toThrow(/constraint/i);
    expect(() => day.run('m1', '2 Dec 2026', 1)).toThrow(/constraint/i);
    day.run('m1', '2026-12-02', 108);
    expect(() => day.run('m1', '2026-12-02', 1)).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO practice_state (mantra_id, settings) VALUES ('m1', '[1]')").run()).toThrow(/constraint/i);
    expect(() => db.prepare("INSERT INTO practice_state (mantra_id, bead) VALUES ('m2', -3)").run()).toThrow(/constraint/i);
  });
});
