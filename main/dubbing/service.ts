/** The dubbing studio as a service: create (the job starts at once), read with per-step
 *  progress, edit one line or the mix options (only what changes runs again), resume, cancel,
 *  delete, A/B playback through the session player, and export through the export pipeline
 *  plus the subtitle and transcript files beside it. */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { DUB_STEPS, DubRequest, type Dub, type DubExport, type DubOptionsPatch, type DubRequestInput, type DubStep, type DubSummary, type DubTrack } from '../../contract/dubbing';
import { KoruError } from '../../contract/errors';
import type { ExportFormat, ExportedAudio } from '../../contract/exports';
import type { FileInfo } from '../../contract/files';
import { formatIssues } from '../../contract/issues';
import type { Job } from '../../contract/jobs';
import type { ProviderSettings } from '../../contract/providers';
import type { PlaybackStatus, Session } from '../../contract/session';
import type { Settings } from '../../contract/settings';
import type { DubSpec } from '../audio';
import { createExportService, exportPath, type ExportService } from '../export';
import { createJobRunner, type JobRunner } from '../jobs';
import type { Log } from '../log';
import type { Player } from '../playback';
import { defaultProviderSettings } from '../providers';
import { createSegmentCache } from '../rituals';
import { presets } from '../sessions';
import { createDubRepo, createJobRepo, createSegmentCacheRepo, writeFileAtomic, type Db, type DubRow, type FileStore, type StoredDubSegment } from '../storage';
import type { Decoded } from './decode';
import { decodeHere, DUB_JOB, dubJobKind, isVoiceReplacement, segmentId, sourceFile, sourceLanguageOf, STEP_WEIGHTS, type DubJobInput, type DubProviders } from './jobs';
import { languageName } from './language';
import { buildSubtitles, type Cue } from './subtitles';

export interface DubFiles {
  pathOf(fileId: string, kinds: readonly ('audio' | 'subtitles')[]): string;
  info(fileId: string): FileInfo;
  readText(fileId: string, kind: 'subtitles'): string;
  exported<T extends { path: string; bytes: number }>(result: T): T & { fileId: string };
}

export interface DubbingServiceDeps {
  db: Db;
  files: FileStore;
  /** Files by reference (uploads, dialog choices) and registering exports. */
  registry: DubFiles;
  providers: DubProviders;
  player?: Player;
  emit: (event: 'dubbing.updated', payload: { id: string; dub: DubSummary | null }) => unknown;
  log: Log;
  getSettings: () => Settings;
  getProviderSettings?: () => ProviderSettings;
  exportDir: string;
  exporter?: Pick<ExportService, 'run'>;
  jobs?: JobRunner;
  /** Decoding: the app's runs on a worker thread; default in this thread. */
  decode?: (job: { input: string; output: string; name: string }, signal: AbortSignal, onProgress: (f: number) => void) => Promise<Decoded>;
  concurrency?: number;
}

export interface DubExportOptions {
  /** The dubbed audio's path (default: the export folder). Text files go beside it. */
  path?: string;
  exportId?: string;
  onProgress?: (fraction: number) => void;
  /** Which text files to write, by where (CLI: only those asked for). Default: all, beside the audio. */
  texts?: Partial<Record<'sourceSrt' | 'sourceVtt' | 'targetSrt' | 'targetVtt' | 'transcript' | 'json', string>>;
}

