/** Fitting a voiced line into its slot. The voice's own lead and tail silence are trimmed, so the
 *  words start where the original's did. A line longer than the original's speaking time is
 *  time-stretched without changing pitch (Sonic, in wasm) up to the person's limit; past that it
 *  borrows the pause after it; a line that would still run into the next one is stretched as far
 *  as it must be and marked over the limit. Shorter lines keep their natural speed. */
import Sonic from '@echogarden/sonic-wasm';

export interface FitPlan {
  /** Speed factor: 1 = natural, 1.2 = 20 % faster (shorter). */
  stretch: number;
  overLimit: boolean;
}

/** A small safety gap before the next line starts (seconds). */
export const GAP_SEC = 0.02;

/** `speechSec`: the trimmed voice; `ownSec`: the original line's speaking time; `slotSec`: time
 *  until the next line starts (or the end of the recording). */
export function planFit(speechSec: number, ownSec: number, slotSec: number, maxStretch: number): FitPlan {
  const room = Math.max(0.05, slotSec - GAP_SEC);
  if (speechSec <= Math.max(ownSec, 0.05)) return { stretch: 1, overLimit: false };
  const wanted = speechSec / Math.max(ownSec, 0.05);
  const stretch = Math.min(wanted, maxStretch);
  if (speechSec / stretch <= room) return { stretch, overLimit: false };
  // Borrowing all the pause is not enough: faster than the limit, so nothing overlaps.
  const needed = speechSec / room;
  return needed <= maxStretch ? { stretch: needed, overLimit: false } : { stretch: needed, overLimit: true };
}

/** First and last sample above −45 dBFS (relative to the line's peak), with 10 ms kept each side. */
export function trimSilence(x: Float32Array, sampleRate: number): Float32Array {
  let peak = 0;
  for (const v of x) peak = Math.max(peak, Math.abs(v));
  const floor = Math.max(1e-4, peak * 0.0056);
  let a = 0;
  while (a < x.length && Math.abs(x[a]!) < floor) a++;
  let b = x.length;
  while (b > a && Math.abs(x[b - 1]!) < floor) b--;
  const pad = Math.round(sampleRate * 0.01);
  return x.subarray(Math.max(0, a - pad), Math.min(x.length, b + pad));
}

interface SonicModule {
  HEAPF32: Float32Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _sonicCreateStream(rate: number, channels: number): number;
  _sonicDestroyStream(s: number): void;
  _sonicSetSpeed(s: number, speed: number): void;
  _sonicWriteFloatToStream(s: number, ptr: number, frames: number): number;
  _sonicFlushStream(s: number): number;
  _sonicSamplesAvailable(s: number): number;
  _sonicReadFloatFromStream(s: number, ptr: number, frames: number): number;
}

let sonic: Promise<SonicModule> | null = null;

/** `x` played `stretch` times faster, same pitch, exactly round(length / stretch) samples long. */
export async function timeStretch(x: Float32Array, sampleRate: number, stretch: number): Promise<Float32Array> {
  const target = Math.max(1, Math.round(x.length / stretch));
  if (Math.abs(stretch - 1) < 1e-3) return x;
  sonic ??= (Sonic as unknown as () => Promise<SonicModule>)();
  const m = await sonic;
  const s = m._sonicCreateStream(sampleRate, 1);
  const inPtr = m._malloc(x.length * 4);
  const outPtr = m._malloc((target + sampleRate) * 4);
  try {
    m._sonicSetSpeed(s, stretch);
    m.HEAPF32.set(x, inPtr / 4);
    m._sonicWriteFloatToStream(s, inPtr, x.length);
    m._sonicFlushStream(s);
    const n = Math.min(m._sonicSamplesAvailable(s), target + sampleRate);
    const got = m._sonicReadFloatFromStream(s, outPtr, n);
    const out = new Float32Array(target);
    out.set(m.HEAPF32.subarray(outPtr / 4, outPtr / 4 + Math.min(got, target)));
    return out;
  } finally {
    m._free(inPtr);
    m._free(outPtr);
    m._sonicDestroyStream(s);
  }
}
