/** A simulated sound card: it pulls `sampleRate` frames per second of wall time from a bounded
 *  queue, like a device's hardware buffer, and counts every time that queue ran dry. The null
 *  ALSA device of a headless box has no clock, so this stands in for a real card wherever the
 *  question is "would a device have underrun?" (the live benchmark, headless checks). Its
 *  accounting is exact: it is computed from the wall clock at every write and every 2 ms. */
import type { Sink } from '../types';

export interface SimulatedDevice extends Sink {
  /** Times the device wanted frames and found the queue empty (one per dry spell). */
  readonly underruns: number;
  /** Blocks that arrived after the queue had run dry. */
  readonly lateBlocks: number;
  /** Frames the device had to fill with silence. */
  readonly missingFrames: number;
  /** Playback second of each underrun. */
  readonly underrunAtSec: readonly number[];
  readonly deviceName: string;
}

export function createSimulatedDevice(sampleRate: number, queueMs = 100): SimulatedDevice {
  const capacity = Math.round((queueMs / 1000) * sampleRate);
  const underrunAtSec: number[] = [];
  let underruns = 0;
  let lateBlocks = 0;
  let missingFrames = 0;
  let queued = 0;
  let consumed = 0;
  let t0 = -1;
  let ranDry = false;
  let timer: ReturnType<typeof setInterval> | null = null;
  let waiter: (() => void) | null = null;

  /** Consume everything real time has asked for since the last look. */
  function advance(now: number): void {
    const due = Math.floor(((now - t0) / 1000) * sampleRate);
    const need = due - consumed;
    if (need <= 0) return;
    const take = Math.min(need, queued);
    queued -= take;
    consumed = due;
    if (take < need) {
      if (!ranDry) {
        underruns++;
        underrunAtSec.push((now - t0) / 1000);
      }
      ranDry = true;
      missingFrames += need - take;
    }
  }

  function poll(): void {
    advance(performance.now());
    if (waiter && queued <= capacity) {
      const w = waiter;
      waiter = null;
      w();
    }
  }

  return {
    sampleRate,
    deviceName: 'simulated',
    get underruns() {
      return underruns;
    },
    get lateBlocks() {
      return lateBlocks;
    },
    get missingFrames() {
      return missingFrames;
    },
    underrunAtSec,
    write(_block, frames) {
      const now = performance.now();
      if (t0 < 0) {
        t0 = now;
        timer = setInterval(poll, 2);
      }
      advance(now);
      if (ranDry) {
        lateBlocks++;
        ranDry = false;
      }
      queued += frames;
      if (queued <= capacity) return Promise.resolve();
      return new Promise<void>((resolve) => (waiter = resolve));
    },
    async close() {
      if (timer) clearInterval(timer);
      timer = null;
      waiter?.();
      waiter = null;
    },
  };
}
