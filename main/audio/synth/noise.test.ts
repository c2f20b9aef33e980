import { describe, expect, it } from 'vitest';
import { firstDifference, oneSet, renderProgram, rms, slopeDbPerOctave, welch } from './measure';
import { NOISE_RMS } from './noise';

const SR = 44100;
const noise = (color: 'white' | 'pink' | 'brown', seed = 7) =>
  renderProgram(oneSet([{ kind: 'noise', color, amp: 0.6 }]), 6, { seed });

describe('noise colours', () => {
  // Fit between 100 Hz and 8 kHz: above brown's leak corner (10 Hz), below where the discrete
  // integrator bends away from an ideal −6 dB/octave near Nyquist.
  for (const [color, slope] of [
    ['white', 0],
    ['pink', -3],
    ['brown', -6],
  ] as const) {
    it(`${color}: spectral slope ≈ ${slope} dB/octave, RMS amp/3, same in both ears`, () => {
      const { L, R } = noise(color);
      const s = slopeDbPerOctave(welch(L), SR, 100, 8000);
      expect(Math.abs(s - slope)).toBeLessThan(0.5);
      // Skip the first 0.2 s: brown's integrator starts from rest.
      const level = rms(L, SR / 5, L.length);
      expect(Math.abs(level / (0.6 * NOISE_RMS) - 1)).toBeLessThan(0.1);
      expect(Array.from(L.subarray(0, 1000))).toEqual(Array.from(R.subarray(0, 1000)));
    });
  }
});

describe('noise seeding', () => {
  it('renders identical samples for the same seed and different ones for another', () => {
    const a = renderProgram(oneSet([{ kind: 'noise', color: 'pink', amp: 0.5 }]), 0.5, { seed: 42 });
    const b = renderProgram(oneSet([{ kind: 'noise', color: 'pink', amp: 0.5 }]), 0.5, { seed: 42 });
    const c = renderProgram(oneSet([{ kind: 'noise', color: 'pink', amp: 0.5 }]), 0.5, { seed: 43 });
    expect(firstDifference(b.L, a.L)).toBe(-1);
    expect(firstDifference(c.L, a.L)).toBeGreaterThanOrEqual(0);
  });

  it('gives two noise voices of one set independent streams', () => {
    const { L } = renderProgram(
      oneSet([
        { kind: 'noise', color: 'white', amp: 0.5 },
        { kind: 'noise', color: 'white', amp: 0.5 },
      ]),
      2,
    );
    // Correlated streams would add coherently (RMS × 2); independent ones add in power (× √2).
    expect(rms(L) / (0.5 * NOISE_RMS)).toBeCloseTo(Math.SQRT2, 1);
  });
});
