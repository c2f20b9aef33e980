import { randomUUID } from 'node:crypto';
import { KoruError } from '../../contract/errors';
import { Id } from '../../contract/session';
import { Ritual, RitualRequest, RitualScript, type RitualStatus, type RitualSummary } from '../../contract/rituals';
import type { Db } from './migrations/types';
import { createSegmentCacheRepo } from './segment-cache-repo';

/** One narration segment of a ritual: a chunk of one section's text, and its cached audio. */
export interface StoredSegment {
  idx: number;
  section: number;
  text: string;
  /** Silence after this segment (the section's pause on its last chunk, a breath otherwise). */
  pauseSec: number;
  /** segment_cache hash once voiced, else null. */
  hash: string | null;
}

export interface RitualPatch {
  title?: string;
  script?: RitualScript | null;
  status?: RitualStatus;
  error?: string | null;
  segmentsDone?: number;
  segmentsTotal?: number;
  speech?: Ritual['speech'];
  durationSec?: number;
}

export interface RitualRepo {
  create(request: RitualRequest, title?: string): Ritual;
  get(id: string): Ritual;
  /** Newest first, at most `limit`; `query` is an FTS5 prefix search over title, intention and script. */
  list(query?: string, limit?: number): RitualSummary[];
  /** Ids of rituals still marked 'writing' or 'voicing'. */
  unfinished(): string[];
  update(id: string, patch: RitualPatch): Ritual;
  /** Replace the segment map (a new script); in the same transaction as `patch`. */
  setSegments(id: string, segments: StoredSegment[], patch?: RitualPatch): Ritual;
  segments(id: string): StoredSegment[];
  setSegmentHash(id: string, idx: number, hash: string): void;
  /** Deletes the ritual; returns the cache files (relative paths) no other ritual uses, whose
   *  cache rows are gone too — the caller removes the files. */
  delete(id: string): string[];
}

