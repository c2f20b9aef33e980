import { describe, expect, it } from 'vitest';
import type { Spectrum } from '../../../contract';
import { bandFreq } from '../spectrum/scale';
import { drawVisual, grainSpecks, MAX_SPECKS, PATTERNS } from './draw';
import { ease, hueFor, mandalaRings, MAX_RINGS, mergeCarriers, paramsFrom, PULSE_MAX_HZ, pulseFor, radiusFor, REST, RING_R_MAX, RING_R_MIN, type VisualParams } from './mapping';
import { pulseOf, step, STILL } from './motion';

const BANDS = 64;
/** A spectrum like the engine's: `levels` maps a frequency to its band's dBFS, −120 elsewhere. */
function spectrum(active: Spectrum['active'], levels: [number, number][] = [], peaks: Spectrum['peaks'] = []): Spectrum {
  const band = Array.from({ length: BANDS }, () => -120);
  for (const [f, db] of levels) {
    const i = Array.from({ length: BANDS }, (_, b) => Math.abs(Math.log(bandFreq(b, BANDS) / f))).reduce((best, d, b, all) => (d < all[best]! ? b : best), 0);
    band[i] = db;
  }
  return { sampleRate: 48000, bands: [band, [...band]], peaks, active, atSec: 1 };
}

// alpha-relax: pink noise under a 200 Hz carrier beating at 10 Hz (ears at 205 and 195 Hz).
const alpha = spectrum(
  [
    { label: 'pink noise', freq: 0, role: 'noise' },
    { label: 'binaural L', freq: 205, role: 'tone' },
    { label: 'binaural R', freq: 195, role: 'tone' },
    { label: 'binaural beat', freq: 10, role: 'beat' },
  ],
  [[200, -12], [60, -40], [5000, -50]],
);

describe('the beat sets the pulse', () => {
  it('folds the beat down by octaves to a breath no faster than 1 Hz (no strobing)', () => {
    expect(pulseFor(10)).toBeCloseTo(0.625, 12); // every 16th beat
    expect(pulseFor(40)).toBeCloseTo(0.625, 12);
    expect(pulseFor(7.83)).toBeCloseTo(7.83 / 8, 12);
    expect(pulseFor(2)).toBe(1);
    expect(pulseFor(0.5)).toBe(0.5); // slower beats are kept as they are
    expect(pulseFor(0)).toBe(0);
    expect(pulseFor(Number.NaN)).toBe(0);
    for (const beat of [1.01, 3, 13, 33.3, 100]) {
      const p = pulseFor(beat);
      expect(p).toBeLessThanOrEqual(PULSE_MAX_HZ);
      expect(p).toBeGreaterThan(PULSE_MAX_HZ / 2);
      expect(Math.log2(beat / p) % 1).toBeCloseTo(0, 9); // still locked to the beat
    }
  });

  it('takes the beat from the engine’s list of what it is making', () => {
    const p = paramsFrom(alpha);
    expect(p.beatHz).toBe(10);
    expect(p.pulseHz).toBeCloseTo(0.625, 12);
    expect(paramsFrom(spectrum([{ label: 'sine', freq: 396, role: 'tone' }])).pulseHz).toBe(0);
  });
});

