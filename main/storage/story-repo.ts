/** Stories, their narration segments, the LLM reply cache and measured voice paces (migration 007). */
import { randomUUID } from 'node:crypto';
import { KoruError } from '../../contract/errors';
import { Id } from '../../contract/session';
import { Story, StoryRequest, StoryScript, type StorySpeaker, type StorySummary } from '../../contract/stories';
import { ftsQuery } from './ritual-repo';
import type { Db } from './migrations/types';
import { createSegmentCacheRepo } from './segment-cache-repo';

/** One narrated chunk of a story: part of one line of one chapter, said by one speaker. */
export interface StorySegment {
  idx: number;
  chapter: number;
  line: number;
  speaker: StorySpeaker;
  text: string;
  pauseSec: number;
  /** segment_cache hash once voiced. */
  hash: string | null;
}

export type StoryPatch = Partial<
  Pick<Story, 'title' | 'status' | 'progress' | 'message' | 'error' | 'problem' | 'repo' | 'intent' | 'script' | 'writer' | 'speakers' | 'chapters' | 'transcript' | 'durationSec' | 'jobId'>
> & { segmentsDone?: number };

export interface StoryRepo {
  create(request: StoryRequest, sourceLabel: string): Story;
  get(id: string): Story;
  list(query?: string, limit?: number): StorySummary[];
  /** Stories a dead process left in a working state. */
  unfinished(): string[];
  update(id: string, patch: StoryPatch): Story;
  /** A new script's segments (replacing the old), in one transaction with `patch`. */
  setSegments(id: string, segments: StorySegment[], patch?: StoryPatch): Story;
  segments(id: string): StorySegment[];
  setSegmentHash(id: string, idx: number, hash: string): void;
  /** Deletes the story; returns cache files no ritual or story uses any more (their rows gone). */
  delete(id: string): string[];
  cachedReply(hash: string): string | null;
  cacheReply(hash: string, provider: string, model: string, reply: string): void;
  /** Words per minute measured for a provider's voice, or null. */
  pace(provider: string, voice: string): number | null;
  addPace(provider: string, voice: string, words: number, seconds: number): void;
}

