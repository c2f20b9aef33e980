/** The generation pipeline of one ritual, as a job of the job runner (main/jobs): write the
 *  script → split it into narration segments under the speech chain's size limit → voice each
 *  segment (from the cache when it is there) → lay out the timeline. Every state change is
 *  persisted before the next, so a killed job resumes: the script is kept, and voiced segments
 *  come back from the cache. */
import { OFFLINE, speechModelOf, voiceOf, type ProviderSettings } from '../../contract/providers';
import type { Ritual, RitualRequest, RitualScript } from '../../contract/rituals';
import { chunkText } from '../providers';
import { PROVIDER_NAMES, ProviderError } from '../providers';
import type { JobKind, StepContext } from '../jobs';
import type { ProviderId } from '../providers';
import type { RitualRepo, StoredSegment } from '../storage';
import { speechHash, type SegmentCache, type SpeechKey } from './cache';
import { writeLlmScript } from './llm-writer';
import { estimateSpeechSec, writeOfflineScript } from './offline-writer';
import { layoutTimeline } from '../audio';
import type { SegmentRef } from '../audio';
import type { Log, RitualEmit, RitualProviders } from './types';

/** A breath between the chunks of one section. */
export const CHUNK_PAUSE_SEC = 0.6;

export interface JobDeps {
  repo: RitualRepo;
  cache: SegmentCache;
  providers: RitualProviders;
  getProviderSettings: () => ProviderSettings;
  emit: RitualEmit;
  log: Log;
  /** Segments voiced at once (the provider queues limit further). */
  concurrency?: number;
}

/** Section texts → narration segments, each under `maxChars`. */
export function planSegments(script: RitualScript, maxChars: number): StoredSegment[] {
  const out: StoredSegment[] = [];
  script.sections.forEach((section, s) => {
    const chunks = chunkText(section.text, maxChars);
    chunks.forEach((c, k) => {
      out.push({ idx: out.length, section: s, text: c.text, pauseSec: k === chunks.length - 1 ? section.pauseAfterSec : CHUNK_PAUSE_SEC, hash: null });
    });
  });
  return out;
}

/** The request's provider first, then the settings' order. */
export function speechOrderFor(req: RitualRequest, settings: ProviderSettings): ProviderId[] {
  return req.provider ? [req.provider, ...settings.speechOrder.filter((p) => p !== req.provider)] : settings.speechOrder;
}

/** Which writer: the request's, else the settings'; the offline writer when that has no key. */
export async function writeScript(deps: JobDeps, req: RitualRequest, signal: AbortSignal, note: (m: string) => void): Promise<{ script: RitualScript; writer: ProviderId }> {
  const id = req.writer ?? deps.getProviderSettings().writer;
  if (id === OFFLINE || !deps.providers.isConfigured(id)) return { script: writeOfflineScript(req), writer: OFFLINE };
  try {
    return { script: await writeLlmScript(deps.providers.writer(id), req, { signal }), writer: id };
  } catch (err) {
    // No network, a revoked key, an overloaded server: the ritual still gets written, offline.
    if (err instanceof ProviderError && !signal.aborted) {
      note(`${err.message} — the offline writer wrote it instead`);
      deps.log('warn', `rituals: ${id} could not write; falling back to the offline writer`, { reason: err.message });
      return { script: writeOfflineScript(req), writer: OFFLINE };
    }
    throw err;
  }
}

/** The job kind of rituals in the job runner. */
export const RITUAL_JOB = 'ritual';

export interface RitualJobInput {
  ritualId: string;
}

export interface RitualJobDeps extends JobDeps {
  /** Each voiced segment as it becomes available (live playback listens here). */
  onSegment(ritualId: string, ref: SegmentRef): void;
}

/** The ritual pipeline as job steps: write the script (and plan its segments), voice every
 *  segment, lay out the timeline. Each step reads what it needs from the ritual's row, so a
 *  resumed job simply runs the steps after the last finished one; voicing resumes at the first
 *  segment not in the cache. The ritual's own status and progress events follow the job. */
