/** Code stories as a service: the intent chat, generate (returns at once; the job runs on with
 *  events), cancel, resume, restart, the library (search, delete), the log, play through the
 *  player while later chapters are still voiced, the cover, and export through the one export
 *  pipeline with the chapters JSON, the transcript, the cover and per-chapter files beside it. */
import fs from 'node:fs';
import path from 'node:path';
import { KoruError } from '../../contract/errors';
import type { ExportFormat } from '../../contract/exports';
import { formatIssues } from '../../contract/issues';
import type { Job, JobLogEntry } from '../../contract/jobs';
import type { Program } from '../../contract/program';
import { hasCapability, OFFLINE, type ProviderSettings } from '../../contract/providers';
import type { PlaybackStatus, Preset, Session } from '../../contract/session';
import type { Settings } from '../../contract/settings';
import { STORY_PARTS_FROM_MINUTES, StoryRequest, type Story, type StoryIntent, type StoryRequestInput, type StorySummary } from '../../contract/stories';
import type { NarrationSpec, SegmentRef } from '../audio';
import { createExportService, exportPath, type ExportService, type RenderedFile } from '../export';
import { createJobRunner, type JobRunner } from '../jobs';
import type { Player } from '../playback';
import { defaultProviderSettings, PROVIDER_NAMES } from '../providers';
import { createSegmentCache, createSegmentFeed, type SegmentCache } from '../rituals';
import { presets as builtinPresets } from '../sessions';
import { createJobRepo, createSegmentCacheRepo, createStoryRepo, writeFileAtomic, type Db, type FileStore, type StoryRepo, type StorySegment } from '../storage';
import { analysisThread, type AnalysisThread } from './analysis/thread';
import { createSources, type Sources } from './source/source';
import { drawCover } from './output/cover';
import { markdownTranscript, podcastChapters } from './output/files';
import { STORY_JOB, storyJobKind, summaryOf, writerFor, type StoryJobInput } from './pipeline/job';
import { readIntentLlm, readIntentOffline } from './pipeline/intent';
import { defaultWpm } from './pipeline/plan';
import { storyTiming, type StoryTiming } from './pipeline/timing';
import type { Log, StoryEmit, StoryProviders } from './types';

export interface StoryServiceDeps {
  db: Db;
  files: FileStore;
  providers: StoryProviders;
  player?: Player;
  emit: StoryEmit;
  log: Log;
  getSettings: () => Settings;
  getProviderSettings?: () => ProviderSettings;
  exportDir: string;
  /** `<data>/stories/sources`: fetched repositories, by URL and commit. */
  sourcesDir: string;
  mixFolder?: string;
  exporter?: Pick<ExportService, 'run'>;
  presets?: Preset[];
  jobs?: JobRunner;
  concurrency?: number;
  /** Tests lower the download cap. */
  maxSourceBytes?: number;
  /** Where files are read and counted (default: the process's analysis thread). */
  thread?: AnalysisThread;
}

export interface StoryExportOptions {
  path?: string;
  exportId?: string;
  onProgress?: (fraction: number) => void;
  /** Where to put the companions (default: beside the audio, same name). */
  chaptersPath?: string | null;
  transcriptPath?: string | null;
  coverPath?: string | null;
  /** One file per chapter (default: stories of STORY_PARTS_FROM_MINUTES minutes or more). */
  parts?: boolean;
}

export interface StoryExport extends RenderedFile {
  exportId?: string;
  files: Array<{ kind: 'chapters' | 'transcript' | 'cover' | 'part'; title: string; path: string; bytes: number }>;
}

/** Narration level in the player and exports (the master applies the user's cap on top). */
const STORY_VOLUME = 0.85;
/** LAME's encoder delay (576) and mpg123's decoder delay (529): where a sample written at frame 0
 *  is heard in the decoded MP3. Chapter marks and the transcript of an MP3 are shifted by it. */
export const MP3_DELAY_FRAMES = 1105;

