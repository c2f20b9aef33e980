import { z } from 'zod';

/** Amplitude 0..1 (SBaGen writes it as 0..100). */
export const Amp = z.number().min(0).max(1);
/** An audible frequency in Hz. */
export const Freq = z.number().gt(0).max(20000);
/** A beat / pulse rate in Hz; frequencies below hearing are used as rates, never as tones. */
export const BeatRate = z.number().min(-100).max(100);

export const SineVoice = z.object({
  kind: z.literal('sine'),
  freq: Freq,
  amp: Amp,
  /** -1 left … 1 right */
  pan: z.number().min(-1).max(1).default(0),
});

/** Left ear carrier + beat/2, right ear carrier − beat/2 (a negative beat swaps them). */
export const BinauralVoice = z.object({
  kind: z.literal('binaural'),
  carrier: Freq,
  beat: BeatRate,
  amp: Amp,
});

/** Two tones carrier ± beat/2 mixed into both ears: the beat is acoustic, not perceptual. */
export const MonauralVoice = z.object({
  kind: z.literal('monaural'),
  carrier: Freq,
  beat: BeatRate,
  amp: Amp,
});

/** A carrier gated on and off `pulse` times a second with smooth edges. */
export const IsochronicVoice = z.object({
  kind: z.literal('isochronic'),
  carrier: Freq,
  pulse: z.number().gt(0).max(100),
  amp: Amp,
});

export const NoiseColor = z.enum(['white', 'pink', 'brown']);
export const NoiseVoice = z.object({
  kind: z.literal('noise'),
  color: NoiseColor,
  amp: Amp,
});

/** Modal singing bowl: beating partial pairs, each with its own decay, struck repeatedly. */
export const BowlVoice = z.object({
  kind: z.literal('bowl'),
  freq: Freq,
  amp: Amp,
  /** Seconds between strikes; 0 strikes once when the tone-set begins (SBaGen's `bell`). */
  strikeEvery: z.number().min(0).max(600).default(12),
  /** Seconds for the fundamental to fall by 60 dB; higher partials decay faster. */
  decay: z.number().min(0.5).max(120).default(20),
});

export const Voice = z.discriminatedUnion('kind', [
  SineVoice,
  BinauralVoice,
  MonauralVoice,
  IsochronicVoice,
  NoiseVoice,
  BowlVoice,
]);
export type Voice = z.infer<typeof Voice>;
export type VoiceInput = z.input<typeof Voice>;
export type VoiceKind = Voice['kind'];
