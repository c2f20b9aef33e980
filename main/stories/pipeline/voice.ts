/**
 * The voice director of a story's job: who speaks each part, every segment voiced once into the
 * segment cache (one provider from start to end), the first segment asked for ahead of the voice
 * step, and the pace each voice really speaks at (it sizes the next script).
 */
import { OFFLINE, speechModelOf, voiceOf, type ProviderSettings } from '../../../contract/providers';
import type { StoryRequest, StorySpeaker } from '../../../contract/stories';
import type { StepContext } from '../../jobs';
import type { ProviderId } from '../../providers';
import { speechHash, type SpeechKey } from '../../rituals';
import type { StoryRepo, StorySegment } from '../../storage';
import { countWords } from '../ear';
import type { StoryProviders } from '../types';
import { providerVoice, storyVoices } from '../voices';
import type { StoryJobDeps, StoryJobInput } from './job';
import { defaultWpm } from './plan';

/** The speech provider a story is voiced by, start to end (no mid-story change of voice). */
export function speakerFor(req: Pick<StoryRequest, 'provider'>, providers: StoryProviders, settings: ProviderSettings): ProviderId {
  return req.provider ?? settings.speechOrder.find((p) => providers.isConfigured(p)) ?? OFFLINE;
}

export interface VoiceDirectorDeps extends Pick<StoryJobDeps, 'repo' | 'cache' | 'providers' | 'getProviderSettings' | 'onSegment' | 'concurrency'> {
  /** Updates the story row (and tells the UI). */
  set(id: string, patch: Parameters<StoryRepo['update']>[1]): unknown;
}

export function createVoiceDirector(deps: VoiceDirectorDeps) {
  const { set } = deps;

  /** Who speaks each part, as the provider says it. */
  function voicesOf(req: StoryRequest): { provider: ProviderId; voices: Record<StorySpeaker, string> } {
    const settings = deps.getProviderSettings();
    const provider = speakerFor(req, deps.providers, settings);
    const seeds = storyVoices(req);
    const own = voiceOf(settings, provider) ?? '';
    return { provider, voices: { host: providerVoice(provider, seeds.host) ?? own, guest: providerVoice(provider, seeds.guest) ?? own } };
  }

  /** How a story is voiced: one provider's chain and model, a voice per speaker. */
  function voicing(req: StoryRequest) {
    const { provider, voices } = voicesOf(req);
    return { provider, voices, chain: deps.providers.speech([provider]), model: speechModelOf(deps.getProviderSettings(), provider) };
  }
  type Voicing = ReturnType<typeof voicing>;
  const keyOf = (v: Voicing, s: StorySegment): SpeechKey => ({ provider: v.provider, model: v.model, voice: v.voices[s.speaker], text: s.text });

  /** Voices one segment into the segment cache; its hash there. */
  async function speak(v: Voicing, s: StorySegment, segments: StorySegment[], signal: AbortSignal): Promise<string> {
    const key = keyOf(v, s);
    const neighbours = { previousText: segments[s.idx - 1]?.text, nextText: segments[s.idx + 1]?.text };
    const spoken = await v.chain.speakDetailed({ text: s.text, voice: key.voice, signal, ...neighbours });
    // One voice from start to end: a provider that gives up fails the step (resume later),
    // it is never patched over by another voice mid-story.
    const mine = spoken.skipped.find((k) => k.provider === v.provider);
    if (spoken.provider !== v.provider && mine) throw mine.error;
    // Kept even when cancelled meanwhile: it is paid for, and a resume needs it.
    return deps.cache.write(key, spoken.audio).hash;
  }

  /** Each story's first segment, asked for as soon as its script is planned — before the script
   *  is stored and the voice step begins — so the first words are not held up by the bookkeeping
   *  in between; the voice step waits for it instead of asking again. */
  const ahead = new Map<string, { hash: string; voiced: Promise<string> }>();
  function voiceAhead(storyId: string, signal: AbortSignal, v: Voicing, segments: StorySegment[]): void {
    const first = segments[0];
    if (!first || ahead.has(storyId)) return;
    const hash = speechHash(keyOf(v, first));
    if (deps.cache.has(hash)) return;
    const voiced = speak(v, first, segments, signal);
    voiced.catch(() => undefined); // reported by the voice step, which waits for it
    ahead.set(storyId, { hash, voiced });
  }

  async function voiceAll(ctx: StepContext<StoryJobInput>): Promise<number> {
    const id = ctx.input.storyId;
    const v = voicing(deps.repo.get(id).request);
    const segments = deps.repo.segments(id);
    let done = 0;
    let calls = 0;

    async function one(s: StorySegment): Promise<void> {
      let hash = s.hash && deps.cache.has(s.hash) ? s.hash : speechHash(keyOf(v, s));
      const early = ahead.get(id);
      if (early?.hash === hash) {
        ahead.delete(id);
        await early.voiced; // its error fails this step as if it had been asked here
        calls++;
      }
      if (!deps.cache.has(hash)) {
        hash = await speak(v, s, segments, ctx.signal);
        calls++;
        ctx.signal.throwIfAborted();
      }
      // To the player first (it may be waiting for this very segment), the bookkeeping after.
      const ref = deps.cache.ref(hash, s.idx);
      if (ref) deps.onSegment(id, ref);
      if (s.hash !== hash) deps.repo.setSegmentHash(id, s.idx, hash);
      done++;
      const msg = `Voiced ${done} of ${segments.length}`;
      set(id, { segmentsDone: done, message: msg });
      ctx.progress(done / Math.max(1, segments.length), msg);
    }
    // In order, a few at a time: the first segment is among the first asked for, so playback
    // can begin as soon as it is back.
    let next = 0;
    const worker = async () => {
      while (next < segments.length) {
        ctx.signal.throwIfAborted();
        await one(segments[next++]!);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, deps.concurrency ?? 2) }, worker));
    set(id, { speakers: (['host', 'guest'] as const).filter((sp) => segments.some((s) => s.speaker === sp)).map((sp) => ({ speaker: sp, provider: v.provider, voice: v.voices[sp] })) });
    return calls;
  }

  /** Measured words per minute of each speaker, from the audio just voiced (feeds the next sizing). */
  function measure(id: string, record = false): { speechSec: number; wpm: number } {
    const story = deps.repo.get(id);
    const { provider, voices } = voicesOf(story.request);
    let words = 0;
    let sec = 0;
    const per = new Map<string, { words: number; sec: number }>();
    for (const s of deps.repo.segments(id)) {
      const info = s.hash ? deps.cache.info(s.hash) : null;
      if (!info) continue;
      const w = countWords(s.text);
      const d = info.samples / info.sampleRate;
      words += w;
      sec += d;
      const v = voices[s.speaker];
      const p = per.get(v) ?? { words: 0, sec: 0 };
      per.set(v, { words: p.words + w, sec: p.sec + d });
    }
    if (record) for (const [voice, p] of per) if (p.words > 0 && p.sec > 0) deps.repo.addPace(provider, voice, p.words, p.sec);
    return { speechSec: sec, wpm: sec > 0 ? (words / sec) * 60 : defaultWpm(provider) };
  }

  return { voicesOf, voicing, voiceAhead, voiceAll, measure, forget: (storyId: string) => void ahead.delete(storyId) };
}
