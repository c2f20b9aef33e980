/**
 * Tone voices: sine, binaural, monaural, isochronic. Each keeps its phase in cycles as a Float64
 * in [0, 1) and only its increment follows the (ramping) frequency, so a glide or a parameter
 * change never breaks the waveform. Hot loops inline the table lookup of tables.ts:
 *   x = phase·N; i = x|0; s = T[i] + (x − i)·(T[i+1] − T[i])
 * and compute every ramped value as `x0 + k·dx` (see Ramp).
 */
import type { Ramp, VoiceDsp } from './dsp';
import { GATE, GATE_SIZE, SIN, SIN_SIZE } from './tables';

/** A sine with a balance-law pan: the centre gives `amp` in both ears (like a binaural voice),
 *  panning attenuates the far ear only. */
export class SineDsp implements VoiceDsp {
  private ph = 0;
  constructor(private readonly invSr: number) {}

  process(mix: Float64Array, off: number, n: number, r: Ramp): void {
    const T = SIN, N = SIN_SIZE;
    const a0 = r.amp0, da = r.dAmp, p0 = r.pan0, dp = r.dPan;
    const i0 = r.freq0 * this.invSr, di = r.dFreq * this.invSr;
    let ph = this.ph;
    let k = r.k0;
    for (let i = 0, j = off * 2; i < n; i++, k++, j += 2) {
      const x = ph * N;
      const idx = x | 0;
      const s0 = T[idx]!;
      const s = (a0 + k * da) * (s0 + (x - idx) * (T[idx + 1]! - s0));
      const pan = p0 + k * dp;
      mix[j]! += pan > 0 ? s * (1 - pan) : s;
      mix[j + 1]! += pan < 0 ? s * (1 + pan) : s;
      ph += i0 + k * di;
      // Taken once per cycle; floor also copes with negative or > 1 increments.
      if (ph >= 1 || ph < 0) ph -= Math.floor(ph);
    }
    this.ph = ph;
  }
}

/**
 * Left ear carrier + beat/2, right ear carrier − beat/2, each at `amp`. The same oscillator plays
 * SBaGen's custom waveforms (a table of any power-of-two size), where the ear with the lower
 * frequency runs through the table backwards as SBaGen's does. A pan (a sine that glides into
 * a binaural voice) attenuates the far ear as SineDsp does.
 */
export class BinauralDsp implements VoiceDsp {
  private phL = 0;
  private phR = 0;
  constructor(
    private readonly invSr: number,
    private readonly table: Float64Array = SIN,
    private readonly reverseLower = false,
  ) {}

  process(mix: Float64Array, off: number, n: number, r: Ramp): void {
    const T = this.table, N = T.length - 1;
    const a0 = r.amp0, da = r.dAmp, p0 = r.pan0, dp = r.dPan;
    const panned = p0 !== 0 || dp !== 0;
    const s = this.invSr;
    let l0 = (r.freq0 + 0.5 * r.beat0) * s, dl = (r.dFreq + 0.5 * r.dBeat) * s;
    let r0 = (r.freq0 - 0.5 * r.beat0) * s, dr = (r.dFreq - 0.5 * r.dBeat) * s;
    if (this.reverseLower) {
      const k = r.k0;
      if (l0 + k * dl > r0 + k * dr) {
        r0 = -r0;
        dr = -dr;
      } else {
        l0 = -l0;
        dl = -dl;
      }
    }
    let phL = this.phL, phR = this.phR;
    let k = r.k0;
    for (let i = 0, j = off * 2; i < n; i++, k++, j += 2) {
      let a = a0 + k * da, b = a;
      if (panned) {
        const pan = p0 + k * dp;
        if (pan > 0) a *= 1 - pan;
        else b *= 1 + pan;
      }
      let x = phL * N;
      let idx = x | 0;
      let s0 = T[idx]!;
      mix[j]! += a * (s0 + (x - idx) * (T[idx + 1]! - s0));
      x = phR * N;
      idx = x | 0;
      s0 = T[idx]!;
      mix[j + 1]! += b * (s0 + (x - idx) * (T[idx + 1]! - s0));
      phL += l0 + k * dl;
      if (phL >= 1 || phL < 0) phL -= Math.floor(phL);
      phR += r0 + k * dr;
      if (phR >= 1 || phR < 0) phR -= Math.floor(phR);
    }
    this.phL = phL;
    this.phR = phR;
  }
}

/** carrier ± beat/2 at amp/2 each, the same sum in both ears: peaks at exactly `amp`. */
export class MonauralDsp implements VoiceDsp {
  private phA = 0;
  private phB = 0;
  constructor(private readonly invSr: number) {}

  process(mix: Float64Array, off: number, n: number, r: Ramp): void {
    const T = SIN, N = SIN_SIZE;
    const a0 = 0.5 * r.amp0, da = 0.5 * r.dAmp;
    const s = this.invSr;
    const h0 = (r.freq0 + 0.5 * r.beat0) * s, dh = (r.dFreq + 0.5 * r.dBeat) * s;
    const l0 = (r.freq0 - 0.5 * r.beat0) * s, dl = (r.dFreq - 0.5 * r.dBeat) * s;
    let phA = this.phA, phB = this.phB;
    let k = r.k0;
    for (let i = 0, j = off * 2; i < n; i++, k++, j += 2) {
      let x = phA * N;
      let idx = x | 0;
      let s0 = T[idx]!;
      let v = s0 + (x - idx) * (T[idx + 1]! - s0);
      x = phB * N;
      idx = x | 0;
      s0 = T[idx]!;
      v = (a0 + k * da) * (v + s0 + (x - idx) * (T[idx + 1]! - s0));
      mix[j]! += v;
      mix[j + 1]! += v;
      phA += h0 + k * dh;
      if (phA >= 1 || phA < 0) phA -= Math.floor(phA);
      phB += l0 + k * dl;
      if (phB >= 1 || phB < 0) phB -= Math.floor(phB);
    }
    this.phA = phA;
    this.phB = phB;
  }
}

/** The carrier gated `pulse` times a second by the raised-cosine GATE table; both ears. */
export class IsochronicDsp implements VoiceDsp {
  private ph = 0;
  private gate = 0;
  constructor(private readonly invSr: number) {}

  process(mix: Float64Array, off: number, n: number, r: Ramp): void {
    const T = SIN, G = GATE, N = SIN_SIZE, NG = GATE_SIZE;
    const a0 = r.amp0, da = r.dAmp;
    const i0 = r.freq0 * this.invSr, di = r.dFreq * this.invSr;
    const g0 = r.beat0 * this.invSr, dg = r.dBeat * this.invSr;
    let ph = this.ph, gp = this.gate;
    let k = r.k0;
    for (let i = 0, j = off * 2; i < n; i++, k++, j += 2) {
      let x = ph * N;
      let idx = x | 0;
      const s0 = T[idx]!;
      const s = s0 + (x - idx) * (T[idx + 1]! - s0);
      x = gp * NG;
      idx = x | 0;
      const e0 = G[idx]!;
      const v = (a0 + k * da) * s * (e0 + (x - idx) * (G[idx + 1]! - e0));
      mix[j]! += v;
      mix[j + 1]! += v;
      ph += i0 + k * di;
      if (ph >= 1 || ph < 0) ph -= Math.floor(ph);
      gp += g0 + k * dg;
      if (gp >= 1 || gp < 0) gp -= Math.floor(gp);
    }
    this.ph = ph;
    this.gate = gp;
  }
}
