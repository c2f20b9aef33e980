import { describe, expect, it } from 'vitest';
import { BOWL_RATIOS, STRIKE_ATTACK_SEC } from './bowl';
import { interpolatePeak, magnitude, maxStep, oneSet, peakAbs, renderProgram, rms } from './measure';

const SR = 44100;
const F = 220;

describe('singing bowl', () => {
  const { L, R } = renderProgram(oneSet([{ kind: 'bowl', freq: F, amp: 0.8, strikeEvery: 0, decay: 20 }]), 4);

  it('rings at every partial of the Tibetan-bowl preset, each pair resolved', () => {
    // 2^17 samples: 0.34 Hz bins, enough to split the fundamental pair (1.7 Hz apart at 220 Hz).
    const n = 131072;
    const mag = magnitude(L, 0, n);
    const bin = SR / n;
    for (const ratio of BOWL_RATIOS) {
      const f = F * ratio;
      // The local maximum within ±2 bins of the partial, refined, lands on it.
      const k0 = Math.round(f / bin);
      let k = k0 - 2;
      for (let i = k0 - 2; i <= k0 + 2; i++) if (mag[i]! > mag[k]!) k = i;
      expect(Math.abs(interpolatePeak(mag, k) * bin - f)).toBeLessThan(0.1);
    }
    // Between the fundamental pair the spectrum dips: two partials, not one.
    const mid = Math.round((F * (BOWL_RATIOS[0]! + BOWL_RATIOS[1]!)) / 2 / bin);
    expect(mag[mid]!).toBeLessThan(0.5 * mag[Math.round((F * BOWL_RATIOS[1]!) / bin)]!);
  });

  it('decays, the higher modes faster', () => {
    const n = 16384;
    const early = magnitude(L, Math.round(0.1 * SR), n);
    const late = magnitude(L, Math.round(3 * SR), n);
    const band = (m: Float64Array, f: number): number => {
      const k = Math.round((f * n) / SR);
      return Math.max(...Array.from(m.subarray(k - 8, k + 9)));
    };
    const drop = (ratio: number) => 20 * Math.log10(band(early, F * ratio) / band(late, F * ratio));
    const fundamental = drop(1);
    // T60 = 20 s → about 60 × 2.9 / 20 ≈ 8.7 dB over the 2.9 s between the windows.
    expect(fundamental).toBeGreaterThan(6);
    expect(fundamental).toBeLessThan(12);
    expect(drop(8.9982)).toBeGreaterThan(fundamental * 3);
  });

  it('stays under amp, has a little stereo width, and strikes without a click', () => {
    expect(peakAbs(L)).toBeLessThanOrEqual(0.8);
    expect(peakAbs(R)).toBeLessThanOrEqual(0.8);
    let diff = 0;
    for (let i = 0; i < SR; i++) diff += (L[i]! - R[i]!) ** 2;
    expect(Math.sqrt(diff / SR)).toBeGreaterThan(0.02 * rms(L, 0, SR));
    // The steepest step during the attack is no larger than once it rings fully.
    const attack = Math.round(STRIKE_ATTACK_SEC * SR);
    expect(maxStep(L, 1, attack)).toBeLessThanOrEqual(maxStep(L, attack, attack + SR / 10));
  });

  it('is struck again every strikeEvery seconds', () => {
    const { L: x } = renderProgram(oneSet([{ kind: 'bowl', freq: F, amp: 0.8, strikeEvery: 1.5, decay: 20 }]), 4);
    const before = rms(x, Math.round(2.9 * SR), Math.round(3 * SR));
    const after = rms(x, Math.round(3.01 * SR), Math.round(3.11 * SR));
    expect(after / before).toBeGreaterThan(1.15);
    // The fast-decaying 4th mode comes back: much louder just after the strike than before it.
    const n = 4096;
    const band = (start: number): number => {
      const m = magnitude(x, Math.round(start * SR), n);
      const k = Math.round((F * 9 * n) / SR);
      return Math.max(...Array.from(m.subarray(k - 4, k + 5)));
    };
    expect(band(3.01) / band(2.9)).toBeGreaterThan(2);
  });
});
