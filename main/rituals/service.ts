/** Rituals as a service: generate (returns at once; the job runs on with progress events),
 *  cancel, resume, CRUD with full-text search, regenerate one section, play through the session
 *  player (while later segments are still being voiced) and export to WAV/MP3. */
import { mkdirSync } from 'node:fs';
import { KoruError } from '../../contract/errors';
import type { ExportFormat } from '../../contract/exports';
import type { Program } from '../../contract/program';
import { RitualRequest, type ProviderSettings, type Ritual, type RitualRequestInput, type RitualSummary } from '../../contract/rituals';
import type { PlaybackStatus, Preset, Session } from '../../contract/session';
import type { Settings } from '../../contract/settings';
import { createSpecRenderer, type NarrationSpec, type SegmentRef, type SpecRenderer } from '../audio/render-spec';
import { createExportService, exportPath, narrationChapters, type ExportService } from '../export';
import { PROVIDER_NAMES } from '../providers/errors';
import { defaultProviderSettings } from '../providers/settings';
import type { Player } from '../sessions/player';
import { presets as builtinPresets } from '../sessions/presets';
import type { FileStore } from '../storage/file-store';
import type { Db } from '../storage/migrations/types';
import { createRitualRepo, type RitualRepo } from '../storage/ritual-repo';
import { createSegmentCacheRepo } from '../storage/segment-cache-repo';
import { createSegmentCache, type SegmentCache } from './cache';
import { planSegments, runJob, speechOrderFor, summary, type JobDeps } from './jobs';
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
  /** The export pipeline (the app's, in a worker); default: one rendering in this thread (CLI). */
  exporter?: Pick<ExportService, 'run'>;
  presets?: Preset[];
  concurrency?: number;
  /** Bed alone before the first words (default 4 s; the first-audio benchmark uses less). */
  leadInSec?: number;
  /** Tests inject a repo with a fixed clock/ids. */
  repo?: RitualRepo;
}

interface Running {
  controller: AbortController;
  done: Promise<Ritual>;
  listeners: Set<(ref: SegmentRef) => void>;
}

/** Narration level in the session player (the master applies the user's cap on top). */
const RITUAL_VOLUME = 0.8;

