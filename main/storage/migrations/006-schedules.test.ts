import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { migrations } from '.';
import { migration006 } from './006-schedules';

const ISO = '2026-03-01T12:00:00.000Z';

describe('migration 006-schedules', () => {
  const fresh = () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  };
  const add = (db: Database.Database, over: Record<string, unknown> = {}) =>
    db
      .prepare(
        `INSERT INTO schedules (id, target_kind, target_id, title, trigger, notice_minutes, status, next_at, created_at, updated_at)
         VALUES (@id, @kind, 's1', 'Calm', @trigger, 5, @status, @next, @at, @at)`,
      )
      .run({ id: 'a', kind: 'session', trigger: '{"kind":"time","at":"2026-03-02T00:00:00Z"}', status: 'active', next: ISO, at: ISO, ...over });

  it('is the sixth step and creates the schedules table', () => {
    expect(migration006.version).toBe(6);
    expect(migrations.every((m, i) => i === 0 || m.version > migrations[i - 1]!.version)).toBe(true);
    expect(fresh().prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'schedules'").pluck().get()).toBe('schedules');
  });

  it('refuses unknown targets and statuses, a trigger that is not a JSON object, and an active row with no next start', () => {
    const db = fresh();
    expect(() => add(db, { kind: 'story' })).toThrow(/constraint/i);
    expect(() => add(db, { status: 'sleeping' })).toThrow(/constraint/i);
    expect(() => add(db, { trigger: '[1]' })).toThrow(/constraint/i);
    expect(() => add(db, { trigger: 'nope' })).toThrow(/constraint/i);
    expect(() => add(db, { next: null })).toThrow(/constraint/i);
    add(db, { status: 'done', next: null });
    expect(db.prepare('SELECT count(*) FROM schedules').pluck().get()).toBe(1);
  });
});
