import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate } from './db';
import { migrations } from './migrations';
import { createRitualRepo, ftsQuery, type RitualRepo } from './ritual-repo';
import { createSegmentCacheRepo } from './segment-cache-repo';
import { createDubRepo } from './dub-repo';
import { DubRequest } from '../../contract/dubbing';
import type { Db } from './migrations/types';

const req = (intention: string) => ({ intention, minutes: 5, focus: ['breathing'], style: 'gentle' as const, bed: 'none', balance: 0.7 });
const script = (text: string) => ({ title: 'T', sections: [{ kind: 'breathing', text, pauseAfterSec: 4 }] });
const seg = (idx: number, hash: string | null) => ({ idx, section: 0, text: `s${idx}`, pauseSec: 1, hash });
const H = (c: string) => c.repeat(64);

describe('ritual repo', () => {
  let db: Db;
  let repo: RitualRepo;
  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    let n = 0;
    repo = createRitualRepo(db, { newId: () => `r${++n}` });
  });

  it('creates, patches and reads back a ritual through the contract', () => {
    const r = repo.create(req('rest before sleep'));
    expect(r).toMatchObject({ id: 'r1', status: 'writing', script: null, title: 'rest before sleep', segments: { done: 0, total: 0 } });
    const u = repo.update('r1', { script: script('Breathe in.'), status: 'voicing', speech: { provider: 'offline', voice: 'en', model: 'espeak' } });
    expect(u.script?.sections[0]?.text).toBe('Breathe in.');
    expect(repo.get('r1').speech?.provider).toBe('offline');
    expect(() => repo.get('nope')).toThrow(/No ritual/);
    expect(() => repo.get('../x')).toThrow(/Invalid ritual id/);
  });

  it('searches title, intention and script with prefixes, newest first', () => {
    repo.create(req('reduce stress before sleep'));
    repo.create(req('morning focus'));
    repo.update('r2', { script: script('Feel the weight of your shoulders soften.') });
    expect(repo.list().map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(repo.list('stress').map((r) => r.id)).toEqual(['r1']);
    expect(repo.list('should').map((r) => r.id)).toEqual(['r2']);
    expect(repo.list('sleep stress').map((r) => r.id)).toEqual(['r1']);
    expect(repo.list('"); DROP TABLE rituals; --').length).toBe(0);
    expect(repo.list()[0]).toMatchObject({ minutes: 5, intention: 'morning focus' });
  });

  it('pages the newest first, and finds the rituals a crash left unfinished', () => {
    for (const w of ['one', 'two', 'three']) repo.create(req(`${w} breath`));
    repo.update('r1', { status: 'ready' });
    repo.update('r2', { status: 'voicing' });
    expect(repo.list(undefined, 2).map((r) => r.id)).toEqual(['r3', 'r2']);
    expect(repo.list('breath', 1).map((r) => r.id)).toEqual(['r3']);
    expect(repo.unfinished().sort()).toEqual(['r2', 'r3']);
  });

  it('delete removes cache rows only for files no other ritual uses', () => {
    const cache = createSegmentCacheRepo(db);
    for (const c of ['a', 'b']) cache.put({ hash: H(c), path: `${c}${c}/${H(c)}.f32`, provider: 'offline', model: 'm', voice: 'v', sampleRate: 22050, samples: 10 });
    repo.create(req('first one'));
    repo.create(req('second one'));
    repo.setSegments('r1', [seg(0, H('a')), seg(1, H('b'))]);
    repo.setSegments('r2', [seg(0, H('a'))]);
    expect(repo.get('r1').segments.total).toBe(2);
    expect(repo.delete('r1')).toEqual([`bb/${H('b')}.f32`]);
    expect(cache.get(H('a'))).not.toBeNull();
    expect(cache.get(H('b'))).toBeNull();
    expect(repo.delete('r2')).toEqual([`aa/${H('a')}.f32`]);
    expect(cache.count()).toBe(0);
    expect(() => repo.delete('r2')).toThrow(/No ritual/);
  });

  it('a voice a dub line uses too outlives the ritual; deleting the dub then releases it', () => {
    const cache = createSegmentCacheRepo(db);
    cache.put({ hash: H('c'), path: `cc/${H('c')}.f32`, provider: 'offline', model: 'm', voice: 'v', sampleRate: 22050, samples: 10 });
    repo.create(req('shared words'));
    repo.setSegments('r1', [seg(0, H('c'))]);
    const dubs = createDubRepo(db);
    const dub = dubs.create(DubRequest.parse({ fileId: `f_${'a'.repeat(22)}`, to: 'en' }), 'talk');
    dubs.setSegments(dub.id, [{ idx: 0, sourceStart: 0, sourceEnd: 1, sourceText: 's0', targetText: 's0', speaker: null, speechHash: H('c'), fit: null }]);
    expect(repo.delete('r1')).toEqual([]);
    expect(cache.get(H('c'))).not.toBeNull();
    expect(dubs.delete(dub.id)).toEqual([`cc/${H('c')}.f32`]);
    expect(cache.count()).toBe(0);
  });

  it('quotes every search word', () => {
    expect(ftsQuery('calm* OR "x"')).toBe('"calm"* "OR"* "x"*');
    expect(ftsQuery('  ')).toBe('');
  });
});
