import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { migrations } from '.';
import { migration004 } from './004-jobs';

const ISO = '2024-05-01T10:00:00.000Z';

describe('migration 004-jobs', () => {
  const fresh = () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  };
  const addJob = (db: Database.Database, id = 'j1', status = 'running') =>
    db.prepare(`INSERT INTO jobs (id, kind, subject, status, steps, input, created_at, updated_at) VALUES (?, 'ritual', 'r1', ?, '[]', '{}', ?, ?)`).run(id, status, ISO, ISO);

  it('is the fourth, consecutive step and creates the three tables', () => {
    expect(migration004.version).toBe(4);
    expect(migrations.every((m, i) => i === 0 || m.version > migrations[i - 1]!.version)).toBe(true);
    const tables = fresh().prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'job%' ORDER BY name").pluck().all();
    expect(tables).toEqual(['job_logs', 'job_steps', 'jobs']);
  });

  it('refuses unknown statuses, bad JSON and out-of-range progress', () => {
    const db = fresh();
    expect(() => addJob(db, 'j1', 'sleeping')).toThrow(/constraint/i);
    addJob(db);
    expect(() => db.prepare("UPDATE jobs SET progress = 1.5 WHERE id = 'j1'").run()).toThrow(/constraint/i);
    expect(() => db.prepare("UPDATE jobs SET steps = '{}' WHERE id = 'j1'").run()).toThrow(/constraint/i);
    expect(() => db.prepare(`INSERT INTO job_steps (job_id, name, output, finished_at) VALUES ('j1', 'a', 'nope', ?)`).run(ISO)).toThrow(/constraint/i);
  });

  it('deletes steps and logs with their job, and numbers log lines in order', () => {
    const db = fresh();
    addJob(db);
    db.prepare(`INSERT INTO job_steps (job_id, name, output, finished_at) VALUES ('j1', 'write', '{"ok":true}', ?)`).run(ISO);
    const log = db.prepare(`INSERT INTO job_logs (job_id, at, level, step, action) VALUES ('j1', ?, 'info', 'write', ?)`);
    const a = log.run(ISO, 'first').lastInsertRowid;
    const b = log.run(ISO, 'second').lastInsertRowid;
    expect(Number(b)).toBeGreaterThan(Number(a));
    expect(() => db.prepare(`INSERT INTO job_logs (job_id, at, level, step, action) VALUES ('ghost', ?, 'info', 'x', 'y')`).run(ISO)).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM jobs WHERE id = 'j1'").run();
    expect(db.prepare('SELECT count(*) FROM job_steps').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM job_logs').pluck().get()).toBe(0);
  });
});
