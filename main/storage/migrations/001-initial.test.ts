import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { migration001 } from './001-initial';
import type { Db } from './types';

const ISO = '2024-05-01T10:00:00.000Z';
const goodRow = {
  id: 'abc',
  name: 'Calm',
  intention: '',
  tags: '["a"]',
  program: '{"sets":[],"timeline":[]}',
  duration_sec: 60,
  volume: 0.5,
  created_at: ISO,
  updated_at: ISO,
};

describe('migration 001-initial', () => {
  let db: Db;
  const insert = (row: Record<string, unknown>) =>
    db
      .prepare(
        `INSERT INTO sessions (id, name, intention, tags, program, duration_sec, volume, created_at, updated_at)
         VALUES (@id, @name, @intention, @tags, @program, @duration_sec, @volume, @created_at, @updated_at)`,
      )
      .run({ ...goodRow, ...row });

  beforeEach(() => {
    db = new Database(':memory:');
    expect(migrate(db, [migration001])).toBe(1);
  });

  it('applies on an empty database and sets user_version', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['sessions', 'settings']);
  });

  it('has the columns and index the repositories rely on', () => {
    const cols = (t: string) => db.prepare(`SELECT name, type, pk FROM pragma_table_info('${t}')`).all();
    expect(cols('settings')).toEqual([
      { name: 'key', type: 'TEXT', pk: 1 },
      { name: 'value', type: 'TEXT', pk: 0 },
    ]);
    expect((cols('sessions') as { name: string }[]).map((c) => c.name)).toEqual([
      'id', 'name', 'intention', 'tags', 'program', 'duration_sec', 'volume', 'created_at', 'updated_at',
    ]);
    const idx = db.prepare("SELECT name FROM pragma_index_list('sessions') WHERE origin = 'c'").pluck().all();
    expect(idx).toContain('sessions_by_updated_at');
    // The listing query must use that index, not sort the whole table.
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT * FROM sessions ORDER BY updated_at DESC, rowid DESC').all() as { detail: string }[];
    const detail = plan.map((p) => p.detail).join(' ');
    expect(detail).toMatch(/sessions_by_updated_at/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });

  it('accepts a well-formed row', () => {
    expect(insert({}).changes).toBe(1);
  });

  it.each([
    ['tags that are not JSON', { tags: '[oops' }],
    ['tags that are not an array', { tags: '{"a":1}' }],
    ['a program that is not JSON', { program: 'nope' }],
    ['a program that is not an object', { program: '[1,2]' }],
    ['a zero duration', { duration_sec: 0 }],
    ['a negative duration', { duration_sec: -5 }],
    ['a volume above 1', { volume: 1.01 }],
    ['a negative volume', { volume: -0.1 }],
    ['a blank name', { name: '   ' }],
    ['a missing name', { name: null }],
    ['a non-ISO timestamp', { created_at: 'yesterday' }],
    ['text in a REAL column (STRICT)', { duration_sec: 'long' }],
  ])('rejects %s', (_label, row) => {
    expect(() => insert(row)).toThrow(/constraint|cannot store/i);
    expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
  });

  it('rejects a duplicate session id', () => {
    insert({});
    expect(() => insert({})).toThrow(/UNIQUE/);
  });

  it('stores settings only as valid JSON', () => {
    const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    expect(put.run('maxVolume', '0.5').changes).toBe(1);
    expect(() => put.run('sampleRate', '48k')).toThrow(/constraint/i);
  });
});
