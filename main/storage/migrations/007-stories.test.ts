import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { migrations } from '.';
import { migration007 } from './007-stories';

const ISO = '2026-03-01T12:00:00.000Z';

describe('migration 007-stories', () => {
  const fresh = () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  };
  const add = (db: Database.Database, over: Record<string, unknown> = {}) =>
    db
      .prepare(
        `INSERT INTO stories (id, title, source_label, style, minutes, request, status, created_at, updated_at)
         VALUES (@id, 'Atlas', '/code/atlas', 'podcast', 10, @request, @status, @at, @at)`,
      )
      .run({ id: 's1', request: '{"style":"podcast"}', status: 'pending', at: ISO, ...over });

  it('is the seventh step and creates the story tables', () => {
    expect(migration007.version).toBe(7);
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    const tables = fresh().prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'stor%' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['stories', 'stories_fts', 'story_segments', 'story_text_cache', 'story_voice_pace']));
  });

  it('refuses unknown statuses, a request that is not an object, progress over 100 and speakers that are not a list', () => {
    const db = fresh();
    expect(() => add(db, { status: 'voicing' })).toThrow(/constraint/i);
    expect(() => add(db, { request: '[1]' })).toThrow(/constraint/i);
    add(db);
    expect(() => db.prepare("UPDATE stories SET progress = 101 WHERE id = 's1'").run()).toThrow(/constraint/i);
    expect(() => db.prepare("UPDATE stories SET speakers = '{}' WHERE id = 's1'").run()).toThrow(/constraint/i);
  });

  it('indexes title, source and script for search, and drops segments with their story', () => {
    const db = fresh();
    add(db);
    db.prepare("UPDATE stories SET script_text = 'the router matches paths' WHERE id = 's1'").run();
    expect(db.prepare("SELECT count(*) FROM stories_fts WHERE stories_fts MATCH 'router'").pluck().get()).toBe(1);
    db.prepare("INSERT INTO story_segments (story_id, idx, chapter, line, speaker, text, pause_sec) VALUES ('s1', 0, 0, 0, 'guest', 'Hi.', 0.5)").run();
    expect(() => db.prepare("INSERT INTO story_segments (story_id, idx, chapter, line, speaker, text, pause_sec) VALUES ('s1', 1, 0, 0, 'narrator', 'Hi.', 0.5)").run()).toThrow(/constraint/i);
    db.prepare("DELETE FROM stories WHERE id = 's1'").run();
    expect(db.prepare('SELECT count(*) FROM story_segments').pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM stories_fts WHERE stories_fts MATCH 'router'").pluck().get()).toBe(0);
  });
});
