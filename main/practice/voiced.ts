/** Voiced practice, the prayer wheel that keeps turning: the mantra is voiced once (through the
 *  speech chain and the rituals' segment cache, so it is never voiced twice), then laid out as a
 *  narration timeline — the same segment N times at the chosen pace, the bowl's bell after each
 *  round and the guru-bead pause after the bell — over a session preset as the bed. The result is
 *  a NarrationSpec: the player plays it live, the export pipeline renders it to a file. */
import { KoruError } from '../../contract/errors';
import { voicedPlan, type PracticeSettings, type VoicedItem } from '../../contract/practice';
import type { Program } from '../../contract/program';
import { OFFLINE, speechModelOf, voiceOf, type ProviderSettings } from '../../contract/providers';
import type { Preset } from '../../contract/session';
import type { NarrationSpec, SegmentRef, TimelineItem } from '../audio';
import { PROVIDER_NAMES, ProviderError, type ProviderId } from '../providers';
import { speechHash, type RitualProviders, type SegmentCache, type SpeechKey } from '../rituals';
import type { FileStore } from '../storage';
import { bellRef } from './bell';

/** Bed alone before the first repetition, and the breath between the last word and the bell. */
export const LEAD_IN_SEC = 4;
const BEFORE_BELL_SEC = 0.8;
/** The timeline's own tail rule (see layoutTimeline): bed after the last item. */
const tailAfter = (lastPause: number) => Math.min(12, Math.max(3, lastPause));

export interface VoicedRequest {
  text: string;
  settings: PracticeSettings;
  /** The mala's position when it starts (live play continues the day's round; a file starts at 0). */
  startBead?: number;
}

export interface VoicedDeps {
  providers: Pick<RitualProviders, 'speech' | 'isConfigured'>;
  cache: SegmentCache;
  files: FileStore;
  providerSettings: () => ProviderSettings;
  presets: Preset[];
  mixFolder?: string;
}

export interface VoicedPractice {
  spec: NarrationSpec;
  /** What each timeline item is (index = item). */
  plan: VoicedItem[];
  /** Who spoke it. */
  speech: { provider: ProviderId; voice: string };
  durationSec: number;
}

export function bedProgram(presets: Preset[], bed: string): Program | null {
  if (bed === 'none') return null;
  const preset = presets.find((p) => p.id === bed);
  if (!preset) throw new KoruError('BAD_INPUT', `Unknown bed "${bed}": choose one of ${presets.map((p) => p.id).join(', ')} or "none".`);
  return preset.draft.program;
}

/** The mantra's audio in the segment cache: from the cache when any voice of the chain has
 *  spoken this text before, else spoken now and stored. */
export async function voiceMantra(deps: VoicedDeps, text: string, settings: PracticeSettings, signal?: AbortSignal): Promise<{ ref: SegmentRef; provider: ProviderId; voice: string }> {
  const ps = deps.providerSettings();
  const order: ProviderId[] = settings.provider ? [settings.provider, ...ps.speechOrder.filter((p) => p !== settings.provider)] : ps.speechOrder;
  if (settings.provider && !deps.providers.isConfigured(settings.provider)) {
    throw new KoruError('BAD_INPUT', `${PROVIDER_NAMES[settings.provider]} has no API key for its endpoint — add one in Settings → Providers, or choose another voice.`);
  }
  const chain = deps.providers.speech(order);
  if (text.length > chain.maxChars) throw new KoruError('BAD_INPUT', `This mantra is ${text.length} characters; the voice can speak at most ${chain.maxChars} at once.`);
  const voiceFor = (p: ProviderId) => voiceOf(ps, p) ?? '';
  const first = chain.providers[0] ?? OFFLINE;
  const firstVoice = settings.voice ?? voiceFor(first);
  const keyFor = (p: ProviderId, voice: string): SpeechKey => ({ provider: p, model: speechModelOf(ps, p), voice, text });
  const cached = chain.providers.map((p, i) => keyFor(p, i === 0 ? firstVoice : voiceFor(p))).find((k) => deps.cache.has(speechHash(k)));
  let key = cached;
  if (!key) {
    const spoken = await chain.speakDetailed({ text, voice: firstVoice, ...(signal ? { signal } : {}) });
    const a = spoken.audio;
    if (!(a?.samples instanceof Float32Array) || a.samples.length === 0 || !Number.isInteger(a.sampleRate) || a.sampleRate < 8000) throw new ProviderError(spoken.provider, 'bad_reply');
    key = keyFor(spoken.provider, spoken.voice);
    deps.cache.write(key, a);
  }
  const ref = deps.cache.ref(speechHash(key), 0);
  if (!ref) throw new KoruError('STORAGE', 'The voiced mantra could not be kept in the data folder.');
  return { ref, provider: key.provider, voice: key.voice };
}

/** The timeline of a voiced practice whose repetition lasts `mantraSec` (pure). */
export function voicedTimeline(plan: readonly VoicedItem[], mantraSec: number, bellSec: number, s: Pick<PracticeSettings, 'gapSec' | 'guruPauseSec'>): { items: TimelineItem[]; targetSec: number } {
  let round = 0;
  const items: TimelineItem[] = plan.map((kind, i) => {
    if (kind === 'bell') return { durationSec: bellSec, pauseAfterSec: s.guruPauseSec, group: round++ };
    return { durationSec: mantraSec, pauseAfterSec: plan[i + 1] === 'bell' ? BEFORE_BELL_SEC : s.gapSec, group: round };
  });
  // The layout stretches pauses to fill its target: a target of exactly lead-in + speech + pauses
  // + tail keeps every pause as asked.
  const speech = items.reduce((t, it) => t + it.durationSec, 0);
  const pauses = items.slice(0, -1).reduce((t, it) => t + it.pauseAfterSec, 0);
  const targetSec = LEAD_IN_SEC + speech + pauses + tailAfter(items.at(-1)?.pauseAfterSec ?? 3);
  return { items, targetSec };
}

export async function voicedPractice(deps: VoicedDeps, req: VoicedRequest, signal?: AbortSignal): Promise<VoicedPractice> {
  const bed = bedProgram(deps.presets, req.settings.bed);
  const voiced = await voiceMantra(deps, req.text, req.settings, signal);
  const plan = voicedPlan(req.settings.voicedCount, req.settings.roundSize, req.startBead ?? 0);
  const bell = bellRef(deps.files, 0);
  const { items, targetSec } = voicedTimeline(plan, voiced.ref.samples / voiced.ref.sampleRate, bell.samples / bell.sampleRate, req.settings);
  const segments = plan.map((kind, index) => ({ ...(kind === 'bell' ? bell : voiced.ref), index }));
  const spec: NarrationSpec = {
    kind: 'narration',
    bed,
    targetSec,
    items,
    balance: req.settings.balance,
    leadInSec: LEAD_IN_SEC,
    segments,
    open: false,
    ...(deps.mixFolder ? { mixFolder: deps.mixFolder } : {}),
  };
  return { spec, plan, speech: { provider: voiced.provider, voice: voiced.voice }, durationSec: targetSec };
}
