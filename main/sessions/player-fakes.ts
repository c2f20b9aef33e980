/** Test doubles for the player: a plain sine "session" whose every sample is predictable, and
 *  an in-memory sink the test can hold back block by block (the way a device applies
 *  backpressure) or let run freely. */
import { KoruError } from '../../contract/errors';
import type { Session } from '../../contract/session';
import type { ActiveTone, SessionRenderer, Sink } from '../audio/types';

export function sineRenderer(o: { sampleRate: number; durationSec: number; freq: number; amp: number }): SessionRenderer & {
  endFadeCalls: Array<{ atSec: number; sec: number }>;
} {
  const total = Math.round(o.durationSec * o.sampleRate);
  const w = (2 * Math.PI * o.freq) / o.sampleRate;
  let pos = 0;
  let end = total;
  let fadeFrom = Infinity;
  const endFadeCalls: Array<{ atSec: number; sec: number }> = [];
  return {
    sampleRate: o.sampleRate,
    durationSec: o.durationSec,
    endFadeCalls,
    get positionSec() {
      return pos / o.sampleRate;
    },
    seek(sec) {
      pos = Math.round(sec * o.sampleRate);
    },
    active: (): ActiveTone[] => [{ label: 'sine', freq: o.freq }],
    endWithFade(sec) {
      endFadeCalls.push({ atSec: pos / o.sampleRate, sec });
      fadeFrom = pos;
      end = Math.min(end, pos + Math.round(sec * o.sampleRate));
    },
    render(out, frames) {
      const n = Math.max(0, Math.min(frames, end - pos));
      for (let i = 0; i < n; i++, pos++) {
        const g = pos < fadeFrom ? 1 : (end - pos) / (end - fadeFrom);
        const v = o.amp * g * Math.sin(w * pos);
        out[2 * i] = v;
        out[2 * i + 1] = v;
      }
      out.fill(0, 2 * n, 2 * frames);
      return n;
    },
  };
}

export class MemorySink implements Sink {
  readonly left: number[] = [];
  readonly right: number[] = [];
  readonly blocks: number[] = [];
  closed = 0;
  lateBlocks = 0;
  /** Reject the write with this ordinal (1-based), like a device that vanished. */
  failAt = -1;
  private readonly pending: Array<() => void> = [];

  constructor(
    readonly sampleRate: number,
    /** true: writes resolve at once; false: each waits for release(). */
    public auto = true,
  ) {}

  write(block: Float32Array, frames: number): Promise<void> {
    if (this.blocks.length + 1 === this.failAt) {
      this.blocks.push(frames);
      return Promise.reject(new KoruError('DEVICE_ERROR', 'Audio output failed: device unplugged'));
    }
    this.blocks.push(frames);
    for (let i = 0; i < frames; i++) {
      this.left.push(block[2 * i] as number);
      this.right.push(block[2 * i + 1] as number);
    }
    if (this.auto) return Promise.resolve();
    return new Promise((resolve) => this.pending.push(resolve));
  }

  async close(): Promise<void> {
    this.closed++;
  }

  /** Let `n` held writes complete (waiting for each to arrive), then let the pump run on. */
  async release(n = 1): Promise<void> {
    for (let i = 0; i < n; i++) {
      for (let spins = 0; this.pending.length === 0; spins++) {
        if (this.closed || spins > 2000) return;
        await tick();
      }
      this.pending.shift()?.();
    }
    await tick();
  }

  /** Switch to free-running and let everything held go. */
  letGo(): void {
    this.auto = true;
    this.pending.splice(0).forEach((r) => r());
  }
}

export const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export function testSession(over: Partial<Session> = {}): Session {
  return {
    id: 'session-1',
    name: 'Test tone',
    intention: '',
    tags: [],
    program: {
      sets: [{ name: 'a', voices: [{ kind: 'binaural', carrier: 200, beat: 10, amp: 0.5 }] }],
      timeline: [{ at: 0, set: 'a', fadeIn: 'fade', fadeOut: 'fade', slide: false }],
      transitionSec: 10,
    },
    durationSec: 1,
    volume: 1,
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
    ...over,
  };
}
