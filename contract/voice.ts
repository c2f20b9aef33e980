import { z } from 'zod';

/** Amplitude 0..1 (SBaGen writes it as 0..100). */
export const Amp = z.number().min(0).max(1);
/** An audible frequency in Hz. */
export const Freq = z.number().gt(0).max(20000);
/** A beat / pulse rate in Hz; frequencies below hearing are used as rates, never as tones. */
export const BeatRate = z.number().min(-100).max(100);
/** The highest frequency either ear may be asked to play. */
export const MAX_TONE_HZ = 20000;
/** SBaGen's N_CH: a tone-set has 16 channels. */
export const SLOTS = 16;

/**
 * The SBaGen channel (0–15) a voice occupies. Voices glide into the voice in the same slot of
 * the next tone-set, as SBaGen's channels do. Absent: the slot after the previous voice's (the
 * first voice: 0), so only tone-sets with gaps (SBaGen's `-` placeholders) need it.
 */
const Slot = z.number().int().min(0).max(SLOTS - 1).optional();

export const SineVoice = z.object({
  kind: z.literal('sine'),
  freq: Freq,
  amp: Amp,
  /** -1 left … 1 right */
  pan: z.number().min(-1).max(1).default(0),
  slot: Slot,
});

/** Each ear's frequency, carrier ± beat/2, must stay audible-range (a negative one sounds as its
 *  mirror image, as in SBaGen). */
function earsInRange(v: { carrier: number; beat: number }, ctx: z.core.$RefinementCtx): void {
  if (Math.abs(v.carrier) + Math.abs(v.beat) / 2 > MAX_TONE_HZ) {
    ctx.addIssue({ code: 'custom', path: ['beat'], message: `carrier ± beat/2 must stay within ${MAX_TONE_HZ} Hz` });
  }
}

/**
 * Left ear carrier + beat/2, right ear carrier − beat/2 (a negative beat swaps them). SBaGen
 * accepts any beat, so a wide one (`200+400/20`) is two unrelated tones; a 0 Hz carrier with
 * amplitude 0 (`0+0/0`) holds a channel that a slide can sweep up from.
 */
export const BinauralVoice = z
  .object({
    kind: z.literal('binaural'),
    carrier: z.number().min(0).max(MAX_TONE_HZ),
    beat: z.number().min(-2 * MAX_TONE_HZ).max(2 * MAX_TONE_HZ),
    amp: Amp,
    slot: Slot,
  })
  .superRefine(earsInRange);

/** Two tones carrier ± beat/2 mixed into both ears: the beat is acoustic, not perceptual. */
export const MonauralVoice = z.object({
  kind: z.literal('monaural'),
  carrier: Freq,
  beat: BeatRate,
  amp: Amp,
  slot: Slot,
});

/** A carrier gated on and off `pulse` times a second with smooth edges. */
export const IsochronicVoice = z.object({
  kind: z.literal('isochronic'),
  carrier: Freq,
  pulse: z.number().gt(0).max(100),
  amp: Amp,
  slot: Slot,
});

export const NoiseColor = z.enum(['white', 'pink', 'brown']);
export type NoiseColor = z.infer<typeof NoiseColor>;

export const NoiseVoice = z.object({
  kind: z.literal('noise'),
  color: NoiseColor,
  amp: Amp,
  slot: Slot,
});

/** Modal singing bowl: beating partial pairs, each with its own decay, struck repeatedly. */
export const BowlVoice = z.object({
  kind: z.literal('bowl'),
  freq: Freq,
  amp: Amp,
  /** Seconds between strikes; 0 strikes once when its period begins (SBaGen's `bell`). */
  strikeEvery: z.number().min(0).max(600).default(12),
  /** Seconds for the fundamental to fall by 60 dB; higher partials decay faster. */
  decay: z.number().min(0.5).max(120).default(20),
  slot: Slot,
});

/**
 * Spinning noise (SBaGen+ `spin:`, `bspin:`, `wspin:`): noise that sweeps between the ears
 * `rate` times a second; `width` (µs, SBaGen's carrier field) sets how far it swings.
 */
export const SpinVoice = z.object({
  kind: z.literal('spin'),
  color: NoiseColor,
  width: z.number().min(-5000).max(5000),
  rate: BeatRate,
  amp: Amp,
  slot: Slot,
});

/** The session's input audio (SBaGen's `-m` file, `mix/<amp>`) at this level. */
export const MixVoice = z.object({
  kind: z.literal('mix'),
  amp: Amp,
  slot: Slot,
});

/** Samples of one cycle of a custom waveform as written (SBaGen `waveNN:`); their scale does
 *  not matter, the shape is stretched to −1…1. */
export const WaveShape = z
  .array(z.number().finite())
  .min(2)
  .max(1024)
  .refine((s) => Math.max(...s) > Math.min(...s), { message: 'a waveform needs at least two different values' });

/** A binaural tone with a custom waveform in place of the sine (SBaGen `waveNN:200+4/50`). */
export const WaveVoice = z
  .object({
    kind: z.literal('wave'),
    shape: WaveShape,
    carrier: z.number().min(0).max(MAX_TONE_HZ),
    beat: z.number().min(-2 * MAX_TONE_HZ).max(2 * MAX_TONE_HZ),
    amp: Amp,
    slot: Slot,
  })
  .superRefine(earsInRange);

export const Voice = z.discriminatedUnion('kind', [
  SineVoice,
  BinauralVoice,
  MonauralVoice,
  IsochronicVoice,
  NoiseVoice,
  BowlVoice,
  SpinVoice,
  MixVoice,
  WaveVoice,
]);
export type Voice = z.infer<typeof Voice>;
export type VoiceInput = z.input<typeof Voice>;
export type VoiceKind = Voice['kind'];

/** The slot of each voice of a tone-set, following the rule on `slot` above. */
export function voiceSlots(voices: readonly { slot?: number | undefined }[]): number[] {
  const out: number[] = [];
  for (const v of voices) out.push(v.slot ?? (out.length ? out[out.length - 1]! + 1 : 0));
  return out;
}
