import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { migration001 } from './001-initial';
import { migration002 } from './002-rituals';

const at = '2026-01-01T00:00:00.000Z';

describe('migration 002-rituals', () => {
  const fresh = () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, [migration001, migration002]);
    return db;
  };

  it('upgrades a v1 database and creates the tables, the FTS index and its triggers', () => {
    const db = new Database(':memory:');
    migrate(db, [migration001]);
    db.prepare("INSERT INTO settings (key, value) VALUES ('x', '1')").run();
    expect(migrate(db, [migration001, migration002])).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    const names = db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'trigger') ORDER BY name").pluck().all();
    for (const n of ['rituals', 'rituals_fts', 'ritual_segments', 'segment_cache', 'rituals_fts_ai', 'rituals_fts_ad', 'rituals_fts_au']) {
      expect(names).toContain(n);
    }
    expect(db.prepare('SELECT value FROM settings').pluck().get()).toBe('1');
  });

  it('lists newest first from the index, without sorting the table', () => {
    const db = fresh();
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM rituals ORDER BY created_at DESC, rowid DESC').all() as { detail: string }[];
    const detail = plan.map((p) => p.detail).join(' ');
    expect(detail).toMatch(/rituals_by_created_at/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });

  it('keeps the FTS index in step with inserts, updates and deletes', () => {
    const db = fresh();
    const ins = db.prepare(
      `INSERT INTO rituals (id, title, intention, minutes, request, status, script_text, created_at, updated_at) VALUES (?, ?, ?, 5, '{}', 'ready', ?, ?, ?)`,
    );
    ins.run('a', 'Evening calm', 'sleep well', 'breathe into the belly', at, at);
    const hits = (q: string) => db.prepare('SELECT rowid FROM rituals_fts WHERE rituals_fts MATCH ?').pluck().all(q).length;
    expect(hits('belly')).toBe(1);
    db.prepare("UPDATE rituals SET script_text = 'soften the shoulders' WHERE id = 'a'").run();
    expect(hits('belly')).toBe(0);
    expect(hits('shoulders')).toBe(1);
    db.prepare("DELETE FROM rituals WHERE id = 'a'").run();
    expect(hits('shoulders')).toBe(0);
  });

  it('refuses bad rows and cascades segments with their ritual', () => {
    const db = fresh();
    const ins = (status: string, request = '{}') =>
      db.prepare(`INSERT INTO rituals (id, title, intention, minutes, request, status, created_at, updated_at) VALUES ('b', 't', 'i', 5, ?, ?, ?, ?)`).run(request, status, at, at);
    expect(() => ins('done')).toThrow(/CHECK/);
    expect(() => ins('ready', '[1]')).toThrow(/CHECK/);
    ins('ready');
    db.prepare("INSERT INTO ritual_segments (ritual_id, idx, section, text, pause_sec, hash) VALUES ('b', 0, 0, 'hi', 1, NULL)").run();
    expect(() => db.prepare("INSERT INTO ritual_segments (ritual_id, idx, section, text, pause_sec) VALUES ('zz', 0, 0, 'x', 1)").run()).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM rituals WHERE id = 'b'").run();
    expect(db.prepare('SELECT count(*) FROM ritual_segments').pluck().get()).toBe(0);
  });
});
