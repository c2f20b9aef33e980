/** Test doubles for the player and its engine: an in-memory sink the test can hold back block
 *  by block (the way a device applies backpressure) or let run freely, a plain sine session whose
 *  every sample is predictable, and an engine in this process behind the player. */
import { KoruError } from '../../contract/errors';
import type { Session } from '../../contract/session';
import type { Settings } from '../../contract/settings';
import { createNullSink } from '../audio/sinks/null';
import type { Sink } from '../audio/types';
import type { Log } from '../log';
import { inlineHostLink } from './host-link';
import { createPlayer, type PlayerDeps } from './player';

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

/** A sine at `freq` with amplitude `amp` from the first sample (no edge fades), or the given program. */
export function sineSession(o: { freq?: number; amp?: number; durationSec?: number } & Partial<Session> = {}): Session {
  const { freq = 100, amp = 0.5, ...over } = o;
  return testSession({ program: { sets: [{ name: 'a', voices: [{ kind: 'sine', freq, amp, pan: 0 }] }], timeline: [{ at: 0, set: 'a', fadeIn: 'fade', fadeOut: 'fade', slide: false }], transitionSec: 10 }, ...over });
}

export interface TestPlayerOptions {
  settings?: Partial<Settings>;
  openSink?: (sampleRate: number) => Promise<Sink>;
  log?: Log;
  emit?: PlayerDeps['emit'];
  shakerGuard?: () => boolean;
  mixFolder?: string;
}

/** The real player and engine in this process, rendering in-thread, playing into `openSink`. */
export function inlinePlayer(o: TestPlayerOptions = {}) {
  const settings: Settings = { outputDevice: null, sampleRate: 48000, maxVolume: 1, ...o.settings };
  const sinks: MemorySink[] = [];
  const log: Log = o.log ?? (() => undefined);
  const link = inlineHostLink({
    render: 'inline',
    openSink: async (_spec, sampleRate) => {
      if (o.openSink) return o.openSink(sampleRate);
      const s = new MemorySink(sampleRate);
      sinks.push(s);
      return s;
    },
    listDevices: () => ({ devices: [], error: 'no devices in tests' }),
    log,
    statusIntervalMs: 20,
    spectrumIntervalMs: 20,
  });
  const player = createPlayer({ link, getSettings: () => settings, emit: o.emit ?? (() => undefined), log, settingsPollMs: 20, edgeFadeSec: 0, ...(o.shakerGuard ? { shakerGuard: o.shakerGuard } : {}), ...(o.mixFolder ? { mixFolder: o.mixFolder } : {}) });
  return { player, settings, sinks };
}

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

/** The app's `audio` option for tests that do not listen: the engine in this process, playing
 *  into a null sink (no process to start, no device needed). */
export function silentAudio() {
  return {
    link: inlineHostLink({
      render: 'inline',
      openSink: async (_sink, sampleRate) => createNullSink({ sampleRate }),
      listDevices: () => ({ devices: [], error: 'no devices in tests' }),
    }),
  };
}
