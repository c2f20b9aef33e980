/** Live spectrum for the player. `push` only copies samples into a ring (cheap, on the audio
 *  path); `compute` windows the latest `size` frames and runs the FFT, on the player's timer. */
import FFT from 'fft.js';
import { KoruError } from '../../contract/errors';
import { CHANNELS } from './types';

export interface SpectrumOptions {
  sampleRate: number;
  /** FFT length, a power of two (default 4096: ~10.8 Hz bins at 44.1 kHz). */
  size?: number;
  /** Number of log-spaced bands between minFreq and maxFreq (default 64, 20 Hz–20 kHz). */
  bands?: number;
  minFreq?: number;
  maxFreq?: number;
  /** Peaks quieter than this are not reported (default −80 dBFS). */
  peakFloorDb?: number;
  /** At most this many peaks (default 8). */
  maxPeaks?: number;
}

export interface SpectrumPeak {
  freq: number;
  db: number;
}

export interface SpectrumFrame {
  /** dBFS per band, one array per channel (a full-scale sine reads 0 dBFS). */
  bands: number[][];
  /** Strongest local maxima over both channels, loudest first. */
  peaks: SpectrumPeak[];
}

export interface SpectrumAnalyzer {
  readonly sampleRate: number;
  readonly size: number;
  /** Centre frequency of each band (Hz), for labels. */
  readonly bandCenters: readonly number[];
  /** Copy interleaved stereo frames into the ring. No FFT here. */
  push(block: Float32Array, frames: number): void;
  compute(): SpectrumFrame;
  /** Forget old audio (after a seek or stop). */
  reset(): void;
}

/** Lowest value reported, so silence stays a finite number (JSON has no −Infinity). */
export const SPECTRUM_FLOOR_DB = -140;

function toDb(amplitude: number): number {
  return amplitude > 0 ? Math.max(SPECTRUM_FLOOR_DB, 20 * Math.log10(amplitude)) : SPECTRUM_FLOOR_DB;
}