describe('carriers set hues and ring radii', () => {
  it('hears a binaural pair as one carrier at its centre', () => {
    expect(mergeCarriers([205, 195])).toHaveLength(1);
    expect(mergeCarriers([205, 195])[0]).toBeCloseTo(Math.sqrt(205 * 195), 9);
    expect(mergeCarriers([528, 639, 741, 136.1])).toHaveLength(4);
    expect(mergeCarriers([0, 10, Number.NaN])).toEqual([]);
    const p = paramsFrom(alpha);
    expect(p.carriers).toHaveLength(1);
    expect(p.carriers[0]!.freq).toBeCloseTo(200, 0);
    // Its level is read from the band it sits in: −12 dBFS on a 72 dB scale.
    expect(p.carriers[0]!.level).toBeCloseTo(60 / 72, 6);
  });

  it('gives the same note the same hue in every octave, and higher tones wider rings', () => {
    expect(hueFor(261.6255653)).toBeCloseTo(0, 6);
    expect(hueFor(440)).toBeCloseTo(hueFor(110), 9);
    expect(hueFor(440)).toBeCloseTo(0.75 * 360, 0); // A is 9 semitones above C
    expect(hueFor(100)).not.toBeCloseTo(hueFor(150), 0);
    expect(radiusFor(40)).toBe(RING_R_MIN);
    expect(radiusFor(5120)).toBeCloseTo(RING_R_MAX, 12);
    expect(radiusFor(10)).toBe(RING_R_MIN);
    expect(radiusFor(20_000)).toBeCloseTo(RING_R_MAX, 12);
    // Each octave moves the ring out by the same step.
    expect(radiusFor(400) - radiusFor(200)).toBeCloseTo(radiusFor(200) - radiusFor(100), 12);
    const blessing = paramsFrom(spectrum([136.1, 528, 639, 741].map((freq) => ({ label: 'sine', freq, role: 'tone' as const }))));
    expect(blessing.carriers.map((c) => c.freq)).toEqual([136.1, 528, 639, 741]);
    const radii = blessing.carriers.map((c) => c.radius);
    expect([...radii].sort((a, b) => a - b)).toEqual(radii);
  });

  it('falls back to the peaks found in the output when no tone is listed (narration, input audio)', () => {
    const narration = spectrum([{ label: 'input audio', freq: 0, role: 'noise' }], [[180, -20]], [{ freq: 180, db: -20 }, { freq: 2400, db: -90 }]);
    const p = paramsFrom(narration);
    expect(p.carriers.map((c) => c.freq)).toEqual([180]); // the −90 dB peak is below the floor
    expect(p.beatHz).toBe(0);
  });

  it('lays each carrier’s harmonics out as mandala rings with 6·n petals, none piled up', () => {
    const [c] = paramsFrom(alpha).carriers;
    const rings = mandalaRings([c!]);
    expect(rings[0]).toMatchObject({ radius: radiusFor(c!.freq), petals: 6 });
    // Harmonic n has 6·n petals; harmonics too close to a drawn ring are left out.
    expect(rings.every((r) => r.petals % 6 === 0)).toBe(true);
    expect(rings.map((r) => r.petals)).toEqual([...rings.map((r) => r.petals)].sort((a, b) => a - b));
    expect(rings.length).toBeGreaterThan(4);
    expect(rings.length).toBeLessThanOrEqual(MAX_RINGS);
    for (let i = 1; i < rings.length; i++) expect(rings[i]!.radius - rings[i - 1]!.radius).toBeGreaterThanOrEqual(0.045);
    expect(rings.every((r) => r.radius <= RING_R_MAX)).toBe(true);
    expect(mandalaRings([])).toEqual([]);
  });
});

describe('noise bands set the texture', () => {
  it('reads grain from the highs and the lows only when a noise voice plays', () => {
    const p = paramsFrom(alpha);
    expect(p.texture.coarse).toBeGreaterThan(0);
    expect(p.texture.fine).toBeGreaterThan(0);
    const louder = paramsFrom(spectrum(alpha.active, [[200, -12], [60, -20], [5000, -20]]));
    expect(louder.texture.coarse).toBeGreaterThan(p.texture.coarse);
    expect(louder.texture.fine).toBeGreaterThan(p.texture.fine);
    const noNoise = paramsFrom(spectrum(alpha.active.filter((a) => a.role !== 'noise'), [[200, -12], [60, -20]]));
    expect(noNoise.texture).toEqual({ fine: 0, coarse: 0 });
  });

  it('scatters specks in proportion, the same for the same step and new for the next', () => {
    const a = grainSpecks({ fine: 0.5, coarse: 1 }, 3);
    expect(a.fine).toHaveLength(MAX_SPECKS.fine / 2);
    expect(a.coarse).toHaveLength(MAX_SPECKS.coarse);
    expect(grainSpecks({ fine: 0.5, coarse: 1 }, 3)).toEqual(a);
    expect(grainSpecks({ fine: 0.5, coarse: 1 }, 4).fine).not.toEqual(a.fine);
    expect(a.fine.every(([x, y]) => Math.hypot(x, y) <= 1.05)).toBe(true);
    expect(grainSpecks({ fine: 0, coarse: 0 }, 1)).toEqual({ fine: [], coarse: [] });
  });
});

