import type { Db } from './migrations/types';

/** One cached narration segment: a content-addressed file in the file store. */
export interface CachedSegment {
  hash: string;
  /** Relative path inside the file store. */
  path: string;
  provider: string;
  model: string;
  voice: string;
  sampleRate: number;
  samples: number;
}

export interface SegmentCacheRepo {
  get(hash: string): CachedSegment | null;
  put(entry: CachedSegment): void;
  remove(hash: string): void;
  count(): number;
  /** Drops the entries of `hashes` that no ritual, story or dub line uses any more; returns their
   *  files' paths for the caller to remove once its transaction has committed. */
  release(hashes: readonly string[]): string[];
}

/** Every column that holds a segment-cache hash (one place: a new user of the cache adds itself
 *  here, or a deletion elsewhere would drop audio it still needs). */
const USERS: ReadonlyArray<readonly [table: string, column: string]> = [
  ['ritual_segments', 'hash'],
  ['story_segments', 'hash'],
  ['dub_segments', 'speech_hash'],
];

export function createSegmentCacheRepo(db: Db, now: () => Date = () => new Date()): SegmentCacheRepo {
  const select = db.prepare<[string], { hash: string; path: string; provider: string; model: string; voice: string; sample_rate: number; samples: number }>(
    'SELECT hash, path, provider, model, voice, sample_rate, samples FROM segment_cache WHERE hash = ?',
  );
  // REPLACE: a re-synthesized file (the old one was missing on disk) takes over the entry.
  const upsert = db.prepare(
    `INSERT OR REPLACE INTO segment_cache (hash, path, provider, model, voice, sample_rate, samples, created_at)
     VALUES (@hash, @path, @provider, @model, @voice, @sampleRate, @samples, @createdAt)`,
  );
  const del = db.prepare<[string]>('DELETE FROM segment_cache WHERE hash = ?');
  const total = db.prepare<[], number>('SELECT count(*) FROM segment_cache').pluck();
  const inUse = db.prepare<[{ hash: string }], number>(`${USERS.map(([t, c]) => `SELECT 1 FROM ${t} WHERE ${c} = @hash`).join(' UNION ALL ')} LIMIT 1`).pluck();
  const pathOf = db.prepare<[string], string>('SELECT path FROM segment_cache WHERE hash = ?').pluck();
  return {
    get(hash) {
      const r = select.get(hash);
      return r
        ? { hash: r.hash, path: r.path, provider: r.provider, model: r.model, voice: r.voice, sampleRate: r.sample_rate, samples: r.samples }
        : null;
    },
    put: (e) => void upsert.run({ ...e, createdAt: now().toISOString() }),
    remove: (hash) => void del.run(hash),
    count: () => total.get() ?? 0,
    release(hashes) {
      const orphans: string[] = [];
      for (const hash of new Set(hashes)) {
        if (inUse.get({ hash }) !== undefined) continue;
        const path = pathOf.get(hash);
        del.run(hash);
        if (path !== undefined) orphans.push(path);
      }
      return orphans;
    },
  };
}
