import { describe, expect, it } from 'vitest';
import { KoruError } from '../../contract/errors';
import { Spectrum } from '../../contract/playback';
import { createSpectrumAnalyzer, SPECTRUM_FLOOR_DB } from './spectrum';

const SR = 44100;

/** Interleaved stereo: each ear a list of [freq, amplitude]. */
function stereo(sec: number, left: [number, number][], right: [number, number][]): Float32Array {
  const frames = Math.round(sec * SR);
  const out = new Float32Array(frames * 2);
  for (let n = 0; n < frames; n++) {
    const t = n / SR;
    for (const [f, a] of left) out[2 * n]! += a * Math.sin(2 * Math.PI * f * t);
    for (const [f, a] of right) out[2 * n + 1]! += a * Math.sin(2 * Math.PI * f * t);
  }
  return out;
}

const AMP_HALF_DB = 20 * Math.log10(0.5); // −6.02 dBFS

function bandOf(centers: readonly number[], freq: number): number {
  let best = 0;
  for (let b = 0; b < centers.length; b++) {
    if (Math.abs(Math.log(centers[b]! / freq)) < Math.abs(Math.log(centers[best]! / freq))) best = b;
  }
  return best;
}

describe('createSpectrumAnalyzer', () => {
  it('reads a tone at its level in dBFS, in its band and as a peak', () => {
    const an = createSpectrumAnalyzer({ sampleRate: SR });
    an.push(stereo(0.2, [[1000, 0.5]], [[1000, 0.5]]), Math.round(0.2 * SR));
    const { bands, peaks } = an.compute();
    expect(bands).toHaveLength(2);
    expect(bands[0]).toHaveLength(64);
    const b = bandOf(an.bandCenters, 1000);
    for (const ch of [0, 1]) {
      const levels = bands[ch]!;
      expect(Math.abs(levels[b]! - AMP_HALF_DB)).toBeLessThan(1.5);
      expect(levels.indexOf(Math.max(...levels))).toBe(b);
      expect(levels[b + 8]!).toBeLessThan(-60); // far from the tone, nothing
    }
    // One tone in both ears is one peak.
    expect(peaks).toHaveLength(1);
    expect(Math.abs(peaks[0]!.freq - 1000)).toBeLessThan(0.5);
    expect(Math.abs(peaks[0]!.db - AMP_HALF_DB)).toBeLessThan(0.3);
  });

  it('separates the two ears of a binaural beat one bin apart', () => {
    const an = createSpectrumAnalyzer({ sampleRate: SR });
    an.push(stereo(0.2, [[200, 0.3]], [[210, 0.3]]), Math.round(0.2 * SR));
    const freqs = an
      .compute()
      .peaks.map((p) => p.freq)
      .sort((x, y) => x - y);
    expect(freqs).toHaveLength(2);
    expect(Math.abs(freqs[0]! - 200)).toBeLessThan(0.5);
    expect(Math.abs(freqs[1]! - 210)).toBeLessThan(0.5);
  });

  it('keeps the channels apart and reports silence as the floor', () => {
    const an = createSpectrumAnalyzer({ sampleRate: SR });
    const silent = an.compute();
    expect(silent.peaks).toEqual([]);
    expect(silent.bands.flat().every((v) => v === SPECTRUM_FLOOR_DB)).toBe(true);
    an.push(stereo(0.1, [], [[3000, 0.25]]), Math.round(0.1 * SR));
    const { bands } = an.compute();
    const b = bandOf(an.bandCenters, 3000);
    expect(bands[0]![b]).toBe(SPECTRUM_FLOOR_DB);
    expect(Math.abs(bands[1]![b]! - 20 * Math.log10(0.25))).toBeLessThan(1.5);
  });

  it('analyses only the newest frames, however they were pushed', () => {
    const old = stereo(1, [[300, 0.5]], [[300, 0.5]]);
    const recent = stereo(0.2, [[5000, 0.5]], [[5000, 0.5]]);
    const whole = createSpectrumAnalyzer({ sampleRate: SR });
    whole.push(old, old.length / 2);
    whole.push(recent, recent.length / 2);
    const a = whole.compute();
    expect(a.peaks).toHaveLength(1);
    expect(Math.abs(a.peaks[0]!.freq - 5000)).toBeLessThan(0.5);

    // Small blocks through a buffer reused between pushes wrap the ring many times.
    const pieces = createSpectrumAnalyzer({ sampleRate: SR });
    const block = new Float32Array(2 * 300);
    for (const src of [old, recent]) {
      for (let f = 0; f < src.length / 2; f += 300) {
        const n = Math.min(300, src.length / 2 - f);
        block.set(src.subarray(2 * f, 2 * (f + n)));
        pieces.push(block, n);
      }
    }
    expect(pieces.compute()).toEqual(a);

    whole.reset();
    expect(whole.compute().peaks).toEqual([]);
  });

  it('reports at most eight peaks, the loudest', () => {
    const tones: [number, number][] = Array.from({ length: 12 }, (_, i) => [
      400 + 400 * i,
      0.02 + 0.005 * i, // louder as they go up
    ]);
    const an = createSpectrumAnalyzer({ sampleRate: SR });
    an.push(stereo(0.2, tones, tones), Math.round(0.2 * SR));
    const freqs = an
      .compute()
      .peaks.map((p) => Math.round(p.freq / 400) * 400)
      .sort((x, y) => x - y);
    expect(freqs).toEqual([2000, 2400, 2800, 3200, 3600, 4000, 4400, 4800]);
  });

  it('produces what the playback.spectrum event accepts', () => {
    const an = createSpectrumAnalyzer({ sampleRate: 48000 });
    an.push(stereo(0.1, [[440, 0.5]], [[445, 0.5]]), 4410);
    const frame = an.compute();
    const event = { ...frame, sampleRate: 48000, active: [], atSec: 1.5 };
    expect(Spectrum.safeParse(event).success).toBe(true);
    expect(frame.bands.flat().every(Number.isFinite)).toBe(true);
  });

  it('refuses bad options and short blocks', () => {
    expect(() => createSpectrumAnalyzer({ sampleRate: SR, size: 1000 })).toThrow(KoruError);
    expect(() => createSpectrumAnalyzer({ sampleRate: 0 })).toThrow(/sample rate/);
    const an = createSpectrumAnalyzer({ sampleRate: SR });
    expect(() => an.push(new Float32Array(10), 6)).toThrow(KoruError);
  });
});

describe('spectrum peaks', () => {
  it('lists only audible peaks, however loud the rumble below 20 Hz', () => {
    const sr = 48000;
    const a = createSpectrumAnalyzer({ sampleRate: sr, size: 4096 });
    const block = new Float32Array(4096 * 2);
    for (let i = 0; i < 4096; i++) {
      const v = 0.5 * Math.sin((2 * Math.PI * 19 * i) / sr) + 0.1 * Math.sin((2 * Math.PI * 440 * i) / sr);
      block[2 * i] = v;
      block[2 * i + 1] = v;
    }
    a.push(block, 4096);
    const { peaks } = a.compute();
    expect(peaks.length).toBeGreaterThan(0);
    expect(peaks.every((p) => p.freq >= 20)).toBe(true);
    expect(peaks.some((p) => Math.abs(p.freq - 440) < 2)).toBe(true);
  });
});
