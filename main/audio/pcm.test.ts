import { describe, expect, it } from 'vitest';
import { KoruError } from '../../contract/errors';
import {
  createDither,
  floatToInt16,
  floatToInt16Js,
  int16ToFloat,
  pcmKernel,
} from './pcm';

const LSB = 1 / 32768;

/** Mean and mean-square of (output − input) in LSB for a constant input level. */
function errorStats(level: number, samples = 200_000): { mean: number; power: number } {
  const src = new Float32Array(samples).fill(level);
  const out = new Int16Array(samples);
  floatToInt16(src, samples / 2, 2, out, createDither(7));
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < samples; i++) {
    const e = out[i]! - Math.fround(level) * 32768;
    sum += e;
    sq += e * e;
  }
  const mean = sum / samples;
  return { mean, power: sq / samples - mean * mean };
}

describe('floatToInt16', () => {
  it('runs the WebAssembly SIMD kernel on Node', () => {
    expect(pcmKernel).toBe('wasm-simd');
  });

  it('matches the plain-JS reference bit for bit, across calls and chunk boundaries', () => {
    const n = 40_003; // odd, not a multiple of the 8 lanes, more than one 16384-sample chunk
    const src = new Float32Array(n);
    let x = 12345;
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      src[i] = (x / 2 ** 32 - 0.5) * 2.2; // includes values beyond full scale
    }
    // Edge values: exact ties, full scale, non-finite.
    src.set([0.5 * LSB, -0.5 * LSB, 1, -1, 1.5, -1.5, NaN, Infinity, -Infinity, 3e38, -0], 100);
    const a = new Int16Array(n);
    const b = new Int16Array(n);
    const da = createDither(99);
    const db = createDither(99);
    // Uneven pieces so state carries across calls and partial lane groups.
    for (const [from, frames] of [
      [0, 3],
      [3, 5],
      [8, 20_000],
      [20_008, 19_995],
    ] as const) {
      floatToInt16(src.subarray(from), frames, 1, a, da, from);
      floatToInt16Js(src.subarray(from), frames, 1, b, db, from);
    }
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Array.from(da.state)).toEqual(Array.from(db.state));
  });

  it('clips to the int16 range and turns NaN into silence', () => {
    const src = Float32Array.from([2, -2, 1.5, -1.5, Infinity, -Infinity, NaN, NaN]);
    const out = new Int16Array(8);
    floatToInt16(src, 4, 2, out, createDither());
    expect(Array.from(out)).toEqual([32767, -32768, 32767, -32768, 32767, -32768, 0, 0]);
  });

  it('dithers silence to −1/0/+1 LSB with the triangular 1/8, 3/4, 1/8 split', () => {
    const n = 160_000;
    const out = new Int16Array(n);
    floatToInt16(new Float32Array(n), n / 2, 2, out, createDither(3));
    const count = (v: number) => out.filter((s) => s === v).length / n;
    expect(count(-1)).toBeCloseTo(0.125, 2);
    expect(count(0)).toBeCloseTo(0.75, 2);
    expect(count(1)).toBeCloseTo(0.125, 2);
    expect(out.every((s) => Math.abs(s) <= 1)).toBe(true);
  });

  it('is unbiased and its error power does not depend on the signal (TPDF, not RPDF)', () => {
    for (const frac of [0, 0.25, 0.5, 0.75, 0.3]) {
      const { mean, power } = errorStats((1000 + frac) * LSB);
      expect(Math.abs(mean)).toBeLessThan(0.01);
      // TPDF (1/6) + rounding (1/12) = 1/4 LSB², whatever the level.
      expect(power).toBeGreaterThan(0.24);
      expect(power).toBeLessThan(0.26);
    }
  });

  it('is repeatable for a seed and differs between seeds', () => {
    const src = new Float32Array(1000).fill(0.1);
    const run = (seed: number) => {
      const out = new Int16Array(1000);
      floatToInt16(src, 500, 2, out, createDither(seed));
      return Array.from(out);
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('refuses buffers that are too short', () => {
    const out = new Int16Array(4);
    expect(() => floatToInt16(new Float32Array(4), 3, 2, out, createDither())).toThrow(KoruError);
    expect(() => floatToInt16(new Float32Array(8), 3, 2, out, createDither())).toThrow(/too short/);
    expect(() => floatToInt16(new Float32Array(8), 1.5, 2, out, createDither())).toThrow(KoruError);
  });
});

describe('int16ToFloat', () => {
  it('is the exact inverse scale of floatToInt16', () => {
    const src = Int16Array.from([-32768, -1, 0, 1, 16384, 32767]);
    const out = new Float32Array(8);
    int16ToFloat(src, 3, 2, out, 2);
    expect(Array.from(out.subarray(2))).toEqual([-1, -LSB, 0, LSB, 0.5, 32767 * LSB]);
  });

  it('round-trips through floatToInt16 within the ±1 LSB of dither', () => {
    const ints = Int16Array.from({ length: 4096 }, (_, i) => (i * 37) % 65536 - 32768);
    const f = new Float32Array(4096);
    int16ToFloat(ints, 2048, 2, f);
    const back = new Int16Array(4096);
    floatToInt16(f, 2048, 2, back, createDither(11));
    let maxErr = 0;
    for (let i = 0; i < 4096; i++) maxErr = Math.max(maxErr, Math.abs(back[i]! - ints[i]!));
    expect(maxErr).toBe(1);
  });
});