describe('motion', () => {
  it('eases toward the sound: a new carrier fades in, a gone one fades out and is dropped', () => {
    const target = paramsFrom(alpha);
    let shown: VisualParams = REST;
    shown = ease(shown, target, 0.05, 0.25);
    expect(shown.carriers).toHaveLength(1);
    expect(shown.carriers[0]!.level).toBeGreaterThan(0);
    expect(shown.carriers[0]!.level).toBeLessThan(target.carriers[0]!.level);
    for (let i = 0; i < 60; i++) shown = ease(shown, target, 1 / 60, 0.25);
    expect(shown.carriers[0]!.level).toBeCloseTo(target.carriers[0]!.level, 1);
    expect(shown.energy).toBeCloseTo(target.energy, 1);
    for (let i = 0; i < 30; i++) shown = ease(shown, REST, 1 / 60, 0.25);
    expect(shown.carriers).toHaveLength(1); // still fading
    for (let i = 0; i < 120; i++) shown = ease(shown, REST, 1 / 60, 0.25);
    expect(shown.carriers).toHaveLength(0);
  });

  it('glides a sliding carrier’s hue the short way round', () => {
    const at = (freq: number): VisualParams => ({ ...REST, carriers: [{ freq, hue: freq === 100 ? 350 : 10, radius: 0.5, level: 1 }] });
    const mid = ease(at(100), at(105), 0.25, 0.25);
    expect(mid.carriers).toHaveLength(1);
    const h = mid.carriers[0]!.hue;
    expect(h > 350 || h < 10).toBe(true); // through 0°, not back through 180°
  });

  it('pulses at the folded beat, but not at all in calm mode', () => {
    const target = paramsFrom(alpha);
    let m = STILL;
    const pulses: number[] = [];
    for (let i = 0; i < 60 * 4; i++) {
      m = step(m, target, 1 / 60, false);
      pulses.push(pulseOf(m, false));
    }
    // 0.625 Hz over 4 s: two and a half breaths, so at least two full swells.
    expect(Math.max(...pulses)).toBeGreaterThan(0.99);
    const rises = pulses.filter((p, i) => i > 0 && pulses[i - 1]! < 0.5 && p >= 0.5).length;
    expect(rises).toBe(3);
    let calm = STILL;
    for (let i = 0; i < 240; i++) calm = step(calm, target, 1 / 60, true);
    expect(pulseOf(calm, true)).toBe(0);
    expect(calm.pulsePhase).toBe(0);
    expect(calm.grainStep).toBe(0); // calm grain does not shimmer
    // Calm turns slower and follows the sound more slowly.
    expect(calm.rotation).toBeLessThan(m.rotation);
    expect(calm.shown.energy).toBeLessThan(m.shown.energy);
  });

  it('does not jump after a long gap (a hidden tab)', () => {
    const a = step(STILL, paramsFrom(alpha), 30, false);
    const b = step(STILL, paramsFrom(alpha), 0.1, false);
    expect(a).toEqual(b);
  });
});

describe('drawing', () => {
  /** A context that records calls: enough to check each pattern draws and draws the same twice. */
  function recorder() {
    const calls: string[] = [];
    const ctx = new Proxy(
      {},
      {
        get: (_t, prop) => {
          if (prop === 'createRadialGradient') return () => ({ addColorStop: (o: number, c: string) => calls.push(`stop ${o} ${c}`) });
          return (...args: unknown[]) => calls.push(`${String(prop)}(${args.map((a) => (typeof a === 'number' ? a.toFixed(4) : String(a))).join(',')})`);
        },
        set: (_t, prop, v) => {
          calls.push(`${String(prop)}=${String(v)}`);
          return true;
        },
      },
    ) as unknown as CanvasRenderingContext2D;
    return { ctx, calls };
  }

  it('draws every pattern deterministically, and differently as the sound changes', () => {
    const loud = paramsFrom(alpha);
    for (const { id } of PATTERNS) {
      const a = recorder();
      const b = recorder();
      const c = recorder();
      drawVisual(a.ctx, 800, 600, id, { params: loud, rotation: 0.3, pulse: 0.5, grainStep: 2 });
      drawVisual(b.ctx, 800, 600, id, { params: loud, rotation: 0.3, pulse: 0.5, grainStep: 2 });
      drawVisual(c.ctx, 800, 600, id, { params: loud, rotation: 0.3, pulse: 0.9, grainStep: 2 });
      expect(a.calls.filter((x) => x.startsWith('stroke('))).not.toHaveLength(0);
      expect(b.calls).toEqual(a.calls);
      expect(c.calls).not.toEqual(a.calls);
    }
  });
});
