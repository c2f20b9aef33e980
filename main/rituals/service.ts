/** Rituals as a service: generate (returns at once; the job runs on with progress events),
 *  cancel, resume, CRUD with full-text search, regenerate one section, play through the session
 *  player (while later segments are still being voiced) and export to WAV/MP3. */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KoruError } from '../../contract/errors';
import type { Program } from '../../contract/program';
import { OFFLINE, voiceOf, type ProviderSettings } from '../../contract/providers';
import { RitualRequest, type Ritual, type RitualRequestInput, type RitualSummary } from '../../contract/rituals';
import type { PlaybackStatus, Preset, Session } from '../../contract/session';
import type { Settings } from '../../contract/settings';
import { createMaster } from '../audio';
import { createMp3Sink } from '../audio/sinks/mp3';
import { createWavSink } from '../audio/sinks/wav';
import { PROVIDER_NAMES } from '../providers/errors';
import { defaultProviderSettings } from '../providers/settings';
import type { SpeechAudio } from '../providers/types';
import type { Player } from '../sessions/player';
import { presets as builtinPresets } from '../sessions/presets';
import type { FileStore } from '../storage/file-store';
import type { Db } from '../storage/migrations/types';
import { createRitualRepo, type RitualRepo } from '../storage/ritual-repo';
import { createSegmentCacheRepo } from '../storage/segment-cache-repo';
import { createSegmentCache, type SegmentCache } from './cache';
import { planSegments, runJob, speechOrderFor, summary, type JobDeps } from './jobs';
import { rewriteLlmSection } from './llm-writer';
import { createRitualMixer, speechGain, type RitualMixer } from './mixer';
import { estimateSpeechSec, rewriteOfflineSection } from './offline-writer';
import { resampleGrowing } from './resample';
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
  listeners: Set<(idx: number, audio: SpeechAudio) => void>;
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
    const listeners = new Set<(idx: number, audio: SpeechAudio) => void>();
    const done = runJob(jobDeps, id, {
      signal: controller.signal,
      onSegment: (idx, audio) => listeners.forEach((l) => l(idx, audio)),
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

  /** A mixer for `ritual`, fed with every voiced segment in the background (and with the
   *  running job's segments as they arrive). Resolves `fed` when everything available is in. */
  function buildMixer(ritual: Ritual, sampleRate: number): { mixer: RitualMixer; fed: Promise<void> } {
    if (!ritual.script) throw new KoruError('CONFLICT', `"${ritual.title}" has no script yet; wait until it has been written.`);
    const segments = repo.segments(ritual.id);
    const items = segments.map((s) => {
      const info = s.hash ? cache.info(s.hash) : null;
      return { durationSec: info ? info.samples / info.sampleRate : estimateSpeechSec(s.text), pauseAfterSec: s.pauseSec };
    });
    const mixer = createRitualMixer({
      sampleRate,
      targetSec: ritual.request.minutes * 60,
      items,
      bed: bedProgram(ritual.request.bed),
      balance: ritual.request.balance,
      ...(deps.leadInSec === undefined ? {} : { leadInSec: deps.leadInSec }),
    });
    const add = async (idx: number, audio: SpeechAudio) => {
      // Handed over as soon as its head is resampled: narration starts while the rest is computed.
      const g = resampleGrowing(audio.samples, audio.sampleRate, sampleRate);
      mixer.segmentReady(idx, { samples: g.samples, sampleRate, filled: g.filled, gain: speechGain(audio.samples) });
      await g.done;
    };
    const job = running.get(ritual.id);
    const pending: Promise<void>[] = [];
    if (job) job.listeners.add((idx, audio) => void pending.push(add(idx, audio)));
    const fed = (async () => {
      for (const s of segments) {
        const audio = s.hash ? cache.read(s.hash) : null;
        if (audio) await add(s.idx, audio);
      }
      if (job) await job.done.catch(() => undefined);
      await Promise.all(pending);
      // Whatever is still missing will not come: let the mix close up rather than wait.
      mixer.skipMissing();
    })();
    fed.catch((err) => deps.log('error', `rituals: feeding ${ritual.id} failed`, err));
    return { mixer, fed };
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
        writerId !== OFFLINE && deps.providers.isConfigured(writerId)
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
      const { mixer } = buildMixer(r, deps.getSettings().sampleRate);
      return deps.player.start(asSession(r, mixer.durationSec), { renderer: mixer });
    },

    async export(id: string, format: 'wav' | 'mp3', path?: string, onProgress?: (fraction: number) => void) {
      const r = repo.get(id);
      if (r.status !== 'ready') throw new KoruError('CONFLICT', `"${r.title}" is ${r.status}; only a finished ritual can be exported.`);
      const settings = deps.getSettings();
      const sampleRate = settings.sampleRate;
      const { mixer, fed } = buildMixer(r, sampleRate);
      await fed;
      mkdirSync(deps.exportDir, { recursive: true });
      const out = path ?? join(deps.exportDir, `${fileSafe(r.title)}-${id.slice(0, 8)}.${format}`);
      const sink = format === 'mp3' ? createMp3Sink(out, { sampleRate, channels: 2 }) : createWavSink(out, { sampleRate, channels: 2, bits: 16 });
      const master = createMaster({ sampleRate, volume: RITUAL_VOLUME, maxVolume: settings.maxVolume });
      const BLOCK = 8192;
      const block = new Float32Array(BLOCK * 2);
      let frames = 0;
      let last = performance.now();
      try {
        for (;;) {
          const n = mixer.render(block, BLOCK);
          if (n > 0) {
            master.process(block, n);
            await sink.write(block, n);
          }
          frames += n;
          if (performance.now() - last > 4) {
            onProgress?.(Math.min(1, frames / (mixer.durationSec * sampleRate)));
            await new Promise((res) => setImmediate(res));
            last = performance.now();
          }
          if (n < BLOCK) break;
        }
      } finally {
        await sink.close();
      }
      onProgress?.(1);
      return { path: out, bytes: statSync(out).size, durationSec: frames / sampleRate };
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

function fileSafe(name: string): string {
  return name.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'ritual';
}
