/** The block ring between the render thread and the output thread: single producer, single
 *  consumer, in shared memory, with no lock anywhere. Each slot holds one block of interleaved
 *  stereo Float32 plus a small header (generation, frame count, flags); the two counters say how
 *  many slots each side has passed. Only the writer moves `written` and only the reader moves
 *  `read`, so a store after filling (writer) or after copying out (reader) is the whole protocol.
 *
 *  Generations: a seek, a new program or a replaced session bumps the generation; the reader drops
 *  slots of any other generation, so stale audio already in the ring is never played. */

/** ctrl[WRITTEN] / ctrl[READ]: slots passed by each side (int32, wrapping; only differences matter). */
const WRITTEN = 0;
const READ = 1;
const HEADER = 3; // gen, frames, flags per slot

/** The renderer ended after this block (it may be short). */
export const END_OF_PROGRAM = 1;

export interface RingBuffers {
  readonly slots: number;
  readonly blockFrames: number;
  readonly ctrl: SharedArrayBuffer;
  readonly headers: SharedArrayBuffer;
  readonly data: SharedArrayBuffer;
}

export function createRingBuffers(slots: number, blockFrames: number): RingBuffers {
  if (!Number.isInteger(slots) || slots < 2 || !Number.isInteger(blockFrames) || blockFrames < 16) {
    throw new RangeError(`ring: bad geometry ${slots} × ${blockFrames}`);
  }
  return {
    slots,
    blockFrames,
    ctrl: new SharedArrayBuffer(2 * 4),
    headers: new SharedArrayBuffer(slots * HEADER * 4),
    data: new SharedArrayBuffer(slots * blockFrames * 2 * 4),
  };
}

/** Slot of a (wrapping) counter value. */
const slotOf = (n: number, slots: number) => ((n % slots) + slots) % slots;

/** Resolves when ctrl[index] is no longer `seen`, or after `timeoutMs` (never blocks the thread). */
function changed(ctrl: Int32Array, index: number, seen: number, timeoutMs: number): Promise<void> {
  const w = Atomics.waitAsync(ctrl, index, seen, timeoutMs);
  return w.async ? w.value.then(() => undefined) : Promise.resolve();
}

export class RingWriter {
  private readonly ctrl: Int32Array;
  private readonly headers: Int32Array;
  private readonly data: Float32Array;
  readonly blockFrames: number;
  readonly slots: number;

  constructor(b: RingBuffers) {
    this.ctrl = new Int32Array(b.ctrl);
    this.headers = new Int32Array(b.headers);
    this.data = new Float32Array(b.data);
    this.blockFrames = b.blockFrames;
    this.slots = b.slots;
  }

  /** Slots written and not yet read. */
  queued(): number {
    return (Atomics.load(this.ctrl, WRITTEN) - Atomics.load(this.ctrl, READ)) | 0;
  }

  /** The next slot to fill (zeroed by the caller's renderer); only valid while queued() < slots. */
  next(): Float32Array {
    const i = slotOf(Atomics.load(this.ctrl, WRITTEN), this.slots);
    const size = this.blockFrames * 2;
    return this.data.subarray(i * size, (i + 1) * size);
  }

  /** Publish the slot filled through next(). */
  commit(gen: number, frames: number, flags = 0): void {
    const w = Atomics.load(this.ctrl, WRITTEN);
    const i = slotOf(w, this.slots);
    this.headers[i * HEADER] = gen;
    this.headers[i * HEADER + 1] = frames;
    this.headers[i * HEADER + 2] = flags;
    Atomics.store(this.ctrl, WRITTEN, (w + 1) | 0);
    Atomics.notify(this.ctrl, WRITTEN);
  }

  /** Wait until the reader has taken a slot (or `timeoutMs`). */
  readTaken(timeoutMs: number): Promise<void> {
    return changed(this.ctrl, READ, Atomics.load(this.ctrl, READ), timeoutMs);
  }
}

export interface RingBlock {
  gen: number;
  frames: number;
  flags: number;
  /** A view into shared memory: valid until release(). */
  samples: Float32Array;
}

export class RingReader {
  private readonly ctrl: Int32Array;
  private readonly headers: Int32Array;
  private readonly data: Float32Array;
  readonly blockFrames: number;
  readonly slots: number;

  constructor(b: RingBuffers) {
    this.ctrl = new Int32Array(b.ctrl);
    this.headers = new Int32Array(b.headers);
    this.data = new Float32Array(b.data);
    this.blockFrames = b.blockFrames;
    this.slots = b.slots;
  }

  available(): number {
    return (Atomics.load(this.ctrl, WRITTEN) - Atomics.load(this.ctrl, READ)) | 0;
  }

  /** The oldest unread slot (or the `k`-th after it), or null when there is none. */
  peek(k = 0): RingBlock | null {
    if (this.available() <= k) return null;
    const i = slotOf(Atomics.load(this.ctrl, READ) + k, this.slots);
    const size = this.blockFrames * 2;
    return {
      gen: this.headers[i * HEADER] as number,
      frames: this.headers[i * HEADER + 1] as number,
      flags: this.headers[i * HEADER + 2] as number,
      samples: this.data.subarray(i * size, (i + 1) * size),
    };
  }

  /** Hand the oldest slot back to the writer. */
  release(): void {
    Atomics.store(this.ctrl, READ, (Atomics.load(this.ctrl, READ) + 1) | 0);
    Atomics.notify(this.ctrl, READ);
  }

  /** Wait until the writer has published a slot (or `timeoutMs`). */
  written(timeoutMs: number): Promise<void> {
    return changed(this.ctrl, WRITTEN, Atomics.load(this.ctrl, WRITTEN), timeoutMs);
  }
}
