/** Measuring audio by analysis, for tests and benches: frequencies, steps (clicks), levels and
 *  null tests. Not on any hot path; clarity over speed, but nothing quadratic in length. */
import FFT from 'fft.js';
import { KoruError } from '../../contract/errors';

function needSamples(samples: Float32Array | Float64Array, min: number, fn: string): void {
  if (!(samples instanceof Float32Array || samples instanceof Float64Array)) {
    throw new KoruError('BAD_INPUT', `${fn}: samples must be a Float32Array or Float64Array`);
  }
  if (samples.length < min) {
    throw new KoruError('BAD_INPUT', `${fn}: needs at least ${min} samples, got ${samples.length}`);
  }
}

function needRate(sampleRate: number, fn: string): void {
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) {
    throw new KoruError('BAD_INPUT', `${fn}: bad sample rate ${sampleRate}`);
  }
}

/** One channel of an interleaved buffer. */
export function deinterleave(interleaved: Float32Array, channel: number, channels = 2): Float32Array {
  if (!Number.isInteger(channel) || channel < 0 || channel >= channels) {
    throw new KoruError('BAD_INPUT', `deinterleave: channel ${channel} of ${channels}`);
  }
  const frames = Math.floor(interleaved.length / channels);
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) out[i] = interleaved[i * channels + channel]!;
  return out;
}

/** Largest |x[n] − x[n−1]| for n in [from, to): the size of the worst click. */
export function maxStep(
  samples: Float32Array | Float64Array,
  from = 1,
  to = samples.length,
): number {
  const start = Math.max(1, Math.floor(from));
  const end = Math.min(samples.length, Math.ceil(to));
  let max = 0;
  for (let n = start; n < end; n++) {
    const d = Math.abs(samples[n]! - samples[n - 1]!);
    if (d > max) max = d;
  }
  return max;
}

/** Root mean square over [from, to). */
export function rms(samples: Float32Array | Float64Array, from = 0, to = samples.length): number {
  const start = Math.max(0, Math.floor(from));
  const end = Math.min(samples.length, Math.ceil(to));
  if (end <= start) return 0;
  let sum = 0;
  for (let n = start; n < end; n++) sum += samples[n]! * samples[n]!;
  return Math.sqrt(sum / (end - start));
}

export function toDb(ratio: number): number {
  return 20 * Math.log10(ratio);
}

export interface PeakOptions {
  /** Only look between these frequencies (Hz). */
  minFreq?: number;
  maxFreq?: number;
  /** Analyse at most this many samples from the start (default 2^18). */
  maxSamples?: number;
}

/** Hann-windowed, zero-padded to twice the next power of two so the peak is well sampled. */
function magnitudeSpectrum(samples: Float32Array | Float64Array, count: number) {
  let size = 4;
  while (size < count * 2) size *= 2;
  const fft = new FFT(size);
  const input = new Float64Array(size);
  for (let n = 0; n < count; n++) {
    input[n] = samples[n]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * n) / count));
  }
  const out = fft.createComplexArray() as number[];
  fft.realTransform(out, input);
  const mags = new Float64Array(size / 2 + 1);
  for (let k = 0; k <= size / 2; k++) mags[k] = Math.hypot(out[2 * k]!, out[2 * k + 1]!);
  return { size, mags };
}

/** Frequency (Hz) of the strongest spectral peak, refined by parabolic interpolation of the
 *  log magnitude. Accurate to a small fraction of a bin; use estimateFrequency for more. */
export function peakFrequency(
  samples: Float32Array | Float64Array,
  sampleRate: number,
  opts: PeakOptions = {},
): number {
  needSamples(samples, 16, 'peakFrequency');
  needRate(sampleRate, 'peakFrequency');
  const count = Math.min(samples.length, opts.maxSamples ?? 1 << 18);
  const { size, mags } = magnitudeSpectrum(samples, count);
  const binHz = sampleRate / size;
  const lo = Math.max(1, Math.ceil((opts.minFreq ?? 0) / binHz));
  const hi = Math.min(size / 2 - 1, Math.floor((opts.maxFreq ?? sampleRate / 2) / binHz));
  let best = -1;
  for (let k = lo; k <= hi; k++) if (best < 0 || mags[k]! > mags[best]!) best = k;
  if (best < 0 || mags[best] === 0) {
    throw new KoruError('BAD_INPUT', 'peakFrequency: no signal in the requested range');
  }
  const a = Math.log(mags[best - 1]! + 1e-300);
  const b = Math.log(mags[best]!);
  const c = Math.log(mags[best + 1]! + 1e-300);
  const denom = a - 2 * b + c;
  const p = denom === 0 ? 0 : (0.5 * (a - c)) / denom;
  return (best + p) * binHz;
}

/** Phase of a Hann-windowed DFT at `freq` for consecutive overlapping segments, measured
 *  against one global time origin, then a weighted straight-line fit of the unwrapped phase:
 *  its slope is the frequency error. */
