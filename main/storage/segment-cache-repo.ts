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
}

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
  };
}
