/**
 * Modal singing bowl. Each mode of STK BandedWG's "Tibetan Prayer Bowl" preset is a pair of
 * near-degenerate partials that beat against each other; modes STK lists once are split by
 * ±0.12 % so they beat too. Every partial is a table oscillator times an exponentially decaying
 * envelope; a strike tops each envelope up to its level over a few milliseconds (no click).
 * The two partials of a pair sit slightly left and right, alternating per mode, for a bit of width.
 */
import type { Ramp, VoiceDsp } from './dsp';
import { SIN, SIN_SIZE } from './tables';

/** [ratio a, ratio b, relative level] per mode (ratios from STK BandedWG preset 3). */
const MODES: ReadonlyArray<readonly [number, number, number]> = [
  [0.996108344, 1.0038916562, 1],
  [2.979178, 2.99329767, 0.7],
  [5.704452 * 0.9988, 5.704452 * 1.0012, 0.45],
  [8.9982, 9.01549726, 0.3],
  [12.83303, 12.807382, 0.18],
  [17.2808219 * 0.9988, 17.2808219 * 1.0012, 0.11],
  [21.97602739726 * 0.9988, 21.97602739726 * 1.0012, 0.07],
];
export const BOWL_RATIOS: readonly number[] = MODES.flatMap(([a, b]) => [a, b]);
const P = BOWL_RATIOS.length;
/** Pan of each partial: pairs split ±SPREAD, the sign alternating per mode. */
const SPREAD = 0.3;
/** Levels sum to 1 over all partials, so the bowl never exceeds `amp` in either ear. */
const LEVELS: readonly number[] = (() => {
  const raw = MODES.flatMap(([, , l]) => [l, l]);
  const sum = raw.reduce((s, l) => s + l, 0);
  return raw.map((l) => l / sum);
})();
/** Higher modes ring shorter: T60 = decay / ratio^DECAY_TILT. */
const DECAY_TILT = 0.75;
/** Strike attack. Long enough to be click-free, short enough to sound struck. */
export const STRIKE_ATTACK_SEC = 0.004;
export const MIN_STRIKE_GAP_SEC = 0.05;
/** Partials above this fraction of the sample rate are skipped (they would alias). */
const MAX_FREQ_FRACTION = 0.45;
/** An envelope below this is treated as silent (and not computed). */
const SILENT = 1e-7;

export function bowlPartialFrequencies(freq: number): number[] {
  return BOWL_RATIOS.map((r) => freq * r);
}

export class BowlDsp implements VoiceDsp {
  private readonly ph = new Float64Array(P);
  private readonly env = new Float64Array(P);
  private readonly mul = new Float64Array(P);
  private readonly attackInc = new Float64Array(P);
  private readonly gl = new Float64Array(P);
  private readonly gr = new Float64Array(P);
  private attackLeft = 0;
  private readonly attackLen: number;
  private readonly invSr: number;
  private strikeAt = 0;
  private every = 0;
  /** Index k of the next strike (at strikeAt + k·every) and its frame; Infinity when none is due. */
  private nextK = 0;
  private nextFrame = Infinity;
  private decay = -1;

  constructor(private readonly sampleRate: number) {
    this.invSr = 1 / sampleRate;
    this.attackLen = Math.max(1, Math.round(STRIKE_ATTACK_SEC * sampleRate));
    for (let p = 0; p < P; p++) {
      const side = (p % 2 === 0 ? -1 : 1) * ((p >> 1) % 2 === 0 ? 1 : -1) * SPREAD;
      this.gl[p] = LEVELS[p]! * (side > 0 ? 1 - side : 1);
      this.gr[p] = LEVELS[p]! * (side < 0 ? 1 + side : 1);
    }
  }

  private strikeFrame(k: number): number {
    return Math.round((this.strikeAt + k * this.every) * this.sampleRate);
  }

