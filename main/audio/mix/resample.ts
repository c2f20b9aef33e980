/** Band-limited resampling of narration (mono) from the provider's rate (22.05 k espeak, 24 k
 *  OpenAI/Gemini, …) to the session rate (and of a dub's source down to 16 kHz for a speech
 *  recogniser, with a shorter kernel): a Kaiser-windowed sinc read from a finely sampled table
 *  with linear interpolation between table points. The cutoff sits just under the lower of the
 *  two Nyquist frequencies, so downsampling cannot alias. Whole segments at a time (they are
 *  seconds long), so no streaming state is needed. */

const TABLE_STEPS = 512; // table points per zero crossing
const ROLLOFF = 0.94; // cutoff as a fraction of the lower Nyquist

/** The kernel: half-width in periods of the lower rate, and the Kaiser window's β. */
export interface ResampleQuality {
  zeroCrossings: number;
  beta: number;
}
/** Narration heard by people: ≈ −85 dB stopband. */
const BEST: ResampleQuality = { zeroCrossings: 24, beta: 8.6 };
/** Audio for a speech recogniser (dubbing's 16 kHz uploads): ≈ −60 dB stopband on a kernel a
 *  third as long. */
export const FOR_RECOGNITION: ResampleQuality = { zeroCrossings: 8, beta: 6 };

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 40; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

