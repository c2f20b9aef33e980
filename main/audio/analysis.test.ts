import { describe, expect, it } from 'vitest';
import { KoruError } from '../../contract/errors';
import {
  deinterleave,
  estimateFrequency,
  maxStep,
  nullTest,
  peakFrequency,
  rms,
} from './analysis';

const SR = 44100;

function tone(freq: number, sec: number, sr = SR, amp = 0.5, phase = 0.3): Float32Array {
  const out = new Float32Array(Math.round(sec * sr));
  for (let n = 0; n < out.length; n++) out[n] = amp * Math.sin((2 * Math.PI * freq * n) / sr + phase);
  return out;
}

/** Seeded uniform noise in [−amp, amp): tests must not depend on Math.random. */
function noise(length: number, amp: number, seed = 1): Float32Array {
  const out = new Float32Array(length);
  let s = seed;
  for (let n = 0; n < length; n++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[n] = (s / 2 ** 32 - 0.5) * 2 * amp;
  }
  return out;
}

describe('peakFrequency', () => {
  it('finds a tone between bins to a small fraction of a bin', () => {
    expect(Math.abs(peakFrequency(tone(440.3, 1), SR) - 440.3)).toBeLessThan(0.05);
    expect(Math.abs(peakFrequency(tone(7123.45, 0.5, 48000), 48000) - 7123.45)).toBeLessThan(0.1);
  });

  it('looks only inside the requested range', () => {
    const mix = tone(200, 1);
    const weak = tone(3000, 1, SR, 0.05);
    for (let n = 0; n < mix.length; n++) mix[n]! += weak[n]!;
    expect(Math.abs(peakFrequency(mix, SR) - 200)).toBeLessThan(0.05);
    expect(Math.abs(peakFrequency(mix, SR, { minFreq: 1000 }) - 3000)).toBeLessThan(0.05);
  });

  it('refuses silence and tiny inputs', () => {
    expect(() => peakFrequency(new Float32Array(4096), SR)).toThrow(KoruError);
    expect(() => peakFrequency(new Float32Array(3), SR)).toThrow(/at least/);
  });
});

describe('estimateFrequency', () => {
  it('measures a pure tone to well under a millihertz', () => {
    const f = estimateFrequency(tone(200.0004, 3), SR);
    expect(Math.abs(f - 200.0004)).toBeLessThan(0.0002);
    const g = estimateFrequency(tone(1000.1234, 2, 48000, 0.2), 48000);
    expect(Math.abs(g - 1000.1234)).toBeLessThan(0.0002);
  });

  it('handles low carriers and stays within a millihertz in noise at −40 dB', () => {
    const low = estimateFrequency(tone(40.0021, 4), SR);
    expect(Math.abs(low - 40.0021)).toBeLessThan(0.0005);
    const x = tone(432.0007, 3);
    const n = noise(x.length, 0.005);
    for (let i = 0; i < x.length; i++) x[i]! += n[i]!;
    expect(Math.abs(estimateFrequency(x, SR) - 432.0007)).toBeLessThan(0.001);
  });

  it('recovers a binaural beat as the difference of the two ears', () => {
    const left = tone(195, 3);
    const right = tone(205.0005, 3);
    const stereo = new Float32Array(left.length * 2);
    for (let n = 0; n < left.length; n++) {
      stereo[2 * n] = left[n]!;
      stereo[2 * n + 1] = right[n]!;
    }
    const beat =
      estimateFrequency(deinterleave(stereo, 1), SR) - estimateFrequency(deinterleave(stereo, 0), SR);
    expect(Math.abs(beat - 10.0005)).toBeLessThan(0.0003);
  });
});

describe('deinterleave', () => {
  it('picks one channel of interleaved frames', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(deinterleave(x, 0))).toEqual([1, 3, 5]);
    expect(Array.from(deinterleave(x, 1))).toEqual([2, 4, 6]);
    expect(Array.from(deinterleave(x, 2, 3))).toEqual([3, 6]);
    expect(() => deinterleave(x, 2)).toThrow(KoruError);
  });
});

describe('maxStep', () => {
  it('finds a click and ignores it outside the range', () => {
    const x = tone(100, 0.1); // steps of at most 2π·100/44100·0.5 ≈ 0.0071
    const smooth = maxStep(x);
    expect(smooth).toBeGreaterThan(0.006);
    expect(smooth).toBeLessThan(0.0072);
    x[2000]! += 0.25;
    expect(maxStep(x)).toBeGreaterThan(0.24);
    expect(maxStep(x, 0, 1999)).toBeCloseTo(smooth, 6);
    expect(maxStep(x, 2002)).toBeLessThan(0.0072);
  });
});

describe('rms', () => {
  it('is amplitude/√2 for a sine and respects the range', () => {
    expect(rms(tone(1000, 1, SR, 0.8))).toBeCloseTo(0.8 / Math.SQRT2, 4);
    const x = new Float32Array(100);
    x.fill(0.5, 50);
    expect(rms(x, 50)).toBeCloseTo(0.5, 7);
    expect(rms(x, 0, 50)).toBe(0);
    expect(rms(x, 80, 20)).toBe(0);
  });
});

describe('nullTest', () => {
  const a = tone(220, 0.5);
  const extra = noise(a.length, 0.3, 9);
  for (let n = 0; n < a.length; n++) a[n]! += extra[n]!;

  it('is −Infinity for identical signals', () => {
    expect(nullTest(a, a.slice())).toEqual({ db: -Infinity, offset: 0 });
  });

  it('finds the alignment and measures the residual level', () => {
    const delay = 7;
    const b = new Float32Array(a.length + delay);
    b.set(a, delay);
    const tiny = noise(b.length, 1e-4, 3);
    for (let n = 0; n < b.length; n++) b[n]! += tiny[n]!;
    const r = nullTest(a, b, { maxOffset: 16 });
    expect(r.offset).toBe(delay);
    // residual RMS 1e-4/√3 against a ≈ 0.4: about −77 dB
    const expected = 20 * Math.log10(1e-4 / Math.sqrt(3) / rms(a));
    expect(r.db).toBeGreaterThan(expected - 1);
    expect(r.db).toBeLessThan(expected + 1);
    // Outside the search window the best is a poor match.
    expect(nullTest(a, b, { maxOffset: 3 }).db).toBeGreaterThan(-10);
  });

  it('aligns interleaved stereo by whole frames', () => {
    const stereo = new Float32Array(a.length * 2);
    for (let n = 0; n < a.length; n++) {
      stereo[2 * n] = a[n]!;
      stereo[2 * n + 1] = -a[n]!;
    }
    const late = new Float32Array(stereo.length);
    late.set(stereo.subarray(0, stereo.length - 6), 6); // 3 frames later
    const r = nullTest(stereo, late, { channels: 2, maxOffset: 8 });
    expect(r).toEqual({ db: -Infinity, offset: 3 });
  });
});
