/** Float32 ⇄ Int16 PCM conversion. floatToInt16 runs on the render hot path (exports render at
 *  ~1000× real time), so it allocates nothing per call and runs as a small WebAssembly SIMD
 *  kernel (pcm.wat): scalar JS needs ~1–2 s per hour of stereo, the kernel ~0.3 s.
 *  floatToInt16Js is the same algorithm in plain JS, bit for bit: the fallback and the reference
 *  the tests hold the kernel to. */
import { KoruError } from '../../contract/errors';

const LANES = 8;

/** Eight xorshift32 lanes (sample i draws from lane i mod 8), seeded, so renders repeat exactly. */
export interface Dither {
  readonly state: Uint32Array;
}

export function createDither(seed = 1): Dither {
  const state = new Uint32Array(LANES);
  // splitmix32 spreads one seed over decorrelated lanes; xorshift must never hold 0.
  let x = seed >>> 0;
  for (let j = 0; j < LANES; j++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z = (z ^ (z >>> 16)) >>> 0;
    state[j] = z === 0 ? 0x6d2b79f5 : z;
  }
  return { state };
}

/** Float full scale maps to 32768 both ways so int16ToFloat is the exact inverse;
 *  +1.0 clips by one LSB, which the master limiter keeps us away from anyway. */
const SCALE = 32768;
const INV_SCALE = 1 / SCALE;
/** Two 16-bit uniforms from one 32-bit draw: (lo + hi − 65535) / 65536 is triangular in (−1, 1). */
const TPDF_SCALE = 1 / 65536;
const TPDF_OFFSET = 65535 / 65536;

function checkLengths(
  fn: string,
  srcLength: number,
  outLength: number,
  frames: number,
  channels: number,
  outOffset: number,
): number {
  const n = frames * channels;
  if (
    !Number.isInteger(frames) ||
    frames < 0 ||
    !Number.isInteger(channels) ||
    channels < 1 ||
    !Number.isInteger(outOffset) ||
    outOffset < 0 ||
    srcLength < n ||
    outLength < outOffset + n
  ) {
    throw new KoruError('BAD_INPUT', `${fn}: buffers too short or bad frame count`, {
      frames,
      channels,
      srcLength,
      outLength,
      outOffset,
    });
  }
  return n;
}

/** One sample, with float32 rounding at each step exactly as the SIMD kernel does it. */
function quantize(x: number, s: number): number {
  const d = ((s & 0xffff) + (s >>> 16)) * TPDF_SCALE - TPDF_OFFSET;
  const v = Math.fround(Math.fround(x * SCALE) + d);
  const r = Math.floor(Math.fround(v + 0.5));
  return r > 32767 ? 32767 : r < -32768 ? -32768 : r === r ? r : 0; // NaN → silence
}

/** Plain-JS floatToInt16 (identical output); used where WebAssembly SIMD is unavailable. */
export function floatToInt16Js(
  src: Float32Array,
  frames: number,
  channels: number,
  out: Int16Array,
  dither: Dither,
  outOffset = 0,
): void {
  const n = checkLengths('floatToInt16', src.length, out.length, frames, channels, outOffset);
  const st = dither.state;
  // Every lane steps once per group of eight, even in a short last group, like the kernel.
  for (let i = 0; i < n; i += LANES) {
    for (let j = 0; j < LANES; j++) {
      let s = st[j]! | 0;
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      st[j] = s;
      if (i + j < n) out[outOffset + i + j] = quantize(src[i + j]!, s);
    }
  }
}