function phaseSlopeHz(
  samples: Float32Array | Float64Array,
  sampleRate: number,
  freq: number,
  segment: number,
): number {
  const hop = segment >> 1;
  const w = (2 * Math.PI * freq) / sampleRate;
  const win = new Float64Array(segment);
  for (let n = 0; n < segment; n++) {
    win[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (n + 0.5)) / segment);
  }
  const times: number[] = [];
  const phases: number[] = [];
  const weights: number[] = [];
  let prev = 0;
  for (let start = 0; start + segment <= samples.length; start += hop) {
    let re = 0;
    let im = 0;
    // Rotating phasor e^{-iω(start+n)}, restarted per segment from exact cos/sin.
    let cr = Math.cos(w * start);
    let ci = -Math.sin(w * start);
    const sr = Math.cos(w);
    const si = -Math.sin(w);
    for (let n = 0; n < segment; n++) {
      const x = samples[start + n]! * win[n]!;
      re += x * cr;
      im += x * ci;
      const t = cr * sr - ci * si;
      ci = cr * si + ci * sr;
      cr = t;
    }
    let phase = Math.atan2(im, re);
    if (phases.length > 0) {
      phase += 2 * Math.PI * Math.round((prev - phase) / (2 * Math.PI));
    }
    prev = phase;
    phases.push(phase);
    times.push((start + (segment - 1) / 2) / sampleRate); // the symmetric window's centre
    weights.push(re * re + im * im);
  }
  let sw = 0;
  let st = 0;
  let sp = 0;
  for (let j = 0; j < phases.length; j++) {
    sw += weights[j]!;
    st += weights[j]! * times[j]!;
    sp += weights[j]! * phases[j]!;
  }
  const tm = st / sw;
  const pm = sp / sw;
  let num = 0;
  let den = 0;
  for (let j = 0; j < phases.length; j++) {
    num += weights[j]! * (times[j]! - tm) * (phases[j]! - pm);
    den += weights[j]! * (times[j]! - tm) ** 2;
  }
  // The demodulated phase advances at 2π·(f_true − f_ref).
  return num / den / (2 * Math.PI);
}

/**
 * Frequency of the dominant tone to sub-millihertz precision over a few seconds: a coarse FFT
 * peak, then two rounds of quadrature demodulation at the current estimate with a line fit of
 * the unwrapped phase. Expects one strong tone (e.g. one channel of a binaural beat).
 */
export function estimateFrequency(
  samples: Float32Array | Float64Array,
  sampleRate: number,
  opts: PeakOptions = {},
): number {
  needRate(sampleRate, 'estimateFrequency');
  needSamples(samples, 64, 'estimateFrequency');
  let f = peakFrequency(samples, sampleRate, opts);
  // ≥ 20 periods per segment keeps the mirror image at −f far down the Hann sidelobes; at
  // least four segments are needed for a line fit, otherwise the FFT estimate is all we have.
  let segment = 1024;
  while (segment < (20 * sampleRate) / f) segment *= 2;
  while (segment > 64 && samples.length < segment * 2.5) segment >>= 1;
  if (samples.length < segment * 2.5) return f;
  for (let round = 0; round < 2; round++) f += phaseSlopeHz(samples, sampleRate, f, segment);
  return f;
}

export interface NullTestResult {
  /** Residual RMS relative to `a`, dB (−Infinity when identical). */
  db: number;
  /** Best alignment: b[n + offset] lines up with a[n] (in frames). */
  offset: number;
}

/**
 * Null test: subtract `b` from `a` at every alignment within ±maxOffset frames and report the
 * smallest residual relative to `a` over the overlap. `channels` > 1 for interleaved buffers.
 */
export function nullTest(
  a: Float32Array | Float64Array,
  b: Float32Array | Float64Array,
  opts: { maxOffset?: number; channels?: number } = {},
): NullTestResult {
  const maxOffset = opts.maxOffset ?? 64;
  const ch = opts.channels ?? 1;
  if (!Number.isInteger(maxOffset) || maxOffset < 0 || !Number.isInteger(ch) || ch < 1) {
    throw new KoruError('BAD_INPUT', 'nullTest: maxOffset and channels must be whole numbers');
  }
  let best: NullTestResult | null = null;
  for (let offset = -maxOffset; offset <= maxOffset; offset++) {
    const shift = offset * ch;
    const start = Math.max(0, -shift);
    const end = Math.min(a.length, b.length - shift);
    if (end - start < ch) continue;
    let ref = 0;
    let res = 0;
    for (let n = start; n < end; n++) {
      const x = a[n]!;
      const d = x - b[n + shift]!;
      ref += x * x;
      res += d * d;
    }
    const db = res === 0 ? -Infinity : ref === 0 ? Infinity : 10 * Math.log10(res / ref);
    if (!best || db < best.db || (db === best.db && Math.abs(offset) < Math.abs(best.offset))) {
      best = { db, offset };
    }
  }
  if (!best) throw new KoruError('BAD_INPUT', 'nullTest: the buffers do not overlap');
  return best;
}
