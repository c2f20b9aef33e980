/**
 * Noise voices. One seeded xorshift32 stream per track, so the same program and seed render the
 * same samples. The same (mono) noise goes to both ears. Every colour is normalised to the same
 * RMS, amp/3, so `amp` means comparable loudness across colours (white then peaks at 0.58·amp).
 */
import type { Voice } from '../../../contract/voice';

type NoiseColor = Extract<Voice, { kind: 'noise' }>['color'];
import type { Ramp, VoiceDsp } from './dsp';

/** RMS of a noise voice at amp 1. */
export const NOISE_RMS = 1 / 3;
/** int32 → [−1, 1): uniform, variance 1/3. */
const I2F = 1 / 2147483648;
const WHITE_SIGMA = Math.sqrt(1 / 3);
/** Brown noise: the integrator leaks below this corner so it cannot wander off. */
export const BROWN_CORNER_HZ = 10;

/** Mix a 32-bit seed and a track number into a non-zero xorshift32 state (splitmix32 finaliser). */
export function seedState(seed: number, track: number): number {
  let z = (Math.imul(seed | 0, 0x9e3779b9) + Math.imul(track + 1, 0x85ebca6b)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return z === 0 ? 0x6d2b79f5 : z;
}

// Paul Kellet's "refined" pink filter: six one-pole sections plus a direct and a one-sample-
// delayed term; within ±0.05 dB of −3 dB/octave above ~9 Hz at 44.1 kHz.
const KP = [0.99886, 0.99332, 0.969, 0.8665, 0.55, -0.7616] as const;
const KW = [0.0555179, 0.0750759, 0.153852, 0.3104856, 0.5329522, -0.016898] as const;
const K_DIRECT = 0.5362;
const K_DELAY = 0.115926;

/** Gain that brings the Kellet filter's output to unit variance for unit-variance input:
 *  1/‖h‖ of its impulse response (the slowest pole has decayed by 1e-10 after 20 000 samples). */
const PINK_NORM = (() => {
  const b = [0, 0, 0, 0, 0, 0];
  let sum = 0;
  for (let n = 0; n < 30000; n++) {
    const w = n === 0 ? 1 : 0;
    let y = w * K_DIRECT + (n === 1 ? K_DELAY : 0);
    for (let s = 0; s < 6; s++) {
      b[s] = KP[s]! * b[s]! + w * KW[s]!;
      y += b[s]!;
    }
    sum += y * y;
  }
  return 1 / Math.sqrt(sum);
})();

export class NoiseDsp implements VoiceDsp {
  private x: number;
  // Pink filter state.
  private b0 = 0;
  private b1 = 0;
  private b2 = 0;
  private b3 = 0;
  private b4 = 0;
  private b5 = 0;
  private b6 = 0;
  // Brown integrator state.
  private y = 0;
  private readonly leak: number;
  private readonly brownGain: number;

  constructor(
    private readonly color: NoiseColor,
    sampleRate: number,
    state: number,
  ) {
    this.x = state | 0 || 0x6d2b79f5;
    this.leak = Math.exp((-2 * Math.PI * BROWN_CORNER_HZ) / sampleRate);
    // y = leak·y + g·w has variance g²σ²/(1 − leak²); pick g for unit variance.
    this.brownGain = Math.sqrt(1 - this.leak * this.leak) / WHITE_SIGMA;
  }

  process(mix: Float64Array, off: number, n: number, r: Ramp): void {
    if (this.color === 'pink') this.pink(mix, off, n, r);
    else if (this.color === 'brown') this.brown(mix, off, n, r);
    else this.white(mix, off, n, r);
  }

  private white(mix: Float64Array, off: number, n: number, r: Ramp): void {
    const g = (NOISE_RMS / WHITE_SIGMA) * I2F;
    const a0 = r.amp0 * g, da = r.dAmp * g;
    let x = this.x;
    let k = r.k0;
    for (let i = 0, j = off * 2; i < n; i++, k++, j += 2) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const v = (a0 + k * da) * x;
      mix[j]! += v;
      mix[j + 1]! += v;
    }
    this.x = x;
  }

  private pink(mix: Float64Array, off: number, n: number, r: Ramp): void {
    const g = (NOISE_RMS / WHITE_SIGMA) * PINK_NORM;
    const a0 = r.amp0 * g, da = r.dAmp * g;
    // Coefficients hoisted into locals: V8 then keeps them in registers (or one load away)
    // instead of rematerialising 14 double literals per sample — about 20 % faster.
    const p0 = KP[0], p1 = KP[1], p2 = KP[2], p3 = KP[3], p4 = KP[4], p5 = KP[5];
    const w0 = KW[0] * I2F, w1 = KW[1] * I2F, w2 = KW[2] * I2F, w3 = KW[3] * I2F, w4 = KW[4] * I2F, w5 = KW[5] * I2F;
    const wd = K_DIRECT * I2F, w6 = K_DELAY * I2F;
    let x = this.x;
    let b0 = this.b0, b1 = this.b1, b2 = this.b2, b3 = this.b3, b4 = this.b4, b5 = this.b5, b6 = this.b6;
    let k = r.k0;
    for (let i = 0, j = off * 2; i < n; i++, k++, j += 2) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      // x is the white sample in int32 units; the 2^-31 scale is folded into the gains.
      b0 = p0 * b0 + x * w0;
      b1 = p1 * b1 + x * w1;
      b2 = p2 * b2 + x * w2;
      b3 = p3 * b3 + x * w3;
      b4 = p4 * b4 + x * w4;
      b5 = p5 * b5 + x * w5;
      const v = (a0 + k * da) * (b0 + b1 + b2 + b3 + b4 + b5 + b6 + x * wd);
      b6 = x * w6;
      mix[j]! += v;
      mix[j + 1]! += v;
    }
    this.x = x;
    this.b0 = b0;
    this.b1 = b1;
    this.b2 = b2;
    this.b3 = b3;
    this.b4 = b4;
    this.b5 = b5;
    this.b6 = b6;
  }

  private brown(mix: Float64Array, off: number, n: number, r: Ramp): void {
    const g = NOISE_RMS;
    const a0 = r.amp0 * g, da = r.dAmp * g;
    const leak = this.leak, in_ = this.brownGain * I2F;
    let x = this.x, y = this.y;
    let k = r.k0;
    for (let i = 0, j = off * 2; i < n; i++, k++, j += 2) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      y = leak * y + in_ * x;
      const v = (a0 + k * da) * y;
      mix[j]! += v;
      mix[j + 1]! += v;
    }
    this.x = x;
    this.y = y;
  }
}