export function createRitualService(deps: RitualServiceDeps) {
  const repo = deps.repo ?? createRitualRepo(deps.db);
  const cache: SegmentCache = createSegmentCache(createSegmentCacheRepo(deps.db), deps.files);
  const presets = deps.presets ?? builtinPresets;
  const providerSettings = deps.getProviderSettings ?? defaultProviderSettings;
  const jobDeps: JobDeps = { repo, cache, providers: deps.providers, getProviderSettings: providerSettings, emit: deps.emit, log: deps.log, concurrency: deps.concurrency };
  const running = new Map<string, Running>();
  const exporter = deps.exporter ?? createExportService({ inThread: true });

  function bedProgram(bed: string): Program | null {
    if (bed === 'none') return null;
    const preset = presets.find((p) => p.id === bed);
    if (!preset) throw new KoruError('BAD_INPUT', `Unknown tone bed "${bed}": choose one of ${presets.map((p) => p.id).join(', ')} or "none".`);
    return preset.draft.program;
  }

  async function checkVoice(req: RitualRequest): Promise<void> {
    const settings = providerSettings();
    const provider = req.provider ?? settings.speechOrder.find((p) => deps.providers.isConfigured(p)) ?? 'offline';
    if (!deps.providers.isConfigured(provider)) {
      throw new KoruError('BAD_INPUT', `${PROVIDER_NAMES[provider]} has no API key — add one in Settings → Providers, or choose another voice.`);
    }
    if (!req.voice || req.voice === settings[provider].voice) return;
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
      const text = r.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
      throw new KoruError('BAD_INPUT', `Invalid ritual request: ${text}`, { issues: r.error.issues });
    }
    return r.data;
  }

  /** Start (or resume) the job for `id`; at most one per ritual. */
  function start(id: string): Running {
    const existing = running.get(id);
    if (existing) return existing;
    const controller = new AbortController();
    const listeners = new Set<(ref: SegmentRef) => void>();
    const done = runJob(jobDeps, id, {
      signal: controller.signal,
      onSegment: (ref) => listeners.forEach((l) => l(ref)),
    }).finally(() => running.delete(id));
    const job: Running = { controller, done, listeners };
    running.set(id, job);
    // Failures are stored on the ritual and reported by events; nobody awaits a UI job.
    done.catch(() => undefined);
    return job;
  }

  const guardIdle = (id: string, what: string) => {
    if (running.has(id)) throw new KoruError('CONFLICT', `This ritual is still being generated; wait for it (or cancel it) before you ${what}.`);
  };

  /** What to render for `ritual`: its bed, its timeline and every segment voiced so far. */
  function narrationSpec(ritual: Ritual, open: boolean): NarrationSpec {
    if (!ritual.script) throw new KoruError('CONFLICT', `"${ritual.title}" has no script yet; wait until it has been written.`);
    const segments = repo.segments(ritual.id);
    const refs: SegmentRef[] = [];
    const items = segments.map((s) => {
      const ref = s.hash ? cache.ref(s.hash, s.idx) : null;
      if (ref) refs.push(ref);
      return { durationSec: ref ? ref.samples / ref.sampleRate : estimateSpeechSec(s.text), pauseAfterSec: s.pauseSec };
    });
    return {
      kind: 'narration',
      bed: bedProgram(ritual.request.bed),
      targetSec: ritual.request.minutes * 60,
      items,
      balance: ritual.request.balance,
      segments: refs,
      open,
      ...(deps.leadInSec === undefined ? {} : { leadInSec: deps.leadInSec }),
    };
  }

  /** A live renderer for `ritual`, fed the running job's segments as they are voiced. */
  function liveRenderer(ritual: Ritual, sampleRate: number): SpecRenderer {
    const job = running.get(ritual.id);
    const renderer = createSpecRenderer(narrationSpec(ritual, job !== undefined), sampleRate, {
      growing: true,
      onError: (err) => deps.log('error', `rituals: feeding ${ritual.id} failed`, err),
    });
    if (job) {
      job.listeners.add((ref) => renderer.addSegment(ref));
      // Whatever is still missing when the job ends will not come: let the mix close up.
      void job.done.catch(() => undefined).then(() => renderer.closeSegments());
    }
    return renderer;
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
    whenDone: (id: string): Promise<Ritual> | undefined => running.get(id)?.done,

    async cancel(id: string) {
      const job = running.get(id);
      if (!job) {
        repo.get(id); // NOT_FOUND for an unknown id; a finished ritual has nothing to cancel
        return { ok: true as const };
      }
      job.controller.abort(new KoruError('CONFLICT', 'cancelled'));
      await job.done.catch(() => undefined);
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
        writerId !== 'offline' && deps.providers.isConfigured(writerId)
          ? await rewriteLlmSection(deps.providers.writer(writerId), r.request, r.script, index)
          : rewriteOfflineSection(r.script, index, r.request);
      const script = { ...r.script, sections: r.script.sections.map((s, i) => (i === index ? section : s)) };
      // Re-plan: the other sections' segments come straight back from the cache.
      const updated = repo.setSegments(id, planSegments(script, deps.providers.speech(speechOrderFor(r.request, providerSettings())).maxChars), { script, status: 'voicing', segmentsDone: 0, error: null });
      start(id);
      return updated;
    },

    async delete(id: string) {
      const job = running.get(id);
      if (job) {
        job.controller.abort(new KoruError('CONFLICT', 'deleted'));
        await job.done.catch(() => undefined);
      }
      if (deps.player?.status().sessionId === id) await deps.player.stop();
      cache.removeFiles(repo.delete(id));
      deps.emit('ritual.updated', { id, ritual: null });
      return { ok: true as const };
    },

    async play(id: string): Promise<PlaybackStatus> {
      if (!deps.player) throw new KoruError('NO_DEVICE', 'No audio player is available here.');
      const r = repo.get(id);
      const renderer = liveRenderer(r, deps.getSettings().sampleRate);
      return deps.player.start(asSession(r, renderer.durationSec), { renderer });
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
        if (!running.has(id)) {
          repo.update(id, { status: 'failed', error: 'Interrupted when Koru closed — press Resume to finish it.' });
          n++;
        }
      }
      return n;
    },

    async close() {
      for (const job of running.values()) job.controller.abort(new KoruError('CONFLICT', 'shutting down'));
      await Promise.all([...running.values()].map((j) => j.done.catch(() => undefined)));
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
