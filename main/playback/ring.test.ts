import { describe, expect, it } from 'vitest';
import { createRingBuffers, END_OF_PROGRAM, RingReader, RingWriter } from './ring';

function fill(w: RingWriter, gen: number, value: number, frames = w.blockFrames, flags = 0): void {
  w.next().fill(value);
  w.commit(gen, frames, flags);
}

describe('block ring', () => {
  it('hands blocks over in order with their header, and never more than it holds', () => {
    const b = createRingBuffers(4, 16);
    const w = new RingWriter(b);
    const r = new RingReader(b);
    expect(r.peek()).toBeNull();
    for (let i = 0; i < 4; i++) fill(w, 7, i + 1);
    expect(w.queued()).toBe(4);
    expect(r.available()).toBe(4);
    expect(r.peek(3)?.samples[0]).toBe(4);
    expect(r.peek(4)).toBeNull();
    for (let i = 0; i < 4; i++) {
      const blk = r.peek()!;
      expect([blk.gen, blk.frames, blk.samples[0], blk.samples.length]).toEqual([7, 16, i + 1, 32]);
      r.release();
    }
    expect(r.peek()).toBeNull();
    fill(w, 8, 9, 5, END_OF_PROGRAM);
    expect(r.peek()).toMatchObject({ gen: 8, frames: 5, flags: END_OF_PROGRAM });
  });

  it('keeps counting correctly across the int32 wrap of its counters', () => {
    const b = createRingBuffers(3, 16);
    const ctrl = new Int32Array(b.ctrl);
    ctrl[0] = ctrl[1] = 2 ** 31 - 2; // just before both counters wrap
    const w = new RingWriter(b);
    const r = new RingReader(b);
    for (let round = 0; round < 10; round++) {
      fill(w, round, round);
      fill(w, round, round + 0.5);
      expect(r.available()).toBe(2);
      expect(r.peek()!.samples[0]).toBe(round);
      r.release();
      expect(r.peek()!.samples[0]).toBe(round + 0.5);
      r.release();
      expect(w.queued()).toBe(0);
    }
    expect(ctrl[0]).toBeLessThan(0); // it did wrap
  });

  it('wakes a waiting reader when a block is written, and a waiting writer when one is read', async () => {
    const b = createRingBuffers(2, 16);
    const w = new RingWriter(b);
    const r = new RingReader(b);
    // The waits time out after a minute; a wake-up that did not come fails the race after 2 s.
    const soon = <T>(p: Promise<T>) => Promise.race([p.then(() => 'woken'), new Promise((resolve) => setTimeout(() => resolve('not woken'), 2000))]);
    const written = soon(r.written(60_000));
    fill(w, 1, 1);
    expect(await written).toBe('woken');
    const taken = soon(w.readTaken(60_000));
    r.release();
    expect(await taken).toBe('woken');
    expect(w.queued()).toBe(0);
  });
});
