/** Rituals as a service: generate (returns at once; the job runs on with progress events),
 *  cancel, resume, CRUD with full-text search, regenerate one section, play through the session
 *  player (while later segments are still being voiced) and export to WAV/MP3. */
import { mkdirSync } from 'node:fs';
import { KoruError } from '../../contract/errors';
import { formatIssues } from '../../contract/issues';
import type { ExportFormat } from '../../contract/exports';
import type { Program } from '../../contract/program';
import { OFFLINE, voiceOf, type ProviderSettings } from '../../contract/providers';
import { RitualRequest, type Ritual, type RitualRequestInput, type RitualSummary } from '../../contract/rituals';
import type { PlaybackStatus, Preset, Session } from '../../contract/session';
import type { Settings } from '../../contract/settings';
import type { NarrationSpec, SegmentRef } from '../audio';
import { createExportService, exportPath, narrationChapters, type ExportService } from '../export';
import { PROVIDER_NAMES } from '../providers';
import { defaultProviderSettings } from '../providers';
import type { Player } from '../playback';
import { createSegmentFeed } from './segment-feed';
import { presets as builtinPresets } from '../sessions';
import type { FileStore } from '../storage';
import type { Db } from '../storage';
import { createRitualRepo, type RitualRepo } from '../storage';
import { createSegmentCacheRepo } from '../storage';
import { createSegmentCache, type SegmentCache } from './cache';
import { planSegments, RITUAL_JOB, ritualJobKind, speechOrderFor, summary, type RitualJobInput } from './jobs';
import { createJobRunner, type JobRunner } from '../jobs';
import { createJobRepo } from '../storage';
import type { Job } from '../../contract/jobs';

import { rewriteLlmSection } from './llm-writer';
import { estimateSpeechSec, rewriteOfflineSection } from './offline-writer';
import type { Log, RitualEmit, RitualProviders } from './types';

export interface RitualServiceDeps {
  db: Db;
  files: FileStore;
  providers: RitualProviders;
  /** Optional so the CLI can run without a device; play() then refuses. */
  player?: Player;
  emit: RitualEmit;
  log: Log;
  /** App settings: session sample rate and the user's volume cap. */
  getSettings: () => Settings;
  getProviderSettings?: () => ProviderSettings;
  exportDir: string;
  /** Where audio that beds mix in is stored. */
  mixFolder?: string;
  /** The export pipeline (the app's, in a worker); default: one rendering in this thread (CLI). */
  exporter?: Pick<ExportService, 'run'>;
  presets?: Preset[];
  concurrency?: number;
  /** Bed alone before the first words (default 4 s; the first-audio benchmark uses less). */
  leadInSec?: number;
  /** Tests inject a repo with a fixed clock/ids. */
  repo?: RitualRepo;
  /** The app's job runner (shared by every capability); the CLI and tests get one of their own. */
  jobs?: JobRunner;
}

/** Narration level in the session player (the master applies the user's cap on top). */
const RITUAL_VOLUME = 0.8;