export function createStoryService(deps: StoryServiceDeps) {
  const repo: StoryRepo = createStoryRepo(deps.db);
  const cache: SegmentCache = createSegmentCache(createSegmentCacheRepo(deps.db), deps.files);
  const presets = deps.presets ?? builtinPresets;
  const providerSettings = deps.getProviderSettings ?? defaultProviderSettings;
  const feed = createSegmentFeed();
  const thread = deps.thread ?? analysisThread();
  const jobs = deps.jobs ?? createJobRunner({ repo: createJobRepo(deps.db), emit: () => undefined, log: deps.log });
  const sources: Sources = createSources({
    cacheDir: deps.sourcesDir,
    ...(deps.providers.github ? { github: () => deps.providers.github!() } : {}),
    log: (level, m, d) => deps.log(level, m, d),
    ...(deps.maxSourceBytes ? { maxBytes: deps.maxSourceBytes } : {}),
  });
  jobs.register(
    storyJobKind({
      repo,
      cache,
      providers: deps.providers,
      sources,
      thread,
      getProviderSettings: providerSettings,
      sampleRate: () => deps.getSettings().sampleRate,
      emit: deps.emit,
      log: deps.log,
      ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
      onSegment: feed.voiced,
    }),
  );
  const exporter = deps.exporter ?? createExportService({ inThread: true });
  const activeJob = (id: string) => jobs.activeFor(STORY_JOB, id);

  function parse(input: StoryRequestInput): StoryRequest {
    const r = StoryRequest.safeParse(input);
    if (!r.success) {
      const { message, details } = formatIssues(r.error);
      throw new KoruError('BAD_INPUT', `Invalid story request: ${message}`, details);
    }
    return r.data;
  }

  function bedProgram(bed: string): Program | null {
    if (bed === 'none') return null;
    const preset = presets.find((p) => p.id === bed);
    if (!preset) throw new KoruError('BAD_INPUT', `Unknown tone bed "${bed}": choose one of ${presets.map((p) => p.id).join(', ')} or "none".`);
    return preset.draft.program;
  }

  function checkProviders(req: StoryRequest): void {
    for (const [what, id] of [['voice', req.provider], ['writer', req.writer]] as const) {
      if (!id || id === OFFLINE) continue;
      if (!hasCapability(id, what === 'voice' ? 'speech' : 'text')) {
        throw new KoruError('BAD_INPUT', `${PROVIDER_NAMES[id]} does not ${what === 'voice' ? 'speak' : 'write'} in Koru.`, { problem: 'bad_provider', provider: id });
      }
      if (!deps.providers.isConfigured(id)) {
        throw new KoruError('BAD_INPUT', `${PROVIDER_NAMES[id]} has no API key for its endpoint — add one in Settings → Providers, or choose another ${what === 'voice' ? 'voice' : 'writer'} (offline works without a key).`, { problem: 'no_key', provider: id });
      }
    }
  }

  function start(id: string, fresh: boolean): Job {
    const running = activeJob(id);
    if (running) return running;
    const last = fresh ? undefined : jobs.list({ kind: STORY_JOB, subject: id, limit: 1 })[0];
    const job = last && last.status !== 'done' ? jobs.resume(last.id) : jobs.start<StoryJobInput>(STORY_JOB, id, { storyId: id });
    repo.update(id, { jobId: job.id });
    return job;
  }

  function whenDone(id: string): Promise<Story> | undefined {
    const job = activeJob(id);
    const done = job ? jobs.whenDone(job.id) : undefined;
    return done?.then(() => repo.get(id));
  }

  const lengthOf = (s: StorySegment) => (s.hash ? cache.info(s.hash) : null);

  function timingOf(story: Story, sampleRate: number, segments = repo.segments(story.id)): StoryTiming {
    const wpm = story.speakers[0] ? (repo.pace(story.speakers[0].provider, story.speakers[0].voice) ?? defaultWpm(story.speakers[0].provider)) : 150;
    return storyTiming(segments, lengthOf, sampleRate, { bed: story.request.bed !== 'none', wpm });
  }

  function narrationSpec(story: Story, timing: StoryTiming, segments: StorySegment[], open: boolean): NarrationSpec {
    const refs: SegmentRef[] = [];
    segments.forEach((s, i) => {
      const ref = s.hash ? cache.ref(s.hash, i) : null;
      if (ref) refs.push(ref);
    });
    return {
      kind: 'narration',
      bed: bedProgram(story.request.bed),
      targetSec: timing.targetSec,
      items: timing.items,
      balance: story.request.bed === 'none' ? 1 : story.request.balance,
      leadInSec: timing.leadInSec,
      segments: refs,
      open,
      ...(deps.mixFolder ? { mixFolder: deps.mixFolder } : {}),
    };
  }

  function asSession(s: Story, durationSec: number): Session {
    const program = bedProgram(s.request.bed) ?? presets[0]?.draft.program;
    if (!program) throw new KoruError('INTERNAL', 'No session presets are installed.');
    return { id: s.id, name: s.title, intention: s.script?.summary ?? s.title, tags: ['story'], program, durationSec, volume: STORY_VOLUME, createdAt: s.createdAt, updatedAt: s.updatedAt };
  }

  function writeCompanion(file: string, data: string | Uint8Array, kind: StoryExport['files'][number]['kind'], title: string): StoryExport['files'][number] {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, data);
    return { kind, title, path: file, bytes: fs.statSync(file).size };
  }

  return {
    /** The chat box: what a message asks for (LLM when a writer is configured, else offline). */
    async intent(message: string, writerId?: StoryRequest['writer']): Promise<StoryIntent> {
      thread.warm(); // a story is coming
      const base = { style: 'documentary' as const, depth: 'intermediate' as const, minutes: 10 };
      const settings = providerSettings();
      const w = writerFor({ writer: writerId }, deps.providers, settings);
      if (w === OFFLINE) return readIntentOffline(message, base);
      try {
        return await readIntentLlm(deps.providers.writer(w), message, base, { signal: AbortSignal.timeout(60_000) });
      } catch (err) {
        deps.log('warn', `stories: ${w} could not read the intent; read offline instead`, { reason: (err as Error).message });
        return readIntentOffline(message, base);
      }
    },

    async generate(input: StoryRequestInput): Promise<{ id: string }> {
      const req = parse(input);
      bedProgram(req.bed);
      checkProviders(req);
      thread.warm();
      const src = req.source;
      const story = repo.create(req, src.kind === 'folder' ? src.path : src.url.replace(/^https?:\/\//, '').replace(/\.git$/, ''));
      deps.emit('story.updated', { id: story.id, story: summaryOf(story) });
      start(story.id, false);
      return { id: story.id };
    },

    resume(id: string): { id: string } {
      const s = repo.get(id);
      if (s.status === 'completed') return { id };
      start(id, false);
      return { id };
    },

    /** From scratch: a new job; the script and timing are made again (cached calls cost nothing). */
    async restart(id: string): Promise<{ id: string }> {
      const job = activeJob(id);
      if (job) await jobs.cancel(job.id);
      const s = repo.setSegments(id, [], { status: 'pending', progress: 0, message: 'Starting again…', error: null, problem: null, script: null, intent: null, chapters: [], transcript: [], durationSec: 0, speakers: [], segmentsDone: 0 });
      deps.emit('story.updated', { id, story: summaryOf(s) });
      start(id, true);
      return { id };
    },

    whenDone,

    async cancel(id: string) {
      const job = activeJob(id);
      if (!job) {
        repo.get(id);
        return { ok: true as const };
      }
      await jobs.cancel(job.id);
      return { ok: true as const };
    },

    /** The library. The Stories page asks for it when it opens: the analysis thread starts then,
     *  so its tokenizer is loaded by the time the user presses Generate. */
    list(query?: string, limit?: number): StorySummary[] {
      thread.warm();
      return repo.list(query, limit);
    },
    get: (id: string): Story => repo.get(id),

    log(id: string, afterSeq = 0): JobLogEntry[] {
      repo.get(id);
      const ids = jobs.list({ kind: STORY_JOB, subject: id, limit: 200 }).map((j) => j.id);
      return ids.flatMap((j) => jobs.logs(j, afterSeq)).sort((a, b) => a.seq - b.seq);
    },

    async delete(id: string) {
      const job = activeJob(id);
      if (job) await jobs.cancel(job.id);
      jobs.forget(STORY_JOB, id);
      if (deps.player?.status().sessionId === id) await deps.player.stop();
      cache.removeFiles(repo.delete(id));
      deps.emit('story.updated', { id, story: null });
      return { ok: true as const };
    },

    async play(id: string): Promise<PlaybackStatus> {
      if (!deps.player) throw new KoruError('NO_DEVICE', 'No audio player is available here.');
      const player = deps.player;
      const s = repo.get(id);
      if (!s.script) throw new KoruError('CONFLICT', `"${s.title}" has no script yet; it can play once its first chapter is being voiced.`);
      const done = whenDone(id);
      const timing = timingOf(s, deps.getSettings().sampleRate);
      const spec = narrationSpec(s, timing, repo.segments(id), done !== undefined);
      if (done) feed.follow(player, id, done);
      return player.start(asSession(s, timing.durationSec), { spec });
    },

    cover(id: string) {
      const s = repo.get(id);
      const png = drawCover({ name: s.title, languages: s.repo?.languages ?? [] });
      return { png: png.toString('base64'), width: 600, height: 600 };
    },

    /** The audio (MP3 with ID3 chapters, or WAV) through the export pipeline, and beside it the
     *  chapters JSON, the transcript, the cover and, for long stories, a file per chapter. */
    async export(id: string, format: ExportFormat, o: StoryExportOptions = {}): Promise<StoryExport> {
      const s = repo.get(id);
      if (s.status !== 'completed') throw new KoruError('CONFLICT', `"${s.title}" is ${s.status}; only a finished story can be exported.`);
      const settings = deps.getSettings();
      const rate = settings.sampleRate;
      const segments = repo.segments(id);
      const timing = timingOf(s, rate, segments);
      const spec = narrationSpec(s, timing, segments, false);
      const titles = s.script?.chapters ?? [];
      const chapters = timing.chapters.map((c) => ({ title: titles[c.chapter]?.title ?? `Chapter ${c.chapter + 1}`, startSec: c.startSec }));
      fs.mkdirSync(deps.exportDir, { recursive: true });
      const target = o.path ?? exportPath(deps.exportDir, s.title, id, format, 'story');
      const base = target.replace(/\.(mp3|wav)$/i, '');
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const run = (job: { spec: NarrationSpec; path: string; title: string; chapters?: typeof chapters }, progress?: (f: number) => void, exportId?: string) =>
        exporter.run(
          { spec: job.spec, volume: STORY_VOLUME, maxVolume: settings.maxVolume, sampleRate: rate, format, path: job.path, title: job.title, ...(job.chapters ? { chapters: job.chapters } : {}) },
          { ...(exportId ? { id: exportId } : {}), ...(progress ? { onProgress: progress } : {}) },
        );
      // An MP3's marks are where its decoder puts the samples (the codec's delay is added).
      const shift = format === 'mp3' ? MP3_DELAY_FRAMES / rate : 0;
      const heard = chapters.map((c) => ({ title: c.title, startSec: c.startSec + shift }));
      const audio = await run({ spec, path: target, title: s.title, chapters: heard }, o.onProgress, o.exportId);
      const files: StoryExport['files'] = [];
      if (o.chaptersPath !== null) files.push(writeCompanion(o.chaptersPath ?? `${base}.chapters.json`, podcastChapters(s.title, heard), 'chapters', 'Chapters'));
      if (o.transcriptPath !== null) files.push(writeCompanion(o.transcriptPath ?? `${base}.md`, markdownTranscript(s, heard, timing.transcript, shift), 'transcript', 'Transcript'));
      if (o.coverPath !== null) files.push(writeCompanion(o.coverPath ?? `${base}.png`, drawCover({ name: s.title, languages: s.repo?.languages ?? [] }), 'cover', 'Cover'));
      const parts = o.parts ?? s.request.minutes >= STORY_PARTS_FROM_MINUTES;
      if (parts) {
        for (const [n, c] of timing.chapters.entries()) {
          const own = segments.filter((seg) => seg.chapter === c.chapter).map((seg, i) => ({ ...seg, idx: i }));
          const t = timingOf(s, rate, own);
          const title = titles[c.chapter]?.title ?? `Chapter ${n + 1}`;
          const part = await run({ spec: narrationSpec(s, t, own, false), path: `${base}-${String(n + 1).padStart(2, '0')}.${format}`, title: `${s.title} — ${title}` });
          files.push({ kind: 'part', title, path: part.path, bytes: part.bytes });
        }
      }
      return { ...audio, files };
    },

    /** Stories a dead process left working are marked failed, so they can be resumed. */
    recoverInterrupted(): number {
      let n = 0;
      for (const id of repo.unfinished()) {
        if (activeJob(id)) continue;
        repo.update(id, { status: 'failed', error: 'Interrupted when Koru closed — press Resume to finish it.', problem: 'interrupted', message: 'Interrupted' });
        n++;
      }
      return n;
    },

    async close() {
      if (!deps.jobs) await jobs.close();
    },
  };
}

export type StoryService = ReturnType<typeof createStoryService>;
