/**
 * Master stage, applied in place to every block before any sink: level = volume × maxVolume
 * (each ramped linearly over RAMP_SEC so a change never clicks), then a peak limiter with a
 * −1 dBFS ceiling. The limiter has no look-ahead: its gain drops at once to whatever keeps the
 * current sample under the ceiling (so nothing can exceed it) and recovers exponentially. Below
 * the ceiling its gain is exactly 1, i.e. it is transparent.
 */
import { KoruError } from '../../contract/errors';
import type { Master } from './types';

export const RAMP_SEC = 0.05;
export const CEILING_DB = -1;
/** The ceiling, a hair lower so Float32 rounding of x·(c/|x|) cannot land above −1 dBFS. */
export const CEILING = Math.pow(10, CEILING_DB / 20);
const CEILING_SAFE = CEILING * (1 - 1e-6);
export const RELEASE_SEC = 0.25;

export interface MasterOptions {
  sampleRate: number;
  volume: number;
  maxVolume: number;
}

function checkLevel(what: string, v: number): number {
  if (!Number.isFinite(v) || v < 0 || v > 1) throw new KoruError('BAD_INPUT', `${what} must be 0…1, got ${v}`);
  return v;
}

/** A linear ramp toward a target; the process loop reads value/step and calls advance(n). */
class LevelRamp {
  step = 0;
  left = 0;
  private target: number;
  constructor(
    public value: number,
    private readonly frames: number,
  ) {
    this.target = value;
  }
  to(target: number): void {
    this.target = target;
    this.left = this.frames;
    this.step = (target - this.value) / this.frames;
  }
  advance(n: number): void {
    if (this.left === 0) return;
    this.left -= n;
    this.value = this.left === 0 ? this.target : this.value + n * this.step;
  }
}

class MasterStage implements Master {
  private readonly vol: LevelRamp;
  private readonly cap: LevelRamp;
  private gain = 1;
  private readonly release: number;

  constructor(opts: MasterOptions) {
    const { sampleRate } = opts;
    if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 384000) {
      throw new KoruError('BAD_INPUT', `sampleRate must be an integer 8000…384000, got ${sampleRate}`);
    }
    const frames = Math.max(1, Math.round(RAMP_SEC * sampleRate));
    this.vol = new LevelRamp(checkLevel('volume', opts.volume), frames);
    this.cap = new LevelRamp(checkLevel('maxVolume', opts.maxVolume), frames);
    // One-pole recovery toward 1 with time constant RELEASE_SEC.
    this.release = 1 - Math.exp(-1 / (RELEASE_SEC * sampleRate));
  }

  setVolume(volume: number): void {
    this.vol.to(checkLevel('volume', volume));
  }

  setMaxVolume(max: number): void {
    this.cap.to(checkLevel('maxVolume', max));
  }

  process(block: Float32Array, frames: number): void {
    if (!Number.isInteger(frames) || frames < 0 || block.length < frames * 2) {
      throw new KoruError('BAD_INPUT', `master: need ≥ 2×frames samples (frames ${frames}, block ${block.length})`);
    }
    const vol = this.vol, cap = this.cap;
    const rel = this.release;
    let g = this.gain;
    let done = 0;
    while (done < frames) {
      // Split where a level ramp ends so each run has a constant slope.
      let n = frames - done;
      if (vol.left > 0) n = Math.min(n, vol.left);
      if (cap.left > 0) n = Math.min(n, cap.left);
      const v0 = vol.value, dv = vol.left > 0 ? vol.step : 0;
      const c0 = cap.value, dc = cap.left > 0 ? cap.step : 0;
      const thr = CEILING_SAFE;
      let i = 0;
      if (g === 1 && dv === 0 && dc === 0) i = passThrough(block, done, n, v0 * c0);
      for (let j = (done + i) * 2; i < n; i++, j += 2) {
        const level = (v0 + i * dv) * (c0 + i * dc);
        const l = block[j]! * level;
        const r = block[j + 1]! * level;
        if (g < 1) {
          g += (1 - g) * rel;
          if (g > 0.999999) g = 1; // back to exactly transparent
        }
        let ol = l * g;
        let or = r * g;
        // Signed compares first: the common case (under the ceiling) needs no abs or divide.
        if (ol > thr || ol < -thr || or > thr || or < -thr) {
          const al = l < 0 ? -l : l;
          const ar = r < 0 ? -r : r;
          g = thr / (al > ar ? al : ar);
          ol = l * g;
          or = r * g;
        }
        block[j] = ol;
        block[j + 1] = or;
      }
      vol.advance(n);
      cap.advance(n);
      done += n;
    }
    this.gain = g;
  }
}

/**
 * The steady case (no ramp, limiter idle): scale by `level` until a sample would cross the
 * ceiling; returns how many frames it did, so the full loop takes over from there.
 */
function passThrough(block: Float32Array, start: number, n: number, level: number): number {
  // Compare the input against ceiling/level: no multiply needed for the test.
  const lim = level > 0 ? CEILING_SAFE / level : Infinity;
  let i = 0;
  for (let j = start * 2; i < n; i++, j += 2) {
    const l = block[j]!, r = block[j + 1]!;
    if (l > lim || l < -lim || r > lim || r < -lim) break;
    block[j] = l * level;
    block[j + 1] = r * level;
  }
  return i;
}

export function createMaster(opts: MasterOptions): Master {
  return new MasterStage(opts);
}
