import { describe, expect, it } from 'vitest';
import { CEILING, createMaster, RAMP_SEC } from './master';
import { maxStep, oneSet, peakAbs } from './synth/measure';
import { createSessionRenderer } from './synth/renderer';

const SR = 44100;

/** Render `sec` of a program through a master, calling `during(blockIndex)` before each block. */
function throughMaster(
  voices: Parameters<typeof oneSet>[0],
  sec: number,
  volume: number,
  maxVolume: number,
  during: (block: number, m: ReturnType<typeof createMaster>) => void = () => {},
): Float64Array {
  const r = createSessionRenderer(oneSet(voices), { sampleRate: SR, durationSec: sec, edgeFadeSec: 0 });
  const m = createMaster({ sampleRate: SR, volume, maxVolume });
  const out: number[] = [];
  const buf = new Float32Array(1024 * 2);
  for (let b = 0; ; b++) {
    during(b, m);
    const n = r.render(buf, 1024);
    m.process(buf, n);
    for (let i = 0; i < n; i++) out.push(buf[2 * i]!);
    if (n < 1024) break;
  }
  return Float64Array.from(out);
}

describe('master', () => {
  it('never exceeds the −1 dBFS ceiling, even with 8 loud voices', () => {
    const voices = [110, 165, 220, 275, 330, 440, 550, 660].map((freq) => ({ kind: 'sine' as const, freq, amp: 1 }));
    const x = throughMaster(voices, 2, 1, 1);
    expect(CEILING).toBeCloseTo(0.8913, 4);
    expect(peakAbs(x)).toBeLessThanOrEqual(CEILING);
    // …and it is limiting, not muting: the output sits right at the ceiling.
    expect(peakAbs(x)).toBeGreaterThan(0.99 * CEILING);
  });

  it('applies volume × maxVolume and is transparent below the ceiling', () => {
    const x = throughMaster([{ kind: 'sine', freq: 440, amp: 0.5 }], 0.5, 0.5, 0.8);
    expect(peakAbs(x)).toBeCloseTo(0.5 * 0.5 * 0.8, 4);
    // Transparent: exactly the scaled input, so a pure tone keeps its exact shape.
    const raw = throughMaster([{ kind: 'sine', freq: 440, amp: 0.5 }], 0.5, 1, 1);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - raw[i]! * 0.4));
    expect(worst).toBeLessThan(1e-7);
  });

  it('ramps a volume or cap change over ~50 ms without a click', () => {
    const voices = [{ kind: 'sine' as const, freq: 500, amp: 0.8 }];
    const x = throughMaster(voices, 1, 1, 1, (b, m) => {
      if (b === 10) m.setVolume(0.1);
      if (b === 20) m.setMaxVolume(0.05);
      if (b === 30) m.setVolume(1);
      if (b === 31) m.setMaxVolume(1);
    });
    const steady = maxStep(x, 1, 10 * 1024);
    expect(maxStep(x, 1, x.length)).toBeLessThanOrEqual(2 * steady);
    // The new level is reached once the ramp is over…
    const at = (block: number) => peakAbs(x, block * 1024 + Math.ceil(RAMP_SEC * SR), (block + 3) * 1024);
    expect(at(10 + 2)).toBeCloseTo(0.08, 3);
    expect(at(20 + 2)).toBeCloseTo(0.8 * 0.1 * 0.05, 4);
    // …and not before: 10 ms into the first ramp the level is still on its way down.
    expect(peakAbs(x, 10 * 1024 + 441, 10 * 1024 + 900)).toBeGreaterThan(0.5);
  });

  it('refuses levels outside 0…1 with BAD_INPUT', () => {
    expect(() => createMaster({ sampleRate: SR, volume: 1.2, maxVolume: 1 })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    const m = createMaster({ sampleRate: SR, volume: 1, maxVolume: 1 });
    expect(() => m.setMaxVolume(-0.1)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => m.setVolume(Number.NaN)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
