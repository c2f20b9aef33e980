import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { migrations } from '.';
import { migration008 } from './008-dubbing';

const ISO = '2026-12-07T10:00:00.000Z';

describe('migration 008-dubbing', () => {
  const fresh = () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  };

  it('is the eighth, consecutive step and creates the two tables', () => {
    expect(migration008.version).toBe(8);
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    const tables = fresh().prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'dub%' ORDER BY name").pluck().all();
    expect(tables).toEqual(['dub_segments', 'dubs']);
  });

  it('refuses bad statuses, reversed times, empty lines and a request that is not an object; segments go with their dub', () => {
    const db = fresh();
    const dub = db.prepare('INSERT INTO dubs (id, title, request, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    expect(() => dub.run('d1', 'Talk', '{}', 'done', ISO, ISO)).toThrow(/constraint/i);
    expect(() => dub.run('d1', 'Talk', '[1]', 'working', ISO, ISO)).toThrow(/constraint/i);
    dub.run('d1', 'Talk', '{"to":"fr"}', 'working', ISO, ISO);
    const seg = db.prepare('INSERT INTO dub_segments (dub_id, idx, source_start, source_end, source_text) VALUES (?, ?, ?, ?, ?)');
    expect(() => seg.run('d1', 0, 2, 1, 'Hello')).toThrow(/constraint/i);
    expect(() => seg.run('d1', 0, 1, 2, '')).toThrow(/constraint/i);
    expect(() => seg.run('nope', 0, 1, 2, 'Hello')).toThrow(/FOREIGN KEY/);
    seg.run('d1', 0, 1, 2, 'Hello');
    expect(() => db.prepare("UPDATE dub_segments SET speech_hash = 'short'").run()).toThrow(/constraint/i);
    db.prepare("DELETE FROM dubs WHERE id = 'd1'").run();
    expect(db.prepare('SELECT count(*) FROM dub_segments').pluck().get()).toBe(0);
  });
});