export function ritualJobKind(deps: RitualJobDeps): JobKind<RitualJobInput> {
  const { repo, emit } = deps;
  const progress = (id: string, stage: Ritual['status'], done: number, total: number, message: string) => emit('ritual.progress', { id, stage, done, total, message });
  const updated = (r: Ritual) => {
    emit('ritual.updated', { id: r.id, ritual: summary(r) });
    return r;
  };
  const chainFor = (req: RitualRequest) => deps.providers.speech(speechOrderFor(req, deps.getProviderSettings()));

  return {
    kind: RITUAL_JOB,
    steps: [
      {
        name: 'write',
        weight: 1,
        async run({ input, signal, log }) {
          const id = input.ritualId;
          const ritual = repo.get(id);
          if (ritual.script) return { writer: 'kept' };
          updated(repo.update(id, { status: 'writing', error: null }));
          progress(id, 'writing', 0, 0, 'Writing the script…');
          const { script, writer } = await writeScript(deps, ritual.request, signal, (m) => {
            log('warn', m);
            progress(id, 'writing', 0, 0, m);
          });
          signal.throwIfAborted();
          const segments = planSegments(script, chainFor(ritual.request).maxChars);
          updated(repo.setSegments(id, segments, { script, title: script.title, status: 'voicing', segmentsDone: 0 }));
          log('info', `${writer === OFFLINE ? 'The offline writer' : PROVIDER_NAMES[writer]} wrote "${script.title}": ${script.sections.length} sections, ${segments.length} segments`);
          return { writer, sections: script.sections.length, segments: segments.length };
        },
      },
      {
        name: 'voice',
        weight: 8,
        // The provider queues already retried; one more pass costs nothing for what is cached.
        retries: 1,
        async run(ctx) {
          return voiceAll(deps, ctx.input.ritualId, ctx, chainFor, progress, updated);
        },
      },
      {
        name: 'finish',
        weight: 0.2,
        run({ input }) {
          const id = input.ritualId;
          const r = repo.get(id);
          const durations = repo.segments(id).map((s) => {
            const info = s.hash ? deps.cache.info(s.hash) : null;
            return { durationSec: info ? info.samples / info.sampleRate : estimateSpeechSec(s.text), pauseAfterSec: s.pauseSec };
          });
          const durationSec = layoutTimeline(durations, { targetSec: r.request.minutes * 60 }).durationSec;
          const ritual = repo.update(id, { status: 'ready', segmentsDone: r.segments.total, durationSec, error: null });
          progress(id, 'ready', ritual.segments.total, ritual.segments.total, 'Ready');
          updated(ritual);
          return { durationSec };
        },
      },
    ],
    onChange(job, input) {
      if (job.status !== 'failed' && job.status !== 'cancelled' && job.status !== 'interrupted') return;
      const id = input.ritualId;
      let r: Ritual;
      try {
        r = repo.get(id);
      } catch {
        return; // deleted meanwhile
      }
      const status = job.status === 'cancelled' ? 'cancelled' : 'failed';
      const message = job.status === 'cancelled' ? 'Cancelled' : (job.error ?? job.message);
      r = repo.update(id, { status, error: status === 'cancelled' ? null : message });
      progress(id, r.status, r.segments.done, r.segments.total, message);
      updated(r);
    },
  };
}

async function voiceAll(
  deps: RitualJobDeps,
  id: string,
  ctx: StepContext<RitualJobInput>,
  chainFor: (req: RitualRequest) => ReturnType<RitualProviders['speech']>,
  progress: (id: string, stage: Ritual['status'], done: number, total: number, message: string) => void,
  updated: (r: Ritual) => Ritual,
): Promise<{ speech: Ritual['speech']; segments: number }> {
  const { repo } = deps;
  const { signal, log } = ctx;
  let ritual = updated(repo.update(id, { status: 'voicing', error: null }));
  const req = ritual.request;
  const settings = deps.getProviderSettings();
  const chain = chainFor(req);
  const segments = repo.segments(id);
  const total = segments.length;
  let done = 0;
  const voiceFor = (p: ProviderId) => voiceOf(settings, p) ?? '';
  const firstVoice = req.voice ?? voiceFor(chain.providers[0] ?? OFFLINE);
  const keyFor = (p: ProviderId, text: string, voice: string): SpeechKey => ({ provider: p, model: speechModelOf(settings, p), voice, text });
  const candidates = (text: string) => chain.providers.map((p, i) => keyFor(p, text, i === 0 ? firstVoice : voiceFor(p)));
  let speech: Ritual['speech'] = ritual.speech;
  /** Each provider that gave up is said once, with why, not once per segment. */
  const toldSkip = new Set<string>();

  progress(id, 'voicing', 0, total, 'Voicing…');
  async function voice(seg: StoredSegment): Promise<void> {
    // Already voiced (resume), or voiced before for any provider the chain may use: no call.
    let hash = seg.hash && deps.cache.has(seg.hash) ? seg.hash : (candidates(seg.text).map(speechHash).find((h) => deps.cache.has(h)) ?? null);
    if (!hash) {
      const neighbours = { previousText: segments[seg.idx - 1]?.text, nextText: segments[seg.idx + 1]?.text };
      const spoken = await chain.speakDetailed({ text: seg.text, voice: firstVoice, signal, ...neighbours });
      signal.throwIfAborted();
      for (const skip of spoken.skipped) {
        if (toldSkip.has(skip.provider)) continue;
        toldSkip.add(skip.provider);
        log('warn', `${PROVIDER_NAMES[skip.provider]} could not speak (${skip.error.message}); ${PROVIDER_NAMES[spoken.provider]} spoke instead`, { provider: skip.provider, code: skip.error.code });
      }
      hash = deps.cache.write(keyFor(spoken.provider, seg.text, spoken.voice), spoken.audio).hash;
    }
    if (seg.hash !== hash) repo.setSegmentHash(id, seg.idx, hash);
    const info = deps.cache.info(hash);
    const first = !speech && info;
    if (first) {
      speech = { provider: info.provider as ProviderId, voice: info.voice, model: info.model };
      log('info', `Voiced by ${PROVIDER_NAMES[speech.provider]} (${speech.voice})`, speech);
    }
    done++;
    repo.update(id, { segmentsDone: done, ...(first ? { speech } : {}) });
    progress(id, 'voicing', done, total, `Voiced ${done} of ${total}`);
    ctx.progress(done / Math.max(1, total), `Voiced ${done} of ${total}`);
    const ref = deps.cache.ref(hash, seg.idx);
    if (ref) deps.onSegment(id, ref);
  }

  // In order, a few at a time: the first segment is always among the first requested, so
  // playback can begin as soon as it is back.
  let next = 0;
  const worker = async () => {
    while (next < segments.length) {
      signal.throwIfAborted();
      await voice(segments[next++] as StoredSegment);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, deps.concurrency ?? 2) }, worker));
  ritual = repo.update(id, { speech });
  return { speech: ritual.speech, segments: total };
}


export function summary(r: Ritual) {
  return { id: r.id, title: r.title, status: r.status, durationSec: r.durationSec, createdAt: r.createdAt, updatedAt: r.updatedAt, intention: r.request.intention, minutes: r.request.minutes };
}
