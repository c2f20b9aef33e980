/** Builds the DSP for a voice, and names the frequencies a voice produces (for the UI). */
import type { Voice, VoiceKind } from '../../../contract/voice';
import type { ActiveTone } from '../types';
import { BowlDsp, BOWL_RATIOS } from './bowl';
import type { VoiceParams } from './compile';
import type { VoiceDsp } from './dsp';
import { MixDsp } from './mix/dsp';
import type { MixSource } from './mix/store';
import { NoiseDsp, seedState } from './noise';
import { SpinDsp } from './spin';
import { BinauralDsp, IsochronicDsp, MonauralDsp, SineDsp } from './tones';
import { waveTable } from './wave';

export interface DspContext {
  sampleRate: number;
  seed: number;
  /** The session's input audio, for `mix` voices (null: they play silence). */
  mixSource: MixSource | null;
}

/** The oscillator for a track: `kind` may differ from the voice's (a sine gliding into a binaural). */
export function createVoiceDsp(kind: VoiceKind, voice: Voice, ctx: DspContext, track: number): VoiceDsp {
  const { sampleRate } = ctx;
  const inv = 1 / sampleRate;
  switch (kind) {
    case 'sine':
      return new SineDsp(inv);
    case 'binaural':
      return new BinauralDsp(inv);
    case 'monaural':
      return new MonauralDsp(inv);
    case 'isochronic':
      return new IsochronicDsp(inv);
    case 'noise':
      return new NoiseDsp(voice.kind === 'noise' ? voice.color : 'pink', sampleRate, seedState(ctx.seed, track));
    case 'bowl':
      return new BowlDsp(sampleRate);
    case 'spin':
      return new SpinDsp(voice.kind === 'spin' ? voice.color : 'pink', sampleRate, seedState(ctx.seed, track));
    case 'mix':
      return new MixDsp(ctx.mixSource, sampleRate);
    case 'wave':
      return new BinauralDsp(inv, waveTable(voice.kind === 'wave' ? voice.shape : [0, 1]), true);
  }
}

const ORDINALS = ['1st', '2nd', '3rd', '4th', '5th', '6th', '7th'];

/** Labelled frequencies of one voice at parameters `p`. Beat and pulse rates are listed too,
 *  labelled as such: they are what the listener is meant to follow. */
export function describeVoice(voice: Voice, p: VoiceParams): ActiveTone[] {
  switch (voice.kind) {
    case 'sine':
      return [{ label: 'sine', freq: p.freq, role: 'tone' }];
    case 'binaural':
      return [
        { label: 'binaural L', freq: Math.abs(p.freq + p.beat / 2), role: 'tone' },
        { label: 'binaural R', freq: Math.abs(p.freq - p.beat / 2), role: 'tone' },
        { label: 'binaural beat', freq: Math.abs(p.beat), role: 'beat' },
      ];
    case 'monaural':
      return [
        { label: 'monaural high', freq: p.freq + Math.abs(p.beat) / 2, role: 'tone' },
        { label: 'monaural low', freq: p.freq - Math.abs(p.beat) / 2, role: 'tone' },
        { label: 'monaural beat', freq: Math.abs(p.beat), role: 'beat' },
      ];
    case 'isochronic':
      return [
        { label: 'isochronic', freq: p.freq, role: 'tone' },
        { label: 'isochronic pulse', freq: p.beat, role: 'beat' },
      ];
    case 'noise':
      return [{ label: `${voice.color} noise`, freq: 0, role: 'noise' }];
    case 'spin':
      return [
        { label: `${voice.color} spin`, freq: 0, role: 'noise' },
        { label: 'spin rate', freq: Math.abs(p.beat), role: 'beat' },
      ];
    case 'mix':
      return [{ label: 'input audio', freq: 0, role: 'noise' }];
    case 'wave':
      return [
        { label: 'wave L', freq: Math.abs(p.freq + p.beat / 2), role: 'tone' },
        { label: 'wave R', freq: Math.abs(p.freq - p.beat / 2), role: 'tone' },
        { label: 'wave beat', freq: Math.abs(p.beat), role: 'beat' },
      ];
    case 'bowl': {
      const out: ActiveTone[] = [];
      // One entry per mode, at the centre of its beating pair.
      for (let m = 0; m * 2 + 1 < BOWL_RATIOS.length; m++) {
        const mean = (BOWL_RATIOS[2 * m]! + BOWL_RATIOS[2 * m + 1]!) / 2;
        out.push({ label: `bowl ${ORDINALS[m] ?? `${m + 1}th`} partial`, freq: p.freq * mean, role: 'tone' });
      }
      return out;
    }
  }
}