export function createDubbingService(deps: DubbingServiceDeps) {
  const repo = createDubRepo(deps.db);
  const cache = createSegmentCache(createSegmentCacheRepo(deps.db), deps.files);
  const providerSettings = deps.getProviderSettings ?? defaultProviderSettings;
  const jobs = deps.jobs ?? createJobRunner({ repo: createJobRepo(deps.db), emit: () => undefined, log: deps.log });
  const exporter = deps.exporter ?? createExportService({ inThread: true });
  const summary = (d: DubRow): DubSummary => ({ id: d.id, title: d.title, status: d.status, to: d.request.to, durationSec: d.source?.durationSec ?? null, createdAt: d.createdAt, updatedAt: d.updatedAt });
  const changed = (id: string) => {
    try {
      deps.emit('dubbing.updated', { id, dub: summary(repo.get(id)) });
    } catch (err) {
      deps.log('warn', 'dubbing: an update could not be announced', err);
    }
  };
  jobs.register(
    dubJobKind({
      repo,
      files: deps.files,
      cache,
      providers: deps.providers,
      getProviderSettings: providerSettings,
      input: {
        pathOf: (fileId) => deps.registry.pathOf(fileId, ['audio']),
        nameOf: (fileId) => deps.registry.info(fileId).name,
        readSubtitles: (fileId) => deps.registry.readText(fileId, 'subtitles'),
      },
      decode: deps.decode ?? decodeHere,
      changed,
      ...(deps.concurrency === undefined ? {} : { concurrency: deps.concurrency }),
    }),
  );
  const activeJob = (id: string) => jobs.activeFor(DUB_JOB, id);
  const lastJob = (id: string): Job | undefined => jobs.list({ kind: DUB_JOB, subject: id, limit: 1 })[0];

  /** The running job, else the last unfinished one resumed, else a new one. */
  function run(id: string): void {
    if (activeJob(id)) return;
    const last = lastJob(id);
    repo.update(id, { status: 'working', error: null });
    if (last && last.status !== 'done') jobs.resume(last.id);
    else jobs.start<DubJobInput>(DUB_JOB, id, { dubId: id });
    changed(id);
  }

  function guardIdle(id: string, what: string): DubRow {
    const d = repo.get(id);
    if (activeJob(id)) throw new KoruError('CONFLICT', `"${d.title}" is still being worked on; wait for it (or cancel it) before you ${what}.`);
    return d;
  }

  function steps(d: DubRow): DubStep[] {
    const job = lastJob(d.id);
    const total = DUB_STEPS.reduce((s, n) => s + STEP_WEIGHTS[n], 0);
    let before = 0;
    return DUB_STEPS.map((name) => {
      const w = STEP_WEIGHTS[name];
      const from = before;
      before += w;
      if (!job) return { name, state: 'pending', fraction: 0 };
      const at = job.step ? DUB_STEPS.indexOf(job.step as never) : -1;
      const mine = DUB_STEPS.indexOf(name);
      if (job.status === 'done' || (at >= 0 && mine < at)) return { name, state: 'done', fraction: 1 };
      if (mine === at) {
        const fraction = Math.max(0, Math.min(1, (job.progress * total - from) / w));
        const state = job.status === 'running' ? 'running' : job.status === 'cancelled' ? 'cancelled' : 'failed';
        return { name, state, fraction };
      }
      return { name, state: 'pending', fraction: 0 };
    });
  }

  function toDub(d: DubRow): Dub {
    const segs = repo.segments(d.id);
    return {
      ...summary(d),
      request: d.request,
      error: d.error,
      source: d.source,
      sourceLanguage: sourceLanguageOf(d),
      voiceReplacement: isVoiceReplacement(d),
      steps: steps(d),
      segments: segs.map((s) => ({
        id: segmentId(s.idx),
        sourceStart: s.sourceStart,
        sourceEnd: s.sourceEnd,
        sourceText: s.sourceText,
        targetText: s.targetText,
        speaker: s.speaker,
        // The row, not the cache: a stat and a query per line made every read of a long dub slow
        // (the page reads it twice a second while it works); a lost cache file is voiced again on resume.
        voiced: s.speechHash !== null,
        dubStart: s.fit?.dubStart ?? null,
        dubEnd: s.fit?.dubEnd ?? null,
        stretch: s.fit?.stretch ?? null,
        overLimit: s.fit?.overLimit ?? false,
      })),
      peaks: d.peaks ?? [],
    };
  }

  function parse(input: DubRequestInput): DubRequest {
    const r = DubRequest.safeParse(input);
    if (!r.success) {
      const { message, details } = formatIssues(r.error);
      throw new KoruError('BAD_INPUT', `Invalid dub request: ${message}`, details);
    }
    return r.data;
  }

  function spec(d: DubRow, track: DubTrack): DubSpec {
    if (!d.source) throw new KoruError('CONFLICT', `"${d.title}" has not been decoded yet.`);
    const segs = repo.segments(d.id);
    const lines = track === 'dub' ? segs.filter((s) => s.fit && deps.files.exists(s.fit.path)).map((s) => ({ path: deps.files.resolve(s.fit!.path), sampleRate: s.fit!.sampleRate, samples: s.fit!.samples, startSec: s.fit!.dubStart })) : [];
    if (track === 'dub' && lines.length === 0) throw new KoruError('CONFLICT', `"${d.title}" has no dubbed lines yet; wait until it is mixed.`);
    const s = d.source;
    return { kind: 'dub', source: { path: deps.files.resolve(sourceFile(d.id)), sampleRate: s.sampleRate, channels: s.channels, frames: s.frames }, lines, track, mix: d.request.mix, duckDb: d.request.duckDb };
  }

  function asSession(d: DubRow): Session {
    const program = presets[0]?.draft.program;
    if (!program) throw new KoruError('INTERNAL', 'No session presets are installed.');
    return { id: d.id, name: d.title, intention: '', tags: ['dub'], program, durationSec: d.source?.durationSec ?? 0, volume: 1, createdAt: d.createdAt, updatedAt: d.updatedAt };
  }

  return {
    create(input: DubRequestInput): Dub {
      const req = parse(input);
      const info = deps.registry.info(req.fileId);
      deps.registry.pathOf(req.fileId, ['audio']);
      if (req.transcriptFileId) deps.registry.pathOf(req.transcriptFileId, ['subtitles']);
      const title = req.title ?? `${info.name.replace(/\.[^.]+$/, '')} → ${languageName(req.to)}`.slice(0, 120);
      const d = repo.create(req, title);
      jobs.start<DubJobInput>(DUB_JOB, d.id, { dubId: d.id });
      changed(d.id);
      return toDub(repo.get(d.id));
    },

    list: (): DubSummary[] => repo.list(),
    get: (id: string): Dub => toDub(repo.get(id)),

    /** The running job's outcome (tests, CLI); undefined when none runs. */
    whenDone(id: string): Promise<Dub> | undefined {
      const job = activeJob(id);
      return job ? jobs.whenDone(job.id)?.then(() => toDub(repo.get(id))) : undefined;
    },

    updateSegment(id: string, segmentId: string, patch: { sourceText?: string; targetText?: string }): Dub {
      const d = guardIdle(id, 'edit a line');
      const idx = Number(segmentId.slice(1)) - 1;
      const s = repo.segments(id).find((x) => x.idx === idx);
      if (!s) throw new KoruError('NOT_FOUND', `"${d.title}" has no line ${segmentId}.`);
      const sourceChanged = patch.sourceText !== undefined && patch.sourceText !== s.sourceText;
      const targetChanged = patch.targetText !== undefined && patch.targetText !== s.targetText;
      if (!sourceChanged && !targetChanged) return toDub(d);
      // A new source line is translated again (unless a new target came with it); either way
      // only this line loses its voice and fit.
      const target = targetChanged ? patch.targetText! : sourceChanged ? (isVoiceReplacement(d) ? patch.sourceText! : null) : s.targetText;
      repo.updateSegment(id, idx, { ...(sourceChanged ? { sourceText: patch.sourceText! } : {}), targetText: target, speechHash: null, fit: null });
      startFresh(id);
      return toDub(repo.get(id));
    },

    updateOptions(id: string, patch: DubOptionsPatch): Dub {
      const d = guardIdle(id, 'change the mix');
      const request = { ...d.request, ...patch };
      repo.update(id, { request });
      // Stretch decides the fits; ducking and mix apply when rendering.
      if (patch.maxStretch !== undefined && patch.maxStretch !== d.request.maxStretch) {
        repo.clearFits(id);
        startFresh(id);
      } else changed(id);
      return toDub(repo.get(id));
    },

    resume(id: string): Dub {
      const d = repo.get(id);
      if (d.status !== 'ready') run(id);
      return toDub(repo.get(id));
    },

    async cancel(id: string) {
      const job = activeJob(id);
      if (!job) repo.get(id);
      else await jobs.cancel(job.id);
      return { ok: true as const };
    },

    async delete(id: string) {
      const job = activeJob(id);
      if (job) await jobs.cancel(job.id);
      if (deps.player?.status().sessionId === id) await deps.player.stop();
      cache.removeFiles(repo.delete(id));
      jobs.forget(DUB_JOB, id);
      rmSync(deps.files.resolve(`dubbing/${id}`), { recursive: true, force: true });
      deps.emit('dubbing.updated', { id, dub: null });
      return { ok: true as const };
    },

    async play(id: string, track: DubTrack, atSec?: number): Promise<PlaybackStatus> {
      if (!deps.player) throw new KoruError('NO_DEVICE', 'No audio player is available here.');
      const d = repo.get(id);
      const status = await deps.player.start(asSession(d), { spec: spec(d, track) });
      return atSec ? deps.player.seek(Math.min(atSec, d.source!.durationSec)) : status;
    },

    /** The dubbed audio through the export pipeline (exactly the source's length, at its rate),
     *  then SRT and VTT in both languages, the bilingual transcript and segments.json beside it. */
    async export(id: string, format: ExportFormat, opts: DubExportOptions = {}): Promise<{ audio: ExportedAudio; texts: string[] }> {
      const d = guardIdle(id, 'export it');
      if (d.status !== 'ready') throw new KoruError('CONFLICT', `"${d.title}" is ${d.status}; only a finished dub can be exported.`);
      mkdirSync(deps.exportDir, { recursive: true });
      const path = opts.path ?? exportPath(deps.exportDir, d.title, id, format, 'dub');
      const audio = await exporter.run(
        { spec: spec(d, 'dub'), volume: 1, maxVolume: deps.getSettings().maxVolume, sampleRate: d.source!.sampleRate, format, path, title: d.title },
        { ...(opts.exportId ? { id: opts.exportId } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) },
      );
      const segs = repo.segments(id);
      const base = path.replace(/\.[^.]+$/, '');
      const targets = opts.texts ?? {
        sourceSrt: `${base}.source.srt`,
        sourceVtt: `${base}.source.vtt`,
        targetSrt: `${base}.${safeLang(d.request.to)}.srt`,
        targetVtt: `${base}.${safeLang(d.request.to)}.vtt`,
        transcript: `${base}.transcript.txt`,
        json: `${base}.segments.json`,
      };
      const texts: string[] = [];
      for (const [what, file] of Object.entries(targets) as Array<[keyof NonNullable<DubExportOptions['texts']>, string]>) {
        writeFileAtomic(file, textFile(what, d, segs));
        texts.push(file);
      }
      return { audio, texts };
    },

    /** For the channel: exports registered so the page can download or reveal them. */
    async exportForPage(id: string, format: ExportFormat, exportId?: string): Promise<DubExport> {
      const { audio, texts } = await this.export(id, format, exportId ? { exportId } : {});
      const registered = deps.registry.exported(audio);
      const files = texts.map((path) => {
        const r = deps.registry.exported({ path, bytes: statSync(path).size });
        return { fileId: r.fileId, name: path.split(/[\\/]/).pop()!, kind: 'export' as const, bytes: r.bytes };
      });
      return { audio: registered, files };
    },

    /** Dubs a dead process left 'working' are marked failed so they can be resumed. */
    recoverInterrupted(): number {
      let n = 0;
      for (const id of repo.unfinished()) {
        if (!activeJob(id)) {
          repo.update(id, { status: 'failed', error: 'Interrupted when Koru closed — press Resume to finish it.' });
          n++;
        }
      }
      return n;
    },

    async close() {
      if (!deps.jobs) await jobs.close();
    },
  };

  /** A new job (the last one finished): each step finds what is missing and does only that. */
  function startFresh(id: string): void {
    repo.update(id, { status: 'working', error: null });
    jobs.start<DubJobInput>(DUB_JOB, id, { dubId: id });
    changed(id);
  }
}