/** pcm.wat compiled by wabt 1.0.32 (`wat2wasm pcm.wat -o /dev/stdout | base64 -w0`). */
const PCM_WASM =
  'AGFzbQEAAAABBQFgAX8AAwIBAAUDAQACBxYCA21lbQIADGZsb2F0VG9JbnQxNgAACr0DAboDAgJ7A39BAP0ABAAhAUEQ/QAEACECQcAAIQNBwIAEIQRBwAAgAEECdGohBQJAA0AgAyAFTw0BIAEgAUEN/asB/VEhASABIAFBEf2tAf1RIQEgASABQQX9qwH9USEBIAIgAkEN/asB/VEhAiACIAJBEf2tAf1RIQIgAiACQQX9qwH9USECIAQgA/0ABAD9DAAAAEcAAABHAAAARwAAAEf95gEgAf0M//8AAP//AAD//wAA//8AAP1OIAFBEP2tAf2uAf36Af0MAACANwAAgDcAAIA3AACAN/3mAf0MAP9/PwD/fz8A/38/AP9/P/3lAf3kAf0MAAAAPwAAAD8AAAA/AAAAP/3kAf1o/fgBIAP9AAQQ/QwAAABHAAAARwAAAEcAAABH/eYBIAL9DP//AAD//wAA//8AAP//AAD9TiACQRD9rQH9rgH9+gH9DAAAgDcAAIA3AACANwAAgDf95gH9DAD/fz8A/38/AP9/PwD/fz/95QH95AH9DAAAAD8AAAA/AAAAPwAAAD/95AH9aP34Af2FAf0LBAAgA0EgaiEDIARBEGohBAwACwtBACAB/QsEAEEQIAL9CwQACw==';
/** Samples per kernel call; a multiple of LANES so lanes line up across chunks. As pcm.wat. */
const CHUNK = 16384;
const SRC_BYTE = 64;
const OUT_BYTE = 65600;

interface Kernel {
  run(n: number): void;
  state: Uint32Array;
  src: Float32Array;
  out: Int16Array;
}

function loadKernel(): Kernel | null {
  try {
    const bytes = Uint8Array.from(atob(PCM_WASM), (c) => c.charCodeAt(0));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const mem = instance.exports.mem as WebAssembly.Memory;
    return {
      run: instance.exports.floatToInt16 as (n: number) => void,
      state: new Uint32Array(mem.buffer, 0, LANES),
      src: new Float32Array(mem.buffer, SRC_BYTE, CHUNK),
      out: new Int16Array(mem.buffer, OUT_BYTE, CHUNK),
    };
  } catch {
    return null; // no WebAssembly SIMD here: the JS path gives the same samples, slower
  }
}

const kernel = loadKernel();
export const pcmKernel: 'wasm-simd' | 'js' = kernel ? 'wasm-simd' : 'js';

// Blocks are nearly always the same size, so one cached view of the output avoids a
// subarray allocation per call.
let outViewLength = -1;
let outView: Int16Array = new Int16Array(0);

/**
 * Quantize interleaved float samples to int16 with TPDF dither (±1 LSB triangular), rounding
 * to nearest (half up) and clipping (NaN → 0). Writes `frames × channels` samples to `out` from
 * `outOffset`. Output depends only on the input and the dither state, on either path.
 */
export function floatToInt16(
  src: Float32Array,
  frames: number,
  channels: number,
  out: Int16Array,
  dither: Dither,
  outOffset = 0,
): void {
  if (!kernel) return floatToInt16Js(src, frames, channels, out, dither, outOffset);
  const n = checkLengths('floatToInt16', src.length, out.length, frames, channels, outOffset);
  kernel.state.set(dither.state);
  for (let done = 0; done < n; done += CHUNK) {
    const m = Math.min(CHUNK, n - done);
    // Copying a whole small block (even past n) is cheaper than allocating a subarray.
    kernel.src.set(done === 0 && src.length <= CHUNK ? src : src.subarray(done, done + m));
    kernel.run(m);
    if (m !== outViewLength) {
      outView = kernel.out.subarray(0, m);
      outViewLength = m;
    }
    out.set(outView, outOffset + done);
  }
  dither.state.set(kernel.state);
}

/** Inverse of floatToInt16 (without dither): int16 / 32768. */
export function int16ToFloat(
  src: Int16Array,
  frames: number,
  channels: number,
  out: Float32Array,
  outOffset = 0,
): void {
  const n = checkLengths('int16ToFloat', src.length, out.length, frames, channels, outOffset);
  for (let i = 0; i < n; i++) out[outOffset + i] = src[i]! * INV_SCALE;
}
