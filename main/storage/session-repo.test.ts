import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { KoruError } from '../../contract/errors';
import { Session } from '../../contract/session';
import { openDatabase, type Db } from './db';
import { createSessionRepo } from './session-repo';
import { binauralDraft, tempDir } from './testing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof KoruError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'no error';
}

function setup(opts: Parameters<typeof createSessionRepo>[1] = {}) {
  const db = openDatabase(':memory:');
  return { db, repo: createSessionRepo(db, { log: () => {}, ...opts }) };
}

const count = (db: Db) => db.prepare('SELECT count(*) FROM sessions').pluck().get();

describe('session repository', () => {
  it('round-trips a binaural session exactly, with defaults filled', () => {
    const { repo } = setup();
    const created = repo.create(binauralDraft());
    expect(created.id).toMatch(UUID);
    expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);
    expect(created.updatedAt).toBe(created.createdAt);
    expect(created.program.transitionSec).toBe(10);
    expect(created.program.timeline[1]).toMatchObject({ fadeIn: 'fade', fadeOut: 'fade', slide: false });
    expect(created.program.sets[0]?.voices[0]).toEqual({ kind: 'binaural', carrier: 200, beat: 10, amp: 0.2 });

    const read = repo.get(created.id);
    expect(read).toEqual(created);
    expect(Session.parse(read)).toEqual(read);
  });

  it('lists newest first, an update moving a session to the top', () => {
    let t = Date.parse('2024-01-01T00:00:00Z');
    const { repo } = setup({ now: () => new Date((t += 1000)) });
    const a = repo.create(binauralDraft({ name: 'A' }));
    const b = repo.create(binauralDraft({ name: 'B' }));
    const c = repo.create(binauralDraft({ name: 'C' }));
    expect(repo.list().map((s) => s.name)).toEqual(['C', 'B', 'A']);

    const a2 = repo.update(a.id, binauralDraft({ name: 'A2', volume: 0.3 }));
    expect(a2.createdAt).toBe(a.createdAt);
    expect(Date.parse(a2.updatedAt)).toBeGreaterThan(Date.parse(c.updatedAt));
    expect(repo.get(a.id)).toEqual(a2);
    expect(repo.list().map((s) => s.id)).toEqual([a.id, c.id, b.id]);
    // A summary carries no program.
    expect(Object.keys(repo.list()[0] ?? {}).sort()).toEqual(['durationSec', 'id', 'intention', 'name', 'tags', 'updatedAt']);
  });

  it('keeps order well defined when the clock stands still', () => {
    const frozen = new Date('2024-01-01T00:00:00Z');
    const { repo } = setup({ now: () => frozen });
    const names = ['one', 'two', 'three', 'four'];
    for (const name of names) repo.create(binauralDraft({ name }));
    expect(repo.list().map((s) => s.name)).toEqual([...names].reverse());
  });

  it('matches the query case-insensitively on name, intention or tags', () => {
    const { repo } = setup();
    repo.create(binauralDraft({ name: 'Morning Focus', intention: '', tags: [] }));
    repo.create(binauralDraft({ name: 'x', intention: 'Deep SLEEP tonight', tags: [] }));
    repo.create(binauralDraft({ name: 'y', intention: '', tags: ['Ωmega', 'Gamma'] }));
    const names = (q?: string) => repo.list(q).map((s) => s.name).sort();
    expect(names('focus')).toEqual(['Morning Focus']);
    expect(names('sleep')).toEqual(['x']);
    expect(names('GAMMA')).toEqual(['y']);
    expect(names('ωMEGA')).toEqual(['y']);
    expect(names('nothing like it')).toEqual([]);
    expect(names('   ')).toHaveLength(3);
    expect(names(undefined)).toHaveLength(3);
  });

  it('reports missing sessions as NOT_FOUND and bad ids as BAD_INPUT', () => {
    const { repo } = setup();
    expect(codeOf(() => repo.get('nope'))).toMatch(/^NOT_FOUND: .*nope/);
    expect(codeOf(() => repo.update('nope', binauralDraft()))).toMatch(/^NOT_FOUND/);
    expect(codeOf(() => repo.delete('nope'))).toMatch(/^NOT_FOUND/);
    expect(codeOf(() => repo.get('../etc/passwd'))).toMatch(/^BAD_INPUT/);
  });

  it('deletes', () => {
    const { db, repo } = setup();
    const keep = repo.create(binauralDraft({ name: 'keep' }));
    const gone = repo.create(binauralDraft({ name: 'gone' }));
    repo.delete(gone.id);
    expect(codeOf(() => repo.get(gone.id))).toMatch(/^NOT_FOUND/);
    expect(repo.list().map((s) => s.id)).toEqual([keep.id]);
    expect(count(db)).toBe(1);
  });

  it('refuses an invalid draft with BAD_INPUT and writes nothing', () => {
    const { db, repo } = setup();
    const bad = binauralDraft({ program: { sets: [{ name: 'a', voices: [] }], timeline: [{ at: 0, set: 'b' }] } });
    expect(codeOf(() => repo.create(bad))).toMatch(/^BAD_INPUT: .*unknown tone-set "b"/i);
    expect(codeOf(() => repo.create(binauralDraft({ volume: 2 })))).toMatch(/^BAD_INPUT: Invalid session: volume/i);
    const s = repo.create(binauralDraft());
    expect(codeOf(() => repo.update(s.id, binauralDraft({ name: ' ' })))).toMatch(/^BAD_INPUT/);
    expect(repo.get(s.id)).toEqual(s);
    expect(count(db)).toBe(1);
  });

  it('turns a failed write into a STORAGE error and leaves the table as it was', () => {
    const { db, repo } = setup({ newId: () => 'fixed-id' });
    const first = repo.create(binauralDraft({ name: 'first' }));
    expect(codeOf(() => repo.create(binauralDraft({ name: 'second' })))).toMatch(/^STORAGE: .*fixed-id/);
    expect(count(db)).toBe(1);
    expect(repo.get('fixed-id')).toEqual(first);
  });

  it('reports a hand-edited row by id and skips it in the list with a warning', () => {
    const log = vi.fn();
    const { db, repo } = setup({ log });
    const good = repo.create(binauralDraft({ name: 'good' }));
    const broken = repo.create(binauralDraft({ name: 'broken' }));
    const loud = repo.create(binauralDraft({ name: 'loud' }));
    // Valid JSON that the contract refuses: a timeline naming a set that no longer exists …
    db.prepare("UPDATE sessions SET program = json_set(program, '$.timeline[0].set', 'gone') WHERE id = ?").run(broken.id);
    // … and an amplitude above 1.
    db.prepare("UPDATE sessions SET program = json_set(program, '$.sets[0].voices[0].amp', 7) WHERE id = ?").run(loud.id);

    expect(codeOf(() => repo.get(broken.id))).toMatch(new RegExp(`^STORAGE: Stored session ${broken.id} is invalid: .*unknown tone-set "gone"`, 'i'));
    expect(codeOf(() => repo.get(loud.id))).toMatch(new RegExp(`^STORAGE: Stored session ${loud.id} is invalid`));
    expect(repo.list().map((s) => s.id)).toEqual([good.id]);
    expect(log).toHaveBeenCalledTimes(2);
    const logged = log.mock.calls.map((c) => String(c[1])).join('\n');
    expect(logged).toContain(broken.id);
    expect(logged).toContain(loud.id);
    // A damaged session can still be removed.
    repo.delete(broken.id);
    expect(count(db)).toBe(2);
  });

  it('keeps sessions across close and reopen of the file', () => {
    const file = path.join(tempDir(), 'koru.db');
    const db1 = openDatabase(file);
    const created = createSessionRepo(db1).create(binauralDraft());
    db1.close();
    const db2 = openDatabase(file);
    try {
      const repo = createSessionRepo(db2);
      expect(repo.get(created.id)).toEqual(created);
      expect(repo.list()).toHaveLength(1);
    } finally {
      db2.close();
    }
  });
});