interface Row {
  id: string;
  title: string;
  request: string;
  status: string;
  progress: number;
  message: string;
  error: string | null;
  problem: string | null;
  repo: string | null;
  intent: string | null;
  script: string | null;
  writer: string | null;
  speakers: string;
  segments_done: number;
  segments_total: number;
  chapters: string;
  transcript: string;
  duration_sec: number;
  job_id: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS =
  'id, title, request, status, progress, message, error, problem, repo, intent, script, writer, speakers, segments_done, segments_total, chapters, transcript, duration_sec, job_id, created_at, updated_at';
const SUMMARY =
  's.id, s.title, s.status, s.progress, s.duration_sec AS durationSec, s.created_at AS createdAt, s.updated_at AS updatedAt, s.error, s.style, s.minutes, s.source_label AS source';

export function storyScriptText(script: StoryScript | null): string {
  return script ? [script.summary, ...script.chapters.flatMap((c) => [c.title, ...c.lines.map((l) => l.text)])].join('\n') : '';
}

function checkId(id: string): string {
  if (!Id.safeParse(id).success) throw new KoruError('BAD_INPUT', `Invalid story id ${JSON.stringify(id)}.`);
  return id;
}

const parse = (text: string | null) => (text === null ? null : (JSON.parse(text) as unknown));

function rowToStory(row: Row): Story {
  try {
    return Story.parse({
      id: row.id,
      title: row.title,
      request: JSON.parse(row.request),
      status: row.status,
      progress: row.progress,
      message: row.message,
      error: row.error,
      problem: row.problem,
      repo: parse(row.repo),
      intent: parse(row.intent),
      script: parse(row.script),
      writer: row.writer,
      speakers: JSON.parse(row.speakers),
      segments: { done: row.segments_done, total: row.segments_total },
      chapters: JSON.parse(row.chapters),
      transcript: JSON.parse(row.transcript),
      durationSec: row.duration_sec,
      jobId: row.job_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  } catch (err) {
    throw new KoruError('STORAGE', `Stored story ${row.id} is unreadable: ${(err as Error).message}`, { id: row.id });
  }
}

const JSON_COLUMNS = { repo: 'repo', intent: 'intent', speakers: 'speakers', chapters: 'chapters', transcript: 'transcript' } as const;
const PLAIN_COLUMNS = { title: 'title', status: 'status', progress: 'progress', message: 'message', error: 'error', problem: 'problem', writer: 'writer', durationSec: 'duration_sec', jobId: 'job_id', segmentsDone: 'segments_done' } as const;

export function createStoryRepo(db: Db, opts: { now?: () => Date; newId?: () => string } = {}): StoryRepo {
  const now = opts.now ?? (() => new Date());
  const newId = opts.newId ?? randomUUID;
  let lastStamp = 0;
  const stamp = (): string => {
    lastStamp = Math.max(now().getTime(), lastStamp + 1);
    return new Date(lastStamp).toISOString();
  };
  const selectOne = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM stories WHERE id = ?`);
  const selectAll = db.prepare(`SELECT ${SUMMARY} FROM stories s ORDER BY s.created_at DESC, s.rowid DESC LIMIT ?`);
  const search = db.prepare(`SELECT ${SUMMARY} FROM stories_fts f JOIN stories s ON s.rowid = f.rowid WHERE stories_fts MATCH ? ORDER BY s.created_at DESC, s.rowid DESC LIMIT ?`);
  const selectUnfinished = db.prepare<[], string>("SELECT id FROM stories WHERE status IN ('pending', 'analyzing', 'generating', 'synthesizing')").pluck();
  const insert = db.prepare(
    `INSERT INTO stories (id, title, source_label, style, minutes, request, status, created_at, updated_at)
     VALUES (@id, @title, @source, @style, @minutes, @request, 'pending', @at, @at)`,
  );
  const selectSegments = db.prepare<[string], { idx: number; chapter: number; line: number; speaker: StorySpeaker; text: string; pause_sec: number; hash: string | null }>(
    'SELECT idx, chapter, line, speaker, text, pause_sec, hash FROM story_segments WHERE story_id = ? ORDER BY idx',
  );
  const deleteSegments = db.prepare<[string]>('DELETE FROM story_segments WHERE story_id = ?');
  const insertSegment = db.prepare(
    'INSERT INTO story_segments (story_id, idx, chapter, line, speaker, text, pause_sec, hash) VALUES (@id, @idx, @chapter, @line, @speaker, @text, @pauseSec, @hash)',
  );
  const updateHash = db.prepare('UPDATE story_segments SET hash = ? WHERE story_id = ? AND idx = ?');
  const hashesOf = db.prepare<[string], string>('SELECT DISTINCT hash FROM story_segments WHERE story_id = ? AND hash IS NOT NULL').pluck();
  // A voiced line may be shared with other rituals, stories and dubs: the cache knows who uses it.
  const cache = createSegmentCacheRepo(db);
  const deleteRow = db.prepare<[string]>('DELETE FROM stories WHERE id = ?');
  const getReply = db.prepare<[string], string>('SELECT reply FROM story_text_cache WHERE hash = ?').pluck();
  const putReply = db.prepare('INSERT OR REPLACE INTO story_text_cache (hash, provider, model, reply, created_at) VALUES (?, ?, ?, ?, ?)');
  const getPace = db.prepare<[string, string], { words: number; seconds: number }>('SELECT words, seconds FROM story_voice_pace WHERE provider = ? AND voice = ?');
  const putPace = db.prepare(
    `INSERT INTO story_voice_pace (provider, voice, words, seconds, updated_at) VALUES (@provider, @voice, @words, @seconds, @at)
     ON CONFLICT (provider, voice) DO UPDATE SET words = words + @words, seconds = seconds + @seconds, updated_at = @at`,
  );

  const notFound = (id: string) => new KoruError('NOT_FOUND', `No story with id ${id}.`, { id });
  const tx = <T>(id: string, fn: () => T): T => {
    try {
      return db.transaction(fn).immediate();
    } catch (err) {
      if (err instanceof KoruError) throw err;
      throw new KoruError('STORAGE', `Could not write story ${id}: ${(err as Error).message}`, { id });
    }
  };

  function applyPatch(id: string, patch: StoryPatch): Story {
    if (!selectOne.get(id)) throw notFound(id);
    const sets: string[] = ['updated_at = @updatedAt'];
    const p: Record<string, unknown> = { id, updatedAt: stamp() };
    const put = (col: string, value: unknown) => {
      sets.push(`${col} = @${col}`);
      p[col] = value;
    };
    for (const [k, col] of Object.entries(PLAIN_COLUMNS)) {
      const v = patch[k as keyof typeof PLAIN_COLUMNS];
      if (v !== undefined) put(col, v);
    }
    for (const [k, col] of Object.entries(JSON_COLUMNS)) {
      const v = patch[k as keyof typeof JSON_COLUMNS];
      if (v !== undefined) put(col, v === null ? null : JSON.stringify(v));
    }
    if (patch.script !== undefined) {
      const script = patch.script === null ? null : StoryScript.parse(patch.script);
      put('script', script === null ? null : JSON.stringify(script));
      put('script_text', storyScriptText(script));
    }
    db.prepare(`UPDATE stories SET ${sets.join(', ')} WHERE id = @id`).run(p);
    return rowToStory(selectOne.get(id) as Row);
  }

  return {
    create(request, sourceLabel) {
      const req = StoryRequest.parse(request);
      const id = checkId(newId());
      const at = stamp();
      const title = sourceLabel.split(/[\\/]/).filter(Boolean).pop() ?? sourceLabel;
      tx(id, () => insert.run({ id, title: title.slice(0, 120) || 'Story', source: sourceLabel, style: req.style, minutes: req.minutes, request: JSON.stringify(req), at }));
      return rowToStory(selectOne.get(id) as Row);
    },
    get(id) {
      const row = selectOne.get(checkId(id));
      if (!row) throw notFound(id);
      return rowToStory(row);
    },
    list(query, limit = -1) {
      const q = query ? ftsQuery(query) : '';
      return (q ? search.all(q, limit) : selectAll.all(limit)) as StorySummary[];
    },
    unfinished: () => selectUnfinished.all(),
    update: (id, patch) => tx(checkId(id), () => applyPatch(id, patch)),
    setSegments(id, segments, patch = {}) {
      return tx(checkId(id), () => {
        applyPatch(id, patch);
        db.prepare('UPDATE stories SET segments_total = ? WHERE id = ?').run(segments.length, id);
        deleteSegments.run(id);
        for (const s of segments) insertSegment.run({ id, ...s });
        return rowToStory(selectOne.get(id) as Row);
      });
    },
    segments(id) {
      return selectSegments.all(checkId(id)).map((s) => ({ idx: s.idx, chapter: s.chapter, line: s.line, speaker: s.speaker, text: s.text, pauseSec: s.pause_sec, hash: s.hash }));
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
    cachedReply: (hash) => getReply.get(hash) ?? null,
    cacheReply: (hash, provider, model, reply) => void putReply.run(hash, provider, model, reply, stamp()),
    pace(provider, voice) {
      const r = getPace.get(provider, voice);
      return r ? (r.words / r.seconds) * 60 : null;
    },
    addPace: (provider, voice, words, seconds) => void putPace.run({ provider, voice, words, seconds, at: stamp() }),
  };
}