const tables = new Map<ResampleQuality, Float64Array>();
/** sinc(u)·kaiser(u / zeroCrossings) for u = i / TABLE_STEPS, i = 0 … zeroCrossings·TABLE_STEPS (+1 guard). */
function kernel(q: ResampleQuality): Float64Array {
  const cached = tables.get(q);
  if (cached) return cached;
  const n = q.zeroCrossings * TABLE_STEPS;
  const table = new Float64Array(n + 2);
  const i0b = besselI0(q.beta);
  for (let i = 0; i <= n; i++) {
    const u = i / TABLE_STEPS;
    const sinc = i === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
    const r = u / q.zeroCrossings;
    table[i] = sinc * (besselI0(q.beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b);
  }
  tables.set(q, table);
  return table;
}

/** Output length for `inputLength` samples. */
export const resampledLength = (inputLength: number, fromRate: number, toRate: number) => Math.floor((inputLength * toRate) / fromRate);

/** Computes output samples [n0, n1) of the resampled signal into `out`: by a bank of weights
 *  per output phase when the rates are whole numbers with a small ratio (every rate Koru meets),
 *  else by evaluating the kernel at every tap. */
function resampleRange(input: Float32Array, fromRate: number, toRate: number, out: Float32Array, n0: number, n1: number, q: ResampleQuality = BEST): void {
  const bank = bankFor(fromRate, toRate, q);
  if (!bank) return resampleDirect(input, fromRate, toRate, out, n0, n1, q);
  const { L, M, H, taps, weights } = bank;
  const last = input.length - 1;
  for (let n = n0; n < n1; n++) {
    // Output n sits at input position n·M/L = base + p/L, exactly.
    const nm = n * M;
    const base = Math.floor(nm / L);
    const off = (nm - base * L) * taps;
    const k0 = base - H;
    let acc = 0;
    if (k0 >= 0 && k0 + taps - 1 <= last) {
      for (let j = 0; j < taps; j++) acc += (input[k0 + j] as number) * (weights[off + j] as number);
    } else {
      for (let j = 0; j < taps; j++) {
        const k = k0 + j;
        if (k >= 0 && k <= last) acc += (input[k] as number) * (weights[off + j] as number);
      }
    }
    out[n] = acc;
  }
}

/** Most output phases a bank holds (44.1 k → 16 k needs 160, 22.05 k → 48 k 320). */
const MAX_PHASES = 1024;
interface Bank {
  /** Output phases, and input samples advanced per L outputs. */
  L: number;
  M: number;
  /** Taps start H input samples before the output's position. */
  H: number;
  taps: number;
  /** L × taps weights, the cutoff's gain included. */
  weights: Float64Array;
}
const banks = new Map<string, Bank | null>();
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The weights the direct evaluation would use, once per phase: the inner loop becomes a dot
 *  product (the 10-minute 44.1 k → 16 k upload of a dub went from 2.6 s to under 1 s). */
function bankFor(fromRate: number, toRate: number, q: ResampleQuality): Bank | null {
  const key = `${fromRate}:${toRate}:${q.zeroCrossings}:${q.beta}`;
  const cached = banks.get(key);
  if (cached !== undefined) return cached;
  let bank: Bank | null = null;
  if (Number.isInteger(fromRate) && Number.isInteger(toRate)) {
    const g = gcd(fromRate, toRate);
    const L = toRate / g;
    const M = fromRate / g;
    if (L <= MAX_PHASES) {
      const h = kernel(q);
      const cutoff = Math.min(1, toRate / fromRate) * ROLLOFF;
      const halfWidth = q.zeroCrossings / cutoff;
      const step = cutoff * TABLE_STEPS;
      const H = Math.ceil(halfWidth);
      const taps = 2 * H + 2;
      const weights = new Float64Array(L * taps);
      for (let p = 0; p < L; p++) {
        for (let j = 0; j < taps; j++) {
          const d = Math.abs(p / L - (j - H)); // from the output's position to tap j
          if (d > halfWidth) continue;
          const pos = d * step;
          const i = pos | 0;
          weights[p * taps + j] = ((h[i] as number) + (pos - i) * ((h[i + 1] as number) - (h[i] as number))) * cutoff;
        }
      }
      bank = { L, M, H, taps, weights };
    }
  }
  banks.set(key, bank);
  return bank;
}

/** The kernel evaluated at every tap: any pair of rates. Exported for the test that holds the
 *  phase banks to it. */
export function resampleDirect(input: Float32Array, fromRate: number, toRate: number, out: Float32Array, n0: number, n1: number, q: ResampleQuality = BEST): void {
  const h = kernel(q);
  const ratio = fromRate / toRate; // input samples per output sample
  const cutoff = Math.min(1, toRate / fromRate) * ROLLOFF; // fraction of the input Nyquist
  const halfWidth = q.zeroCrossings / cutoff; // kernel half-width in input samples
  const step = cutoff * TABLE_STEPS; // table index advance per input sample
  const last = input.length - 1;
  for (let n = n0; n < n1; n++) {
    const t = n * ratio;
    const k0 = Math.max(0, Math.ceil(t - halfWidth));
    const k1 = Math.min(last, Math.floor(t + halfWidth));
    let acc = 0;
    for (let k = k0; k <= k1; k++) {
      const pos = Math.abs(t - k) * step;
      const i = pos | 0;
      const f = pos - i;
      const w = (h[i] as number) + f * ((h[i + 1] as number) - (h[i] as number));
      acc += (input[k] as number) * w;
    }
    out[n] = acc * cutoff;
  }
}

function check(fromRate: number, toRate: number): void {
  if (!(fromRate > 0 && toRate > 0)) throw new RangeError(`resample: rates must be positive (${fromRate} → ${toRate})`);
}

export function resample(input: Float32Array, fromRate: number, toRate: number, quality: ResampleQuality = BEST): Float32Array {
  check(fromRate, toRate);
  if (fromRate === toRate) return input.slice();
  const out = new Float32Array(resampledLength(input.length, fromRate, toRate));
  resampleRange(input, fromRate, toRate, out, 0, out.length, quality);
  return out;
}

/** A resampled signal still being computed: full length at once, `filled()` samples valid. */
export interface GrowingSignal {
  samples: Float32Array;
  filled(): number;
  done: Promise<void>;
}

/**
 * Resamples in slices with the event loop handed back between them, so a long segment arriving
 * during live playback never holds up the player's next block. The first slice is computed
 * before returning: playback can start on the head (≈ 170 ms at 48 kHz) while the rest, at
 * about a hundred times real time, stays far ahead of the playhead.
 */
export function resampleGrowing(input: Float32Array, fromRate: number, toRate: number, sliceFrames = 8192): GrowingSignal {
  check(fromRate, toRate);
  if (fromRate === toRate) {
    const samples = input.slice();
    return { samples, filled: () => samples.length, done: Promise.resolve() };
  }
  const out = new Float32Array(resampledLength(input.length, fromRate, toRate));
  let filled = Math.min(out.length, sliceFrames);
  resampleRange(input, fromRate, toRate, out, 0, filled);
  const done = (async () => {
    while (filled < out.length) {
      await new Promise((r) => setImmediate(r));
      const to = Math.min(out.length, filled + sliceFrames);
      resampleRange(input, fromRate, toRate, out, filled, to);
      filled = to;
    }
  })();
  return { samples: out, filled: () => filled, done };
}

export async function resampleAsync(input: Float32Array, fromRate: number, toRate: number, sliceFrames = 8192): Promise<Float32Array> {
  const g = resampleGrowing(input, fromRate, toRate, sliceFrames);
  await g.done;
  return g.samples;
}