  configure(strikeAt: number, strikeEvery: number, decay: number, frame: number): void {
    if (decay !== this.decay) {
      this.decay = decay;
      for (let p = 0; p < P; p++) {
        const t60 = decay / Math.pow(BOWL_RATIOS[p]!, DECAY_TILT);
        this.mul[p] = Math.pow(10, -3 / (t60 * this.sampleRate));
      }
    }
    this.strikeAt = strikeAt;
    // Strikes closer than MIN_STRIKE_GAP_SEC would overlap their own attacks.
    this.every = strikeEvery > 0 ? Math.max(strikeEvery, MIN_STRIKE_GAP_SEC) : 0;
    // The first strike of this schedule at or after `frame`.
    let k = 0;
    if (this.strikeFrame(0) < frame) {
      if (this.every === 0) k = -1;
      else {
        k = Math.max(0, Math.floor((frame / this.sampleRate - strikeAt) / this.every));
        while (this.strikeFrame(k) < frame) k++;
      }
    }
    this.nextK = k;
    this.nextFrame = k < 0 ? Infinity : this.strikeFrame(k);
  }

  /** Ring as if the last strike before `frame` had happened (earlier ones are long quieter). */
  resync(frame: number): void {
    this.env.fill(0);
    this.attackLeft = 0;
    // configure() left nextK at the first strike ≥ frame (−1: a single strike already past).
    const last = this.every > 0 ? this.nextK - 1 : this.nextK < 0 ? 0 : -1;
    if (last < 0) return;
    const since = frame - this.strikeFrame(last);
    for (let p = 0; p < P; p++) this.env[p] = Math.pow(this.mul[p]!, since);
  }

  silent(): boolean {
    return this.attackLeft === 0 && this.env.every((e) => e < SILENT);
  }

  private strike(): void {
    for (let p = 0; p < P; p++) {
      // A silent partial restarts from phase 0. Silent partials are skipped, not advanced (see
      // run), and when that starts depends on block edges: resetting keeps the output
      // independent of how the caller slices blocks.
      if (this.env[p]! < SILENT) {
        this.env[p] = 0;
        this.ph[p] = 0;
      }
      this.attackInc[p] = Math.max(0, 1 - this.env[p]!) / this.attackLen;
    }
    this.attackLeft = this.attackLen;
    if (this.every > 0) {
      this.nextK++;
      this.nextFrame = this.strikeFrame(this.nextK);
    } else {
      this.nextK = -1;
      this.nextFrame = Infinity;
    }
  }

  process(mix: Float64Array, off: number, n: number, r: Ramp, frame: number): void {
    let done = 0;
    while (done < n) {
      while (this.nextFrame <= frame + done) this.strike();
      // Run up to the next strike or the end of the attack, whichever comes first.
      let len = Math.min(n - done, this.nextFrame - (frame + done));
      if (this.attackLeft > 0) len = Math.min(len, this.attackLeft);
      this.run(mix, off + done, len, r, r.k0 + done);
      done += len;
    }
  }

  /** `len` frames with a constant attack state. Envelope in units of the partial's level. */
  private run(mix: Float64Array, off: number, len: number, r: Ramp, k0: number): void {
    const T = SIN, N = SIN_SIZE;
    const attacking = this.attackLeft > 0;
    const a0 = r.amp0, da = r.dAmp;
    const maxInc = MAX_FREQ_FRACTION;
    for (let p = 0; p < P; p++) {
      const m = this.mul[p]!;
      const add = attacking ? this.attackInc[p]! : 0;
      let e = this.env[p]!;
      const ratio = BOWL_RATIOS[p]! * this.invSr;
      const i0 = r.freq0 * ratio, di = r.dFreq * ratio;
      const top = Math.max(i0 + k0 * di, i0 + (k0 + len) * di);
      if ((e < SILENT && !attacking) || top >= maxInc) {
        // Silent or above Nyquist: advance the envelope in closed form, skip the oscillator.
        const mn = Math.pow(m, len);
        e = e * mn + (add > 0 ? (add * (1 - mn)) / (1 - m) : 0);
        this.env[p] = e < SILENT && !attacking ? 0 : e;
        continue;
      }
      const gl = this.gl[p]!, gr = this.gr[p]!;
      let ph = this.ph[p]!;
      let k = k0;
      for (let i = 0, j = off * 2; i < len; i++, k++, j += 2) {
        const x = ph * N;
        const idx = x | 0;
        const s0 = T[idx]!;
        const v = (a0 + k * da) * e * (s0 + (x - idx) * (T[idx + 1]! - s0));
        mix[j]! += gl * v;
        mix[j + 1]! += gr * v;
        e = e * m + add;
        ph += i0 + k * di;
        if (ph >= 1 || ph < 0) ph -= Math.floor(ph);
      }
      this.env[p] = e;
      this.ph[p] = ph;
    }
    if (attacking) this.attackLeft -= len;
  }
}
