import { randomUUID } from 'node:crypto';
import { KoruError } from '../../contract/errors';
import { DubRequest, type DubSource, type DubStatus, type DubSummary } from '../../contract/dubbing';
import { Id } from '../../contract/session';
import type { Db } from './migrations/types';
import { createSegmentCacheRepo } from './segment-cache-repo';

/** How a voiced line was fitted into its slot: where it starts and ends in the dub (seconds),
 *  its stretch, and the fitted audio (raw mono Float32 in the file store). */
export interface DubFit {
  dubStart: number;
  dubEnd: number;
  stretch: number;
  overLimit: boolean;
  /** Relative path in the file store. */
  path: string;
  sampleRate: number;
  samples: number;
}

export interface StoredDubSegment {
  idx: number;
  sourceStart: number;
  sourceEnd: number;
  sourceText: string;
  targetText: string | null;
  speaker: string | null;
  speechHash: string | null;
  fit: DubFit | null;
}

export interface DubRow {
  id: string;
  title: string;
  request: DubRequest;
  status: DubStatus;
  error: string | null;
  source: DubSource | null;
  sourceLanguage: string | null;
  peaks: number[] | null;
  createdAt: string;
  updatedAt: string;
}

export interface DubPatch {
  title?: string;
  request?: DubRequest;
  status?: DubStatus;
  error?: string | null;
  source?: DubSource | null;
  sourceLanguage?: string | null;
  peaks?: number[] | null;
}

export type DubSegmentPatch = Partial<Pick<StoredDubSegment, 'sourceText' | 'targetText' | 'speechHash' | 'fit'>>;

export interface DubRepo {
  create(request: DubRequest, title: string): DubRow;
  get(id: string): DubRow;
  /** Newest first. */
  list(limit?: number): DubSummary[];
  unfinished(): string[];
  update(id: string, patch: DubPatch): DubRow;
  /** Replace every segment (a new transcript), in one transaction. */
  setSegments(id: string, segments: StoredDubSegment[]): void;
  segments(id: string): StoredDubSegment[];
  updateSegment(id: string, idx: number, patch: DubSegmentPatch): StoredDubSegment;
  /** Clear every fit (the options changed): the mix step fits them again. */
  clearFits(id: string): void;
  /** Deletes the dub; returns the segment-cache files no one uses any more (remove them after). */
  delete(id: string): string[];
}

interface Row {
  id: string;
  title: string;
  request: string;
  status: string;
  error: string | null;
  source: string | null;
  source_language: string | null;
  peaks: string | null;
  created_at: string;
  updated_at: string;
}

interface SegRow {
  idx: number;
  source_start: number;
  source_end: number;
  source_text: string;
  target_text: string | null;
  speaker: string | null;
  speech_hash: string | null;
  fit: string | null;
}

function checkId(id: string): string {
  if (!Id.safeParse(id).success) throw new KoruError('BAD_INPUT', `Invalid dub id ${JSON.stringify(id)}.`);
  return id;
}

const toSegment = (r: SegRow): StoredDubSegment => ({
  idx: r.idx,
  sourceStart: r.source_start,
  sourceEnd: r.source_end,
  sourceText: r.source_text,
  targetText: r.target_text,
  speaker: r.speaker,
  speechHash: r.speech_hash,
  fit: r.fit ? (JSON.parse(r.fit) as DubFit) : null,
});

