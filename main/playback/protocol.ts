/** What the app and its audio engine say to each other. The engine runs in a process of its own
 *  (main/playback/host.ts); these are the messages on that channel, in both directions. They are
 *  internal — the renderer never sees them — but they are plain data, so the same engine can also
 *  run in-process behind the same messages (tests). */
import type { KoruErrorShape } from '../../contract/errors';
import type { Spectrum } from '../../contract/playback';
import type { PlaybackStatus } from '../../contract/session';
import type { AudioDevice } from '../../contract/settings';
import type { RenderSpec, SegmentRef } from '../audio';

/** Where the engine plays: a PortAudio device, a simulated sound card that consumes at exactly
 *  real time and counts underruns (benches, headless checks), or nothing (paced to real time). */
export type SinkSpec = { kind: 'device'; deviceName: string | null } | { kind: 'simulated'; queueMs?: number } | { kind: 'null' };

export interface StartCommand {
  t: 'start';
  session: { id: string; name: string };
  spec: RenderSpec;
  sampleRate: number;
  volume: number;
  maxVolume: number;
  shakerGuard: boolean;
  sink: SinkSpec;
  /** Dither seed of a device sink (a null test against an offline render fixes it). */
  ditherSeed?: number;
}

export type HostCommand =
  | StartCommand
  | { t: 'pause' }
  | { t: 'resume' }
  | { t: 'stop' }
  | { t: 'status' }
  /** Start the render thread now, so the first play does not wait for it. */
  | { t: 'warm' }
  | { t: 'volume'; volume: number }
  | { t: 'maxVolume'; maxVolume: number }
  | { t: 'shakerGuard'; on: boolean }
  | { t: 'sleep'; minutes: number | null; fadeSec: number }
  | { t: 'seek'; sec: number }
  /** Play `spec` from where `sessionId` is now (edits saved while it plays). */
  | { t: 'replace'; sessionId: string; spec: RenderSpec }
  /** A segment voiced for the narration `sessionId` is playing (ignored for anything else). */
  | { t: 'segment'; sessionId: string; ref: SegmentRef }
  | { t: 'segmentsDone'; sessionId: string }
  | { t: 'devices' }
  | { t: 'stats' }
  | { t: 'close' };

export interface EngineStats {
  /** Blocks the output thread found the ring empty for (the render thread fell behind). */
  starvedBlocks: number;
  /** Late blocks / underruns as the sink counts them (devices estimate, simulated ones know). */
  lateBlocks: number;
  underruns: number;
  /** Frames handed to the sink in the current (or last) run. */
  framesPlayed: number;
  /** Longest gap between two writes to the sink in the current (or last) run, ms. */
  maxWriteGapMs: number;
  /** When that run's first block went to the sink, as epoch ms (comparable across processes). */
  firstWriteAtMs: number | null;
  /** When its first audible block (|sample| > 0.001) went to the sink, epoch ms. */
  firstSoundAtMs: number | null;
}

export interface DeviceList {
  devices: AudioDevice[];
  error: string | null;
}

export type HostEvent =
  | { t: 'status'; status: PlaybackStatus }
  | { t: 'spectrum'; spectrum: Spectrum }
  | { t: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; detail?: unknown };

/** Over the process channel: requests carry an id, replies answer it, events have none. */
export type HostRequest = { id: number; cmd: HostCommand };
export type HostMessage = HostEvent | { t: 'reply'; id: number; ok: true; value: unknown } | { t: 'reply'; id: number; ok: false; error: KoruErrorShape };
