import { describe, expect, it } from 'vitest';
import { fftPeak, firstDifference, magnitude, measureTone, oneSet, peakAbs, renderProgram } from './measure';

const SR = 44100;
// Several seconds so the phase regression resolves well under a millihertz.
const SEC = 6;

describe('sine', () => {
  it('sits at the requested frequency in both ears when centred', () => {
    const { L, R } = renderProgram(oneSet([{ kind: 'sine', freq: 432.1, amp: 0.5 }]), SEC);
    expect(Math.abs(measureTone(L, SR, 100, 1000) - 432.1)).toBeLessThan(0.001);
    expect(Math.abs(measureTone(R, SR, 100, 1000) - 432.1)).toBeLessThan(0.001);
    expect(peakAbs(L)).toBeCloseTo(0.5, 3);
  });

  it('pans with a balance law: hard left silences the right ear', () => {
    const { L, R } = renderProgram(oneSet([{ kind: 'sine', freq: 300, amp: 0.5, pan: -1 }]), 1);
    expect(peakAbs(L)).toBeCloseTo(0.5, 3);
    expect(peakAbs(R)).toBe(0);
  });
});

describe('binaural', () => {
  for (const [carrier, beat] of [
    [200, 10],
    [200, 7.83],
    [136.1, -4.5],
  ] as const) {
    it(`carrier ${carrier} beat ${beat}: each ear and the L−R beat within 0.001 Hz`, () => {
      const { L, R } = renderProgram(oneSet([{ kind: 'binaural', carrier, beat, amp: 0.3 }]), SEC);
      const fl = measureTone(L, SR, 50, 1000);
      const fr = measureTone(R, SR, 50, 1000);
      expect(Math.abs(fl - (carrier + beat / 2))).toBeLessThan(0.001);
      expect(Math.abs(fr - (carrier - beat / 2))).toBeLessThan(0.001);
      expect(Math.abs(fl - fr - beat)).toBeLessThan(0.001);
    });
  }
});

describe('monaural', () => {
  it('puts carrier ± beat/2 into both ears and peaks at exactly amp', () => {
    const { L, R } = renderProgram(oneSet([{ kind: 'monaural', carrier: 250, beat: 8, amp: 0.4 }]), 2);
    expect(firstDifference(L, R)).toBe(-1);
    const low = fftPeak(L, SR, 200, 250);
    const high = fftPeak(L, SR, 250, 300);
    expect(Math.abs(low - 246)).toBeLessThan(0.05);
    expect(Math.abs(high - 254)).toBeLessThan(0.05);
    // Two equal tones beat: the envelope reaches amp and dips to ~0.
    expect(peakAbs(L)).toBeGreaterThan(0.399);
    expect(peakAbs(L)).toBeLessThanOrEqual(0.4 + 1e-6);
  });
});

describe('isochronic', () => {
  it('is the carrier gated at the pulse rate', () => {
    const { L, R } = renderProgram(oneSet([{ kind: 'isochronic', carrier: 300, pulse: 10, amp: 0.5 }]), 2);
    expect(firstDifference(L, R)).toBe(-1);
    expect(Math.abs(fftPeak(L, SR, 100, 1000) - 300)).toBeLessThan(0.05);
    // The gate's rate: the envelope (x²) has its strongest non-DC line at the pulse rate.
    const sq = L.map((v) => v * v);
    expect(Math.abs(fftPeak(sq, SR, 2, 100) - 10)).toBeLessThan(0.05);
    // Sidebands at carrier ± pulse stand far above the gaps between them.
    const n = 65536, mag = magnitude(L, 0, n), bin = SR / n;
    const at = (f: number): number => mag[Math.round(f / bin)]!;
    expect(at(310) / at(315)).toBeGreaterThan(30);
    // Half of each period is (nearly) silent.
    const period = SR / 10;
    let quiet = 0;
    for (let i = 0; i < period; i++) if (Math.abs(L[period * 3 + i]!) < 1e-9) quiet++;
    expect(quiet / period).toBeGreaterThan(0.25);
  });
});