export function createSpectrumAnalyzer(opts: SpectrumOptions): SpectrumAnalyzer {
  const { sampleRate, size = 4096, bands: bandCount = 64 } = opts;
  const { minFreq = 20, maxFreq = 20000, peakFloorDb = -80, maxPeaks = 8 } = opts;
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) {
    throw new KoruError('BAD_INPUT', `Spectrum: bad sample rate ${sampleRate}`);
  }
  if (!Number.isInteger(size) || size < 64 || (size & (size - 1)) !== 0) {
    throw new KoruError('BAD_INPUT', `Spectrum: size must be a power of two ≥ 64, got ${size}`);
  }
  if (!Number.isInteger(bandCount) || bandCount < 1 || !(minFreq > 0 && maxFreq > minFreq)) {
    throw new KoruError('BAD_INPUT', 'Spectrum: bad band layout');
  }
  if (!Number.isInteger(maxPeaks) || maxPeaks < 0 || maxPeaks > 16) {
    throw new KoruError('BAD_INPUT', 'Spectrum: maxPeaks must be 0–16');
  }

  const half = size / 2;
  const binHz = sampleRate / size;
  const fft = new FFT(size);
  const rings = [new Float32Array(size), new Float32Array(size)];
  let head = 0; // next write position; also the oldest sample
  const window = new Float64Array(size);
  for (let n = 0; n < size; n++) window[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / size);
  const input = new Float64Array(size);
  const spectrum = fft.createComplexArray() as number[];
  // Hann's coherent gain is 1/2 and a real sine splits over ±f, so |X| = A·N/4.
  const norm = 4 / size;
  const mags = [new Float64Array(half + 1), new Float64Array(half + 1)];

  // Band edges in bins: the max over the bins inside; a band narrower than a bin (low end)
  // reads the magnitude interpolated at its centre instead.
  const ratio = (maxFreq / minFreq) ** (1 / bandCount);
  const bandCenters: number[] = [];
  const bandLo: number[] = [];
  const bandHi: number[] = [];
  for (let b = 0; b < bandCount; b++) {
    const lo = minFreq * ratio ** b;
    const hi = lo * ratio;
    bandCenters.push(Math.sqrt(lo * hi));
    bandLo.push(Math.ceil(lo / binHz));
    bandHi.push(Math.min(half, Math.ceil(hi / binHz) - 1));
  }

  function analyse(ch: number): void {
    const ring = rings[ch]!;
    const m = mags[ch]!;
    for (let n = 0; n < size; n++) input[n] = ring[(head + n) & (size - 1)]! * window[n]!;
    fft.realTransform(spectrum, input);
    for (let k = 0; k <= half; k++) {
      m[k] = Math.hypot(spectrum[2 * k]!, spectrum[2 * k + 1]!) * norm;
    }
  }

  function bandLevels(m: Float64Array): number[] {
    const out = new Array<number>(bandCount);
    for (let b = 0; b < bandCount; b++) {
      const lo = bandLo[b]!;
      const hi = bandHi[b]!;
      let a = 0;
      if (lo > half) a = 0; // above Nyquist
      else if (hi >= lo) for (let k = lo; k <= hi; k++) a = Math.max(a, m[k]!);
      else {
        const x = bandCenters[b]! / binHz;
        const k = Math.min(half - 1, Math.floor(x));
        a = m[k]! + (m[k + 1]! - m[k]!) * (x - k);
      }
      out[b] = toDb(a);
    }
    return out;
  }

  /** Local maxima above the floor, refined by a parabola through the dB values. Only audible
   *  ones: below minFreq a "peak" is window leakage or noise rumble, not a tone anyone hears. */
  const firstPeakBin = Math.max(2, Math.ceil(minFreq / binHz));
  function findPeaks(m: Float64Array, into: SpectrumPeak[]): void {
    for (let k = firstPeakBin; k < half - 1; k++) {
      const v = m[k]!;
      if (!(v > m[k - 1]! && v >= m[k + 1]!)) continue;
      const b = toDb(v);
      if (b < peakFloorDb) continue;
      const a = toDb(m[k - 1]!);
      const c = toDb(m[k + 1]!);
      const denom = a - 2 * b + c;
      const p = denom < 0 ? (0.5 * (a - c)) / denom : 0;
      const freq = (k + p) * binHz;
      if (freq >= minFreq) into.push({ freq, db: b - 0.25 * (a - c) * p });
    }
  }

  return {
    sampleRate,
    size,
    bandCenters,
    push(block, frames) {
      if (!Number.isInteger(frames) || frames < 0 || block.length < frames * CHANNELS) {
        throw new KoruError('BAD_INPUT', 'Spectrum.push: block shorter than frames × 2');
      }
      const skip = Math.max(0, frames - size); // only the newest `size` frames matter
      const [left, right] = rings as [Float32Array, Float32Array];
      for (let i = skip; i < frames; i++) {
        left[head] = block[2 * i]!;
        right[head] = block[2 * i + 1]!;
        head = (head + 1) & (size - 1);
      }
    },
    compute() {
      analyse(0);
      analyse(1);
      const candidates: SpectrumPeak[] = [];
      findPeaks(mags[0]!, candidates);
      findPeaks(mags[1]!, candidates);
      candidates.sort((x, y) => y.db - x.db);
      // The same tone in both ears is one peak; tones half a bin apart or more stay separate.
      const peaks: SpectrumPeak[] = [];
      for (const c of candidates) {
        if (peaks.length >= maxPeaks) break;
        if (peaks.every((p) => Math.abs(p.freq - c.freq) >= binHz / 2)) peaks.push(c);
      }
      return { bands: [bandLevels(mags[0]!), bandLevels(mags[1]!)], peaks };
    },
    reset() {
      rings[0]!.fill(0);
      rings[1]!.fill(0);
      head = 0;
    },
  };
}