interface Row {
  id: string;
  title: string;
  intention: string;
  request: string;
  script: string | null;
  status: string;
  error: string | null;
  segments_done: number;
  segments_total: number;
  speech: string | null;
  duration_sec: number;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, title, intention, request, script, status, error, segments_done, segments_total, speech, duration_sec, created_at, updated_at';
// Aliased to the contract's names: list rows go out as they come (10,000 rituals list in ms).
const SUMMARY = 'r.id, r.title, r.intention, r.minutes, r.status, r.duration_sec AS durationSec, r.created_at AS createdAt, r.updated_at AS updatedAt';

/** The words of a script, flat, for the full-text index. */
export function scriptText(script: RitualScript | null): string {
  return script ? script.sections.map((s) => s.text).join('\n') : '';
}

/** User text → a safe FTS5 query: every word a quoted prefix term, all required. */
export function ftsQuery(query: string): string {
  const words = query.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.slice(0, 16).map((w) => `"${w}"*`).join(' ');
}

function checkId(id: string): string {
  if (!Id.safeParse(id).success) throw new KoruError('BAD_INPUT', `Invalid ritual id ${JSON.stringify(id)}.`);
  return id;
}

function rowToRitual(row: Row): Ritual {
  try {
    return Ritual.parse({
      id: row.id,
      title: row.title,
      request: JSON.parse(row.request),
      script: row.script === null ? null : JSON.parse(row.script),
      status: row.status,
      error: row.error,
      segments: { done: row.segments_done, total: row.segments_total },
      speech: row.speech === null ? null : JSON.parse(row.speech),
      durationSec: row.duration_sec,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  } catch (err) {
    throw new KoruError('STORAGE', `Stored ritual ${row.id} is unreadable: ${(err as Error).message}`, { id: row.id });
  }
}

export function createRitualRepo(db: Db, opts: { now?: () => Date; newId?: () => string } = {}): RitualRepo {
  const now = opts.now ?? (() => new Date());
  const newId = opts.newId ?? randomUUID;
  let lastStamp = 0;
  const stamp = (): string => {
    lastStamp = Math.max(now().getTime(), lastStamp + 1);
    return new Date(lastStamp).toISOString();
  };

  const selectOne = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM rituals WHERE id = ?`);
  // LIMIT -1 is SQLite's "no limit". The created_at index serves the order, so a page of the
  // newest rituals reads only that page however large the library grows.
  const selectAll = db.prepare(`SELECT ${SUMMARY} FROM rituals r ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`);
  const search = db.prepare(
    `SELECT ${SUMMARY} FROM rituals_fts f JOIN rituals r ON r.rowid = f.rowid
     WHERE rituals_fts MATCH ? ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`,
  );
  const selectUnfinished = db.prepare<[], string>("SELECT id FROM rituals WHERE status IN ('writing', 'voicing')").pluck();
  const insert = db.prepare(
    `INSERT INTO rituals (id, title, intention, minutes, request, status, created_at, updated_at)
     VALUES (@id, @title, @intention, @minutes, @request, 'writing', @at, @at)`,
  );
  const selectSegments = db.prepare<[string], { idx: number; section: number; text: string; pause_sec: number; hash: string | null }>(
    'SELECT idx, section, text, pause_sec, hash FROM ritual_segments WHERE ritual_id = ? ORDER BY idx',
  );
  const deleteSegments = db.prepare<[string]>('DELETE FROM ritual_segments WHERE ritual_id = ?');
  const insertSegment = db.prepare(
    'INSERT INTO ritual_segments (ritual_id, idx, section, text, pause_sec, hash) VALUES (@id, @idx, @section, @text, @pauseSec, @hash)',
  );
  const updateHash = db.prepare('UPDATE ritual_segments SET hash = ? WHERE ritual_id = ? AND idx = ?');
  const hashesOf = db.prepare<[string], string>('SELECT DISTINCT hash FROM ritual_segments WHERE ritual_id = ? AND hash IS NOT NULL').pluck();
  // A voiced line may be shared with other rituals, stories and dubs: the cache knows who uses it.
  const cache = createSegmentCacheRepo(db);
  const deleteRow = db.prepare<[string]>('DELETE FROM rituals WHERE id = ?');

  const notFound = (id: string) => new KoruError('NOT_FOUND', `No ritual with id ${id}.`, { id });
  const tx = <T>(id: string, fn: () => T): T => {
    try {
      return db.transaction(fn).immediate();
    } catch (err) {
      if (err instanceof KoruError) throw err;
      throw new KoruError('STORAGE', `Could not write ritual ${id}: ${(err as Error).message}`, { id });
    }
  };

  function applyPatch(id: string, patch: RitualPatch): Ritual {
    const row = selectOne.get(id);
    if (!row) throw notFound(id);
    const sets: string[] = ['updated_at = @updatedAt'];
    const p: Record<string, unknown> = { id, updatedAt: stamp() };
    const put = (col: string, value: unknown) => {
      sets.push(`${col} = @${col}`);
      p[col] = value;
    };
    if (patch.title !== undefined) put('title', patch.title);
    if (patch.script !== undefined) {
      const script = patch.script === null ? null : RitualScript.parse(patch.script);
      put('script', script === null ? null : JSON.stringify(script));
      put('script_text', scriptText(script));
    }
    if (patch.status !== undefined) put('status', patch.status);
    if (patch.error !== undefined) put('error', patch.error);
    if (patch.segmentsDone !== undefined) put('segments_done', patch.segmentsDone);
    if (patch.segmentsTotal !== undefined) put('segments_total', patch.segmentsTotal);
    if (patch.speech !== undefined) put('speech', patch.speech === null ? null : JSON.stringify(patch.speech));
    if (patch.durationSec !== undefined) put('duration_sec', patch.durationSec);
    db.prepare(`UPDATE rituals SET ${sets.join(', ')} WHERE id = @id`).run(p);
    return rowToRitual(selectOne.get(id) as Row);
  }

  return {
    create(request, title) {
      const req = RitualRequest.parse(request);
      const id = checkId(newId());
      const at = stamp();
      tx(id, () =>
        insert.run({ id, title: title ?? req.intention.slice(0, 120), intention: req.intention, minutes: req.minutes, request: JSON.stringify(req), at }),
      );
      return rowToRitual(selectOne.get(id) as Row);
    },

    get(id) {
      const row = selectOne.get(checkId(id));
      if (!row) throw notFound(id);
      return rowToRitual(row);
    },

    list(query, limit = -1) {
      const q = query ? ftsQuery(query) : '';
      return (q ? search.all(q, limit) : selectAll.all(limit)) as RitualSummary[];
    },

    unfinished: () => selectUnfinished.all(),

    update: (id, patch) => tx(checkId(id), () => applyPatch(id, patch)),

    setSegments(id, segments, patch = {}) {
      return tx(checkId(id), () => {
        const r = applyPatch(id, { ...patch, segmentsTotal: segments.length });
        deleteSegments.run(id);
        for (const s of segments) insertSegment.run({ id, ...s });
        return r;
      });
    },

    segments(id) {
      return selectSegments.all(checkId(id)).map((s) => ({ idx: s.idx, section: s.section, text: s.text, pauseSec: s.pause_sec, hash: s.hash }));
    },

    setSegmentHash(id, idx, hash) {
      tx(id, () => {
        if (updateHash.run(hash, id, idx).changes !== 1) throw notFound(`${id}#${idx}`);
      });
    },

    delete(id) {
      return tx(checkId(id), () => {
        const hashes = hashesOf.all(id);
        if (deleteRow.run(id).changes !== 1) throw notFound(id);
        return cache.release(hashes);
      });
    },
  };
}
