/** The generation pipeline of one ritual: write the script → split it into narration segments
 *  under the speech chain's size limit → voice each segment (from the cache when it is there) →
 *  store. Every state change is persisted before the next step, so a killed job is resumed by
 *  running it again: the script is kept, and voiced segments come back from the cache. */
import { KoruError } from '../../contract/errors';
import { OFFLINE, speechModelOf, voiceOf, type ProviderSettings } from '../../contract/providers';
import type { Ritual, RitualRequest, RitualScript } from '../../contract/rituals';
import { chunkText } from '../providers/chunk';
import { ProviderError } from '../providers/errors';
import type { ProviderId, SpeechAudio } from '../providers/types';
import type { RitualRepo, StoredSegment } from '../storage/ritual-repo';
import { speechHash, type SegmentCache, type SpeechKey } from './cache';
import { writeLlmScript } from './llm-writer';
import { estimateSpeechSec, writeOfflineScript } from './offline-writer';
import { layoutTimeline } from './timeline';
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
export async function writeScript(deps: JobDeps, req: RitualRequest, signal: AbortSignal, note: (m: string) => void): Promise<RitualScript> {
  const id = req.writer ?? deps.getProviderSettings().writer;
  if (id === OFFLINE || !deps.providers.isConfigured(id)) return writeOfflineScript(req);
  try {
    return await writeLlmScript(deps.providers.writer(id), req, { signal });
  } catch (err) {
    // No network, a revoked key, an overloaded server: the ritual still gets written, offline.
    if (err instanceof ProviderError && !signal.aborted) {
      note(`${err.message} — using the offline writer instead`);
      deps.log('warn', `rituals: ${id} could not write; falling back to the offline writer`, { reason: err.message });
      return writeOfflineScript(req);
    }
    throw err;
  }
}

export interface RunOptions {
  signal: AbortSignal;
  /** Each voiced segment as it becomes available (live playback listens here). */
  onSegment?: (idx: number, audio: SpeechAudio) => void;
}

export async function runJob(deps: JobDeps, id: string, { signal, onSegment }: RunOptions): Promise<Ritual> {
  const { repo, emit } = deps;
  const progress = (stage: Ritual['status'], done: number, total: number, message: string) =>
    emit('ritual.progress', { id, stage, done, total, message });
  const updated = (r: Ritual) => {
    emit('ritual.updated', { id, ritual: summary(r) });
    return r;
  };
  let ritual = repo.get(id);
  const req = ritual.request;
  const settings = deps.getProviderSettings();
  const chain = deps.providers.speech(speechOrderFor(req, settings));

  try {
    if (!ritual.script) {
      updated(repo.update(id, { status: 'writing', error: null }));
      progress('writing', 0, 0, 'Writing the script…');
      const script = await writeScript(deps, req, signal, (m) => progress('writing', 0, 0, m));
      if (signal.aborted) throw signal.reason;
      ritual = repo.setSegments(id, planSegments(script, chain.maxChars), { script, title: script.title, status: 'voicing', segmentsDone: 0 });
    } else {
      ritual = repo.update(id, { status: 'voicing', error: null });
    }
    updated(ritual);

    const segments = repo.segments(id);
    const total = segments.length;
    let done = 0;
    const voiceFor = (p: ProviderId) => voiceOf(settings, p) ?? '';
    const firstVoice = req.voice ?? voiceFor(chain.providers[0] ?? OFFLINE);
    const keyFor = (p: ProviderId, text: string, voice: string): SpeechKey => ({ provider: p, model: speechModelOf(settings, p), voice, text });
    const candidates = (text: string) => chain.providers.map((p, i) => keyFor(p, text, i === 0 ? firstVoice : voiceFor(p)));
    let speech: Ritual['speech'] = ritual.speech;

    progress('voicing', 0, total, 'Voicing…');
    async function voice(seg: StoredSegment): Promise<void> {
      // Already voiced (resume), or voiced before for any provider the chain may use: no call.
      let hash = seg.hash && deps.cache.has(seg.hash) ? seg.hash : (candidates(seg.text).map(speechHash).find((h) => deps.cache.has(h)) ?? null);
      let audio = hash ? deps.cache.read(hash) : null;
      if (!audio || !hash) {
        const neighbours = { previousText: segments[seg.idx - 1]?.text, nextText: segments[seg.idx + 1]?.text };
        const spoken = await chain.speakDetailed({ text: seg.text, voice: firstVoice, signal, ...neighbours });
        if (signal.aborted) throw signal.reason;
        checkAudio(spoken.provider, spoken.audio);
        audio = spoken.audio;
        hash = deps.cache.write(keyFor(spoken.provider, seg.text, spoken.voice), audio).hash;
      }
      if (seg.hash !== hash) repo.setSegmentHash(id, seg.idx, hash);
      const info = deps.cache.info(hash);
      if (!speech && info) speech = { provider: info.provider as ProviderId, voice: info.voice, model: info.model };
      done++;
      repo.update(id, { segmentsDone: done, ...(speech && done === 1 ? { speech } : {}) });
      progress('voicing', done, total, `Voiced ${done} of ${total}`);
      onSegment?.(seg.idx, audio);
    }

    // In order, a few at a time: the first segment is always among the first requested, so
    // playback can begin as soon as it is back.
    let next = 0;
    const worker = async () => {
      while (next < segments.length) {
        if (signal.aborted) throw signal.reason;
        await voice(segments[next++] as StoredSegment);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, deps.concurrency ?? 2) }, worker));

    const durations = repo.segments(id).map((s) => {
      const info = s.hash ? deps.cache.info(s.hash) : null;
      return { durationSec: info ? info.samples / info.sampleRate : estimateSpeechSec(s.text), pauseAfterSec: s.pauseSec };
    });
    const durationSec = layoutTimeline(durations, { targetSec: req.minutes * 60 }).durationSec;
    ritual = repo.update(id, { status: 'ready', segmentsDone: total, durationSec, speech, error: null });
    progress('ready', total, total, 'Ready');
    return updated(ritual);
  } catch (err) {
    const cancelled = signal.aborted;
    const message = cancelled ? 'Cancelled' : err instanceof KoruError ? err.message : `Something went wrong: ${(err as Error)?.message ?? String(err)}`;
    if (!cancelled) deps.log('error', `rituals: ${id} failed`, err);
    const r = repo.update(id, { status: cancelled ? 'cancelled' : 'failed', error: cancelled ? null : message });
    progress(r.status, r.segments.done, r.segments.total, message);
    updated(r);
    if (cancelled) return r;
    throw err instanceof KoruError ? err : new KoruError('INTERNAL', message);
  }
}

/** Provider replies that are not usable audio are refused here, naming the provider. */
function checkAudio(provider: ProviderId, a: SpeechAudio): void {
  const ok = a && a.samples instanceof Float32Array && a.samples.length > 0 && Number.isInteger(a.sampleRate) && a.sampleRate >= 8000 && a.sampleRate <= 384000;
  if (!ok) throw new ProviderError(provider, 'bad_reply');
}

export function summary(r: Ritual) {
  return { id: r.id, title: r.title, status: r.status, durationSec: r.durationSec, createdAt: r.createdAt, updatedAt: r.updatedAt, intention: r.request.intention, minutes: r.request.minutes };
}
