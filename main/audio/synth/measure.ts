/**
 * Measurement helpers for the synthesis tests: render to arrays, FFT peaks, precise frequency by
 * phase progression, Welch spectra, sample-step (click) metrics. Test-only: never on a hot path.
 */
import FFT from 'fft.js';
import { Program, type ProgramInput } from '../../../contract/program';
import type { SessionRenderer } from '../types';
import { createSessionRenderer } from './renderer';

export interface Stereo {
  L: Float64Array;
  R: Float64Array;
  sampleRate: number;
}

/** One tone-set program. */
export function oneSet(voices: ProgramInput['sets'][number]['voices']): Program {
  return Program.parse({ sets: [{ name: 'a', voices }], timeline: [{ at: 0, set: 'a' }] });
}

/** Render `frames` frames (or to the end) into split channels, in blocks of `block`. */
export function drain(r: SessionRenderer, frames = Infinity, block = 4096): Stereo {
  const L: number[] = [];
  const R: number[] = [];
  const buf = new Float32Array(block * 2);
  let left = frames;
  while (left > 0) {
    const want = Math.min(block, left);
    const n = r.render(buf, want);
    for (let i = 0; i < n; i++) {
      L.push(buf[2 * i]!);
      R.push(buf[2 * i + 1]!);
    }
    left -= n;
    if (n < want) break;
  }
  return { L: Float64Array.from(L), R: Float64Array.from(R), sampleRate: r.sampleRate };
}

export function renderProgram(
  program: Program,
  durationSec: number,
  opts: { sampleRate?: number; edgeFadeSec?: number; seed?: number; block?: number; mixFolder?: string } = {},
): Stereo {
  const r = createSessionRenderer(program, {
    sampleRate: opts.sampleRate ?? 44100,
    durationSec,
    edgeFadeSec: opts.edgeFadeSec ?? 0,
    seed: opts.seed,
    ...(opts.mixFolder ? { mixFolder: opts.mixFolder } : {}),
  });
  return drain(r, Infinity, opts.block);
}

/** Magnitude spectrum of x[start … start+n) with a Hann window (n a power of two). */
export function magnitude(x: ArrayLike<number>, start: number, n: number): Float64Array {
  const fft = new FFT(n);
  const input = new Float64Array(n);
  for (let i = 0; i < n; i++) input[i] = (x[start + i] ?? 0) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
  const out = new Float64Array(2 * n);
  fft.realTransform(out, input);
  const mag = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) mag[k] = Math.hypot(out[2 * k]!, out[2 * k + 1]!);
  return mag;
}

/** Strongest peak in [fmin, fmax], refined by quadratic interpolation of the log magnitude. */
export function fftPeak(x: ArrayLike<number>, sampleRate: number, fmin = 1, fmax = sampleRate / 2, n = 65536): number {
  const mag = magnitude(x, 0, n);
  const bin = sampleRate / n;
  let best = Math.max(1, Math.ceil(fmin / bin));
  for (let k = best; k < Math.min(mag.length - 1, fmax / bin); k++) if (mag[k]! > mag[best]!) best = k;
  return interpolatePeak(mag, best) * bin;
}

/** Fractional bin of a peak at integer bin k (parabola through log magnitudes). */
export function interpolatePeak(mag: Float64Array, k: number): number {
  const a = Math.log(mag[k - 1]! + 1e-300), b = Math.log(mag[k]! + 1e-300), c = Math.log(mag[k + 1]! + 1e-300);
  const d = a - 2 * b + c;
  return d === 0 ? k : k + (0.5 * (a - c)) / d;
}

/** Hann-windowed single-bin DFT of x[start … start+len) at f, phase referenced to sample 0. */
function dftAt(x: ArrayLike<number>, sampleRate: number, f: number, start: number, len: number): [number, number] {
  let re = 0, im = 0;
  for (let i = 0; i < len; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / len);
    const t = start + i;
    const ph = (2 * Math.PI * f * t) / sampleRate;
    const v = (x[t] ?? 0) * w;
    re += v * Math.cos(ph);
    im -= v * Math.sin(ph);
  }
  return [re, im];
}

/**
 * Frequency of the dominant tone near `guess`, to well under a millihertz: demodulate short
 * chunks at the guess and regress their phase against time (the phase of a tone at f drifts
 * by 2π(f − guess)·t). `guess` should be within ~0.1 Hz; pass a coarse FFT peak.
 */
export function toneFrequency(x: ArrayLike<number>, sampleRate: number, guess: number, chunkSec = 0.5): number {
  const len = Math.round(chunkSec * sampleRate);
  const starts: number[] = [];
  for (let s = 0; s + len <= x.length; s += len) starts.push(s);
  let prev = 0, unwrapped = 0;
  const ts: number[] = [], phs: number[] = [];
  starts.forEach((s, i) => {
    const [re, im] = dftAt(x, sampleRate, guess, s, len);
    const ph = Math.atan2(im, re);
    if (i > 0) {
      let d = ph - prev;
      d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
      unwrapped += d;
    } else unwrapped = ph;
    prev = ph;
    ts.push((s + len / 2) / sampleRate);
    phs.push(unwrapped);
  });
  // Least-squares slope of phase (rad) against time (s).
  const n = ts.length;
  const mt = ts.reduce((a, b) => a + b, 0) / n, mp = phs.reduce((a, b) => a + b, 0) / n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) {
    num += (ts[i]! - mt) * (phs[i]! - mp);
    den += (ts[i]! - mt) ** 2;
  }
  // X = Σ x·e^(−jωt) of a tone at f turns by +2π(f − guess) radians per second.
  return guess + num / den / (2 * Math.PI);
}

/** Precise frequency of the strongest tone in [fmin, fmax]. */
export function measureTone(x: ArrayLike<number>, sampleRate: number, fmin: number, fmax: number): number {
  return toneFrequency(x, sampleRate, fftPeak(x, sampleRate, fmin, fmax));
}

/** Welch-averaged power spectrum (Hann, 50 % overlap), bins of sampleRate/n. */
export function welch(x: ArrayLike<number>, n = 8192): Float64Array {
  const p = new Float64Array(n / 2);
  let count = 0;
  for (let s = 0; s + n <= x.length; s += n / 2, count++) {
    const m = magnitude(x, s, n);
    for (let k = 0; k < p.length; k++) p[k]! += m[k]! * m[k]!;
  }
  for (let k = 0; k < p.length; k++) p[k]! /= Math.max(1, count);
  return p;
}

/** Least-squares slope of a power spectrum in dB per octave between f1 and f2. */
export function slopeDbPerOctave(power: Float64Array, sampleRate: number, f1: number, f2: number): number {
  const bin = sampleRate / (power.length * 2);
  const xs: number[] = [], ys: number[] = [];
  for (let k = Math.ceil(f1 / bin); k <= f2 / bin; k++) {
    xs.push(Math.log2(k * bin));
    ys.push(10 * Math.log10(power[k]!));
  }
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}

/** Largest |x[i] − x[i−1]| for i in [from, to). */
export function maxStep(x: ArrayLike<number>, from = 1, to = x.length): number {
  let m = 0;
  for (let i = Math.max(1, from); i < Math.min(to, x.length); i++) {
    const d = Math.abs(x[i]! - x[i - 1]!);
    if (d > m) m = d;
  }
  return m;
}

export function peakAbs(x: ArrayLike<number>, from = 0, to = x.length): number {
  let m = 0;
  for (let i = from; i < Math.min(to, x.length); i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / Math.max(1, to - from));
}

/** Index of the first sample where a and b differ (−1 when identical, length included). */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