export function createDubRepo(db: Db, now: () => Date = () => new Date()): DubRepo {
  const selectOne = db.prepare<[string], Row>('SELECT * FROM dubs WHERE id = ?');
  const insert = db.prepare('INSERT INTO dubs (id, title, request, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  const selectList = db.prepare<[number], { id: string; title: string; status: DubStatus; request: string; source: string | null; createdAt: string; updatedAt: string }>(
    'SELECT id, title, status, request, source, created_at AS createdAt, updated_at AS updatedAt FROM dubs ORDER BY created_at DESC, id LIMIT ?',
  );
  const selectSegments = db.prepare<[string], SegRow>('SELECT * FROM dub_segments WHERE dub_id = ? ORDER BY idx');
  const selectSegment = db.prepare<[string, number], SegRow>('SELECT * FROM dub_segments WHERE dub_id = ? AND idx = ?');
  const deleteSegments = db.prepare<[string]>('DELETE FROM dub_segments WHERE dub_id = ?');
  const insertSegment = db.prepare(
    `INSERT INTO dub_segments (dub_id, idx, source_start, source_end, source_text, target_text, speaker, speech_hash, fit)
     VALUES (@dubId, @idx, @sourceStart, @sourceEnd, @sourceText, @targetText, @speaker, @speechHash, @fit)`,
  );
  const touch = db.prepare<[string, string]>('UPDATE dubs SET updated_at = ? WHERE id = ?');
  const hashesOf = db.prepare<[string], string>('SELECT DISTINCT speech_hash FROM dub_segments WHERE dub_id = ? AND speech_hash IS NOT NULL').pluck();
  const deleteRow = db.prepare<[string]>('DELETE FROM dubs WHERE id = ?');
  const cache = createSegmentCacheRepo(db);

  function get(id: string): DubRow {
    const r = selectOne.get(checkId(id));
    if (!r) throw new KoruError('NOT_FOUND', 'That dub no longer exists.');
    return {
      id: r.id,
      title: r.title,
      request: DubRequest.parse(JSON.parse(r.request)),
      status: r.status as DubStatus,
      error: r.error,
      source: r.source ? (JSON.parse(r.source) as DubSource) : null,
      sourceLanguage: r.source_language,
      peaks: r.peaks ? (JSON.parse(r.peaks) as number[]) : null,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  return {
    create(request, title) {
      const id = randomUUID();
      const at = now().toISOString();
      insert.run(id, title, JSON.stringify(request), 'working', at, at);
      return get(id);
    },
    get,
    list(limit = 500) {
      return selectList.all(limit).map((r) => ({
        id: r.id,
        title: r.title,
        status: r.status,
        to: (JSON.parse(r.request) as { to: string }).to,
        durationSec: r.source ? (JSON.parse(r.source) as DubSource).durationSec : null,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
      }));
    },
    unfinished: () => db.prepare<[], string>("SELECT id FROM dubs WHERE status = 'working'").pluck().all(),
    update(id, patch) {
      get(id);
      const sets: string[] = [];
      const values: unknown[] = [];
      const put = (col: string, v: unknown) => (sets.push(`${col} = ?`), values.push(v));
      if (patch.title !== undefined) put('title', patch.title);
      if (patch.request !== undefined) put('request', JSON.stringify(patch.request));
      if (patch.status !== undefined) put('status', patch.status);
      if (patch.error !== undefined) put('error', patch.error);
      if (patch.source !== undefined) put('source', patch.source === null ? null : JSON.stringify(patch.source));
      if (patch.sourceLanguage !== undefined) put('source_language', patch.sourceLanguage);
      if (patch.peaks !== undefined) put('peaks', patch.peaks === null ? null : JSON.stringify(patch.peaks));
      put('updated_at', now().toISOString());
      db.prepare(`UPDATE dubs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      return get(id);
    },
    setSegments: db.transaction((id: string, segments: StoredDubSegment[]) => {
      get(id);
      deleteSegments.run(id);
      for (const s of segments) insertSegment.run({ dubId: id, ...s, fit: s.fit ? JSON.stringify(s.fit) : null });
      touch.run(now().toISOString(), id);
    }),
    segments: (id) => selectSegments.all(checkId(id)).map(toSegment),
    updateSegment(id, idx, patch) {
      const sets: string[] = [];
      const values: unknown[] = [];
      const put = (col: string, v: unknown) => (sets.push(`${col} = ?`), values.push(v));
      if (patch.sourceText !== undefined) put('source_text', patch.sourceText);
      if (patch.targetText !== undefined) put('target_text', patch.targetText);
      if (patch.speechHash !== undefined) put('speech_hash', patch.speechHash);
      if (patch.fit !== undefined) put('fit', patch.fit === null ? null : JSON.stringify(patch.fit));
      if (sets.length) db.prepare(`UPDATE dub_segments SET ${sets.join(', ')} WHERE dub_id = ? AND idx = ?`).run(...values, checkId(id), idx);
      const r = selectSegment.get(id, idx);
      if (!r) throw new KoruError('NOT_FOUND', `This dub has no segment s${idx + 1}.`);
      touch.run(now().toISOString(), id);
      return toSegment(r);
    },
    clearFits: (id) => void db.prepare('UPDATE dub_segments SET fit = NULL WHERE dub_id = ?').run(checkId(id)),
    delete(id) {
      get(id);
      return db.transaction(() => {
        const hashes = hashesOf.all(id);
        deleteRow.run(id);
        return cache.release(hashes);
      })();
    },
  };
}
