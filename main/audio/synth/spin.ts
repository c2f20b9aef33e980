/**
 * Spinning noise (SBaGen+ `spin:`, `bspin:`, `wspin:`): noise whose balance swings between the
 * ears along a sine at the spin rate. SBaGen+ turns the width (µs, the interaural delay of the
 * original SBaGen) into a swing of 1.5 × width × sample rate / 128 and plays the noise at
 * (1 − p) in the left ear and (1 + p) in the right, p clipped to −1…127/128. Koru uses its
 * default 44.1 kHz for that conversion, so a spin sounds the same at every output rate.
 */
import type { NoiseColor } from '../../../contract/voice';
import type { Ramp, VoiceDsp } from './dsp';
import { MAX_BLOCK_FRAMES } from './dsp';
import { NoiseDsp } from './noise';
import { SIN, SIN_SIZE } from './tables';

/** The rate SBaGen+'s width-to-swing conversion is taken at. */
export const SPIN_REFERENCE_RATE = 44100;
const SWING_PER_US = (1.5 * 1e-6 * SPIN_REFERENCE_RATE) / 128;
const MAX_SWING = 127 / 128;

export class SpinDsp implements VoiceDsp {
  private readonly noise: NoiseDsp;
  private readonly buf = new Float64Array(MAX_BLOCK_FRAMES * 2);
  private ph = 0;

  constructor(
    color: NoiseColor,
    sampleRate: number,
    state: number,
    private readonly invSr: number = 1 / sampleRate,
  ) {
    this.noise = new NoiseDsp(color, sampleRate, state);
  }

  process(mix: Float64Array, off: number, n: number, r: Ramp): void {
    const buf = this.buf;
    buf.fill(0, 0, n * 2);
    this.noise.process(buf, 0, n, r);
    const T = SIN, N = SIN_SIZE;
    const w0 = r.freq0 * SWING_PER_US, dw = r.dFreq * SWING_PER_US;
    const i0 = r.beat0 * this.invSr, di = r.dBeat * this.invSr;
    let ph = this.ph;
    let k = r.k0;
    for (let i = 0, j = off * 2; i < n; i++, k++, j += 2) {
      const x = ph * N;
      const idx = x | 0;
      const s0 = T[idx]!;
      let p = (w0 + k * dw) * (s0 + (x - idx) * (T[idx + 1]! - s0));
      if (p > MAX_SWING) p = MAX_SWING;
      else if (p < -1) p = -1;
      const v = buf[2 * i]!;
      mix[j]! += v * (1 - p);
      mix[j + 1]! += v * (1 + p);
      ph += i0 + k * di;
      if (ph >= 1 || ph < 0) ph -= Math.floor(ph);
    }
    this.ph = ph;
  }
}