export function createRitualService(deps: RitualServiceDeps) {
  const repo = deps.repo ?? createRitualRepo(deps.db);
  const cache: SegmentCache = createSegmentCache(createSegmentCacheRepo(deps.db), deps.files);
  const presets = deps.presets ?? builtinPresets;
  const providerSettings = deps.getProviderSettings ?? defaultProviderSettings;
  /** Live playback's ears on the jobs: ritual id → who wants each segment as it is voiced. */
  const feed = createSegmentFeed();
  const jobs = deps.jobs ?? createJobRunner({ repo: createJobRepo(deps.db), emit: () => undefined, log: deps.log });
  jobs.register(
    ritualJobKind({
      repo,
      cache,
      providers: deps.providers,
      getProviderSettings: providerSettings,
      emit: deps.emit,
      log: deps.log,
      concurrency: deps.concurrency,
      onSegment: feed.voiced,
    }),
  );
  const activeJob = (id: string) => jobs.activeFor(RITUAL_JOB, id);
  const exporter = deps.exporter ?? createExportService({ inThread: true });

  function bedProgram(bed: string): Program | null {
    if (bed === 'none') return null;
    const preset = presets.find((p) => p.id === bed);
    if (!preset) throw new KoruError('BAD_INPUT', `Unknown tone bed "${bed}": choose one of ${presets.map((p) => p.id).join(', ')} or "none".`);
    return preset.draft.program;
  }

  async function checkVoice(req: RitualRequest): Promise<void> {
    const settings = providerSettings();
    const provider = req.provider ?? settings.speechOrder.find((p) => deps.providers.isConfigured(p)) ?? OFFLINE;
    if (!deps.providers.isConfigured(provider)) {
      throw new KoruError('BAD_INPUT', `${PROVIDER_NAMES[provider]} has no API key for its endpoint — add one in Settings → Providers, or choose another voice.`);
    }
    if (!req.voice || req.voice === voiceOf(settings, provider)) return;
    let voices;
    try {
      voices = await deps.providers.voices(provider, AbortSignal.timeout(10_000));
    } catch (err) {
      // The list could not be fetched (offline?): the provider itself will judge the voice.
      deps.log('warn', `rituals: could not check voice "${req.voice}" with ${provider}`, { reason: (err as Error).message });
      return;
    }
    if (voices.length > 0 && !voices.some((v) => v.id === req.voice)) {
      const some = voices.slice(0, 8).map((v) => v.id).join(', ');
      throw new KoruError('BAD_INPUT', `${PROVIDER_NAMES[provider]} has no voice "${req.voice}". Available: ${some}${voices.length > 8 ? ', …' : ''}.`, { provider });
    }
  }

  function parse(input: RitualRequestInput): RitualRequest {
    const r = RitualRequest.safeParse(input);
    if (!r.success) {
      const { message, details } = formatIssues(r.error);
      throw new KoruError('BAD_INPUT', `Invalid ritual request: ${message}`, details);
    }
    return r.data;
  }

  /** The job that makes `id`, running: the one already running, else the last unfinished one
   *  resumed, else a new one (`fresh`: always a new one, e.g. after a section was rewritten). */
  function start(id: string, fresh = false): Job {
    const running = activeJob(id);
    if (running) return running;
    const last = fresh ? undefined : jobs.list({ kind: RITUAL_JOB, subject: id, limit: 1 })[0];
    if (last && last.status !== 'done') return jobs.resume(last.id);
    return jobs.start<RitualJobInput>(RITUAL_JOB, id, { ritualId: id });
  }

  /** Resolves with the ritual once its running job ends (whatever the outcome). */
  function whenDone(id: string): Promise<Ritual> | undefined {
    const job = activeJob(id);
    const done = job ? jobs.whenDone(job.id) : undefined;
    return done?.then(() => repo.get(id));
  }

  const guardIdle = (id: string, what: string) => {
    if (activeJob(id)) throw new KoruError('CONFLICT', `This ritual is still being generated; wait for it (or cancel it) before you ${what}.`);
  };

  /** What to render for `ritual`: its bed, its timeline and every segment voiced so far. */
  function narrationSpec(ritual: Ritual, open: boolean): NarrationSpec {
    if (!ritual.script) throw new KoruError('CONFLICT', `"${ritual.title}" has no script yet; wait until it has been written.`);
    const segments = repo.segments(ritual.id);
    const refs: SegmentRef[] = [];
    const items = segments.map((s) => {
      const ref = s.hash ? cache.ref(s.hash, s.idx) : null;
      if (ref) refs.push(ref);
      return { durationSec: ref ? ref.samples / ref.sampleRate : estimateSpeechSec(s.text), pauseAfterSec: s.pauseSec, group: s.section };
    });
    return {
      kind: 'narration',
      bed: bedProgram(ritual.request.bed),
      targetSec: ritual.request.minutes * 60,
      items,
      balance: ritual.request.balance,
      segments: refs,
      open,
      ...(deps.mixFolder ? { mixFolder: deps.mixFolder } : {}),
      ...(deps.leadInSec === undefined ? {} : { leadInSec: deps.leadInSec }),
    };
  }

  function asSession(r: Ritual, durationSec: number): Session {
    const program = bedProgram(r.request.bed) ?? presets[0]?.draft.program;
    if (!program) throw new KoruError('INTERNAL', 'No session presets are installed.');
    return { id: r.id, name: r.title, intention: r.request.intention, tags: ['ritual'], program, durationSec, volume: RITUAL_VOLUME, createdAt: r.createdAt, updatedAt: r.updatedAt };
  }

  return {
    async generate(input: RitualRequestInput): Promise<{ id: string }> {
      const req = parse(input);
      bedProgram(req.bed);
      await checkVoice(req);
      const ritual = repo.create(req);
      deps.emit('ritual.updated', { id: ritual.id, ritual: summary(ritual) });
      start(ritual.id);
      return { id: ritual.id };
    },

    /** Run a failed, cancelled or interrupted ritual again from where it stopped. */
    resume(id: string): { id: string } {
      const r = repo.get(id);
      if (r.status === 'ready') return { id };
      start(id);
      return { id };
    },

    /** The running job's outcome (tests, CLI); undefined when none runs. */
    whenDone,

    async cancel(id: string) {
      const job = activeJob(id);
      if (!job) {
        repo.get(id); // NOT_FOUND for an unknown id; a finished ritual has nothing to cancel
        return { ok: true as const };
      }
      await jobs.cancel(job.id);
      return { ok: true as const };
    },

    list: (query?: string, limit?: number): RitualSummary[] => repo.list(query, limit),
    get: (id: string): Ritual => repo.get(id),

    rename(id: string, title: string): Ritual {
      const r = repo.update(id, { title: title.trim() });
      deps.emit('ritual.updated', { id, ritual: summary(r) });
      return r;
    },

    async regenerateSection(id: string, index: number): Promise<Ritual> {
      guardIdle(id, 'rewrite a section');
      const r = repo.get(id);
      if (!r.script) throw new KoruError('CONFLICT', `"${r.title}" has no script yet.`);
      if (index >= r.script.sections.length) throw new KoruError('BAD_INPUT', `"${r.title}" has ${r.script.sections.length} sections; there is no section ${index + 1}.`);
      const writerId = r.request.writer ?? providerSettings().writer;
      const section =
        writerId !== OFFLINE && deps.providers.isConfigured(writerId)
          ? await rewriteLlmSection(deps.providers.writer(writerId), r.request, r.script, index)
          : rewriteOfflineSection(r.script, index, r.request);
      const script = { ...r.script, sections: r.script.sections.map((s, i) => (i === index ? section : s)) };
      // Re-plan: the other sections' segments come straight back from the cache.
      const updated = repo.setSegments(id, planSegments(script, deps.providers.speech(speechOrderFor(r.request, providerSettings())).maxChars), { script, status: 'voicing', segmentsDone: 0, error: null });
      start(id, true);
      return updated;
    },

    async delete(id: string) {
      const job = activeJob(id);
      if (job) await jobs.cancel(job.id);
      jobs.forget(RITUAL_JOB, id);
      if (deps.player?.status().sessionId === id) await deps.player.stop();
      cache.removeFiles(repo.delete(id));
      deps.emit('ritual.updated', { id, ritual: null });
      return { ok: true as const };
    },

    async play(id: string): Promise<PlaybackStatus> {
      if (!deps.player) throw new KoruError('NO_DEVICE', 'No audio player is available here.');
      const player = deps.player;
      const r = repo.get(id);
      const done = whenDone(id);
      const spec = narrationSpec(r, done !== undefined);
      if (done) feed.follow(player, id, done);
      return player.start(asSession(r, r.durationSec || spec.targetSec), { spec });
    },

    /** Render to a file (default: the export folder), MP3s with a chapter per section. The CLI
     *  passes its own path and progress line; the UI passes an export id it can cancel by. */
    async export(id: string, format: ExportFormat, target?: string | RitualExportOptions, onProgress?: (fraction: number) => void) {
      const opts: RitualExportOptions = typeof target === 'string' ? { path: target } : (target ?? {});
      const r = repo.get(id);
      if (r.status !== 'ready') throw new KoruError('CONFLICT', `"${r.title}" is ${r.status}; only a finished ritual can be exported.`);
      const settings = deps.getSettings();
      mkdirSync(deps.exportDir, { recursive: true });
      const spec = narrationSpec(r, false);
      // Each section's chapter starts at its first segment.
      const sections = r.script?.sections ?? [];
      const firsts = new Map<number, number>();
      repo.segments(id).forEach((s, i) => firsts.has(s.section) || firsts.set(s.section, i));
      const groups = [...firsts].map(([section, firstItem]) => ({ title: chapterTitle(sections[section]?.kind ?? `Part ${section + 1}`), firstItem }));
      const progress = onProgress ?? opts.onProgress;
      return exporter.run(
        {
          spec,
          volume: RITUAL_VOLUME,
          maxVolume: settings.maxVolume,
          sampleRate: settings.sampleRate,
          format,
          path: opts.path ?? exportPath(deps.exportDir, r.title, id, format, 'ritual'),
          title: r.title,
          chapters: narrationChapters(spec, groups),
        },
        { ...(opts.exportId ? { id: opts.exportId } : {}), ...(progress ? { onProgress: progress } : {}) },
      );
    },

    /** Rituals left 'writing'/'voicing' by a process that died: marked failed so they can be resumed. */
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

    /** Stops this service's own runner (the app closes its shared one itself). */
    async close() {
      if (!deps.jobs) await jobs.close();
    },
  };
}

export type RitualService = ReturnType<typeof createRitualService>;

export interface RitualExportOptions {
  path?: string;
  exportId?: string;
  onProgress?: (fraction: number) => void;
}

/** "body-scan" → "Body scan". */
function chapterTitle(kind: string): string {
  const t = kind.replace(/[-_]+/g, ' ').trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}
