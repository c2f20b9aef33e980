import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { migrations } from '.';
import { migration003 } from './003-hardware';

const ISO = '2024-05-01T10:00:00.000Z';

describe('migration 003-hardware', () => {
  const fresh = () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    db.prepare(
      `INSERT INTO sessions (id, name, program, duration_sec, volume, created_at, updated_at) VALUES ('s1', 'Calm', '{}', 60, 0.5, ?, ?)`,
    ).run(ISO, ISO);
    return db;
  };

  it('is the third, consecutive step and creates both tables', () => {
    expect(migration003.version).toBe(3);
    expect(migrations.every((m, i) => i === 0 || m.version > migrations[i - 1]!.version)).toBe(true);
    const db = fresh();
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'amp_%' ORDER BY name").pluck().all();
    expect(tables).toEqual(['amp_profiles', 'amp_settings']);
  });

  it('keeps amplifier settings to one JSON object row', () => {
    const db = fresh();
    const put = db.prepare('INSERT INTO amp_settings (id, value) VALUES (?, ?)');
    expect(put.run(1, '{"maxVolume":30}').changes).toBe(1);
    expect(() => put.run(2, '{}')).toThrow(/constraint/i);
    expect(() => db.prepare("UPDATE amp_settings SET value = '[1]' WHERE id = 1").run()).toThrow(/constraint/i);
    expect(() => db.prepare("UPDATE amp_settings SET value = 'nope' WHERE id = 1").run()).toThrow(/constraint/i);
  });

  it('ties a profile to an existing session and deletes it with the session', () => {
    const db = fresh();
    const put = db.prepare('INSERT INTO amp_profiles (session_id, profile) VALUES (?, ?)');
    expect(put.run('s1', '{"follow":true}').changes).toBe(1);
    expect(() => put.run('ghost', '{}')).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM sessions WHERE id = 's1'").run();
    expect(db.prepare('SELECT count(*) FROM amp_profiles').pluck().get()).toBe(0);
  });
});
