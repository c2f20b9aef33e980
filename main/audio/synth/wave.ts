/**
 * Custom waveforms (SBaGen `waveNN:` lines): a handful of samples become one cycle of a smooth
 * wave the way SBaGen builds it, so a schedule's waves sound as they do there. The samples are
 * stretched to 0…1, placed over the first half of the cycle and repeated inverted over the
 * second half, then joined by a periodic sinc (tapered by 1 − 4t², SBaGen's approximation of
 * the sum of the series); the result is centred and scaled to −1…1.
 */

/** SBaGen's table size; the oscillator interpolates between its points. */
export const WAVE_SIZE = 16384;

const cache = new Map<string, Float64Array>();

/** One cycle (plus a guard point equal to the first) for `shape`, built once per shape. */
export function waveTable(shape: readonly number[]): Float64Array {
  const key = shape.join(',');
  let t = cache.get(key);
  if (!t) {
    t = buildWave(shape);
    if (cache.size > 64) cache.clear();
    cache.set(key, t);
  }
  return t;
}

function buildWave(shape: readonly number[]): Float64Array {
  const N = WAVE_SIZE;
  const np = shape.length;
  const lo = Math.min(...shape), hi = Math.max(...shape);
  const pts = shape.map((v) => (v - lo) / (hi - lo));
  const kernel = new Float64Array(N);
  kernel[0] = 1;
  for (let a = 1; a <= N / 2; a++) {
    const t = a / N;
    const x = 2 * np * Math.PI * t;
    const v = ((1 - 4 * t * t) * Math.sin(x)) / x;
    kernel[a] = v;
    kernel[N - a] = v;
  }
  const acc = new Float64Array(N);
  pts.forEach((val, b) => {
    const at = Math.floor((b * N) / np / 2);
    for (let a = 0; a < N; a++) {
      const k = kernel[a]! * val;
      acc[(a + at) & (N - 1)]! += k;
      acc[(a + at + N / 2) & (N - 1)]! -= k;
    }
  });
  let max = 0, min = 0;
  for (let a = 0; a < N; a++) {
    if (acc[a]! > max) max = acc[a]!;
    if (acc[a]! < min) min = acc[a]!;
  }
  const out = new Float64Array(N + 1);
  const centre = -0.5 * (max + min), scale = 2 / (max - min);
  for (let a = 0; a < N; a++) out[a] = (acc[a]! + centre) * scale;
  out[N] = out[0]!;
  return out;
}
