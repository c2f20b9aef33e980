import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { migrations } from '.';
import { migration009 } from './009-assistant';

const ISO = '2026-03-01T12:00:00.000Z';

describe('migration 009-assistant', () => {
  const fresh = () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  };

  it('is step 9 and creates the assistant and goal tables', () => {
    expect(migration009.version).toBe(9);
    const tables = fresh().prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND (name LIKE 'assistant%' OR name LIKE 'goal%' OR name = 'tasks') ORDER BY name").pluck().all();
    expect(tables).toEqual(['assistant_actions', 'assistant_messages', 'assistant_sessions', 'goal_milestones', 'goals', 'tasks']);
  });

  it('refuses unknown engines and roles, due times that are not UTC, and keeps tasks when their goal goes', () => {
    const db = fresh();
    const session = db.prepare("INSERT INTO assistant_sessions (id, profile, engine, providers, status, created_at) VALUES (?, 'default', ?, '{}', 'open', ?)");
    expect(() => session.run('s1', 'telepathy', ISO)).toThrow(/constraint/i);
    session.run('s1', 'turns', ISO);
    const message = db.prepare('INSERT INTO assistant_messages (session_id, seq, role, text, at) VALUES (?, ?, ?, ?, ?)');
    expect(() => message.run('s1', 1, 'narrator', 'hi', ISO)).toThrow(/constraint/i);
    expect(() => message.run('nope', 1, 'user', 'hi', ISO)).toThrow(/constraint/i);
    message.run('s1', 1, 'user', 'hi', ISO);
    db.prepare("INSERT INTO goals (id, statement, timeline, status, created_at, updated_at) VALUES ('g1', 'Learn Spanish', 'three months', 'active', ?, ?)").run(ISO, ISO);
    const task = db.prepare("INSERT INTO tasks (id, title, due_at, goal_id, created_at, updated_at) VALUES (?, 'Practise', ?, 'g1', ?, ?)");
    expect(() => task.run('t0', '2026-03-02T07:00:00+01:00', ISO, ISO)).toThrow(/constraint/i);
    task.run('t1', '2026-03-02T06:00:00.000Z', ISO, ISO);
    db.prepare("DELETE FROM goals WHERE id = 'g1'").run();
    expect(db.prepare("SELECT goal_id FROM tasks WHERE id = 't1'").pluck().get()).toBeNull();
  });
});