export type DubbingService = ReturnType<typeof createDubbingService>;

const safeLang = (l: string) => l.replace(/[^\p{L}\p{N}-]+/gu, '').slice(0, 20) || 'target';

function textFile(what: string, d: DubRow, segs: readonly StoredDubSegment[]): string {
  const cues = (pick: (s: StoredDubSegment) => string, dubbed: boolean): Cue[] =>
    segs.map((s) => ({ start: dubbed && s.fit ? s.fit.dubStart : s.sourceStart, end: dubbed && s.fit ? Math.max(s.fit.dubEnd, s.sourceStart + 0.5) : s.sourceEnd, text: pick(s) }));
  const target = (s: StoredDubSegment) => s.targetText ?? s.sourceText;
  switch (what) {
    case 'sourceSrt':
      return buildSubtitles(cues((s) => s.sourceText, false), 'srt');
    case 'sourceVtt':
      return buildSubtitles(cues((s) => s.sourceText, false), 'vtt');
    case 'targetSrt':
      return buildSubtitles(noOverlap(cues(target, true)), 'srt');
    case 'targetVtt':
      return buildSubtitles(noOverlap(cues(target, true)), 'vtt');
    case 'transcript': {
      const from = sourceLanguageOf(d);
      const head = `${d.title}\n${from ? languageName(from) : 'Source'} → ${languageName(d.request.to)}\n\n`;
      return head + segs.map((s) => `[${stamp(s.sourceStart)}] ${segmentId(s.idx)}${s.speaker ? ` (${s.speaker})` : ''}\n${s.sourceText}\n${target(s)}\n`).join('\n');
    }
    default:
      return `${JSON.stringify(
        {
          segments: segs.map((s) => ({
            id: segmentId(s.idx),
            sourceStart: round(s.sourceStart),
            sourceEnd: round(s.sourceEnd),
            dubStart: s.fit ? round(s.fit.dubStart) : null,
            dubEnd: s.fit ? round(s.fit.dubEnd) : null,
            stretch: s.fit ? round(s.fit.stretch) : null,
            sourceText: s.sourceText,
            targetText: target(s),
          })),
        },
        null,
        1,
      )}\n`;
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const stamp = (sec: number) => `${String(Math.floor(sec / 60)).padStart(2, '0')}:${(sec % 60).toFixed(1).padStart(4, '0')}`;

function noOverlap(cues: Cue[]): Cue[] {
  return cues.map((c, i) => ({ ...c, end: Math.min(c.end, cues[i + 1]?.start ?? c.end) }));
}

