/** Shapes shared by the synthesis engine, its sinks and the player. Audio is always
 *  interleaved stereo Float32 in −1…1 inside the engine. */
import type { ToneRole } from '../../contract/playback';

export const CHANNELS = 2;

export interface BlockSource {
  readonly sampleRate: number;
  /** Fill `out` (at least frames × 2 long) with interleaved stereo; returns frames written,
   *  fewer than asked only when the source has ended (the rest is left as zeros). */
  render(out: Float32Array, frames: number): number;
}

/** Mono audio at its own rate (speech from a provider, a decoded file). */
export interface MonoAudio {
  samples: Float32Array;
  sampleRate: number;
}

export interface ActiveTone {
  /** e.g. "binaural L", "bowl 2nd partial", "pink noise" */
  label: string;
  freq: number;
  role: ToneRole;
}

export interface SessionRenderer extends BlockSource {
  readonly durationSec: number;
  readonly positionSec: number;
  /** Jump to `sec` (with a short fade so nothing clicks). */
  seek(sec: number): void;
  /** Frequencies the voices are producing at the current position. */
  active(): ActiveTone[];
  /** Fade to silence over `sec` seconds from now, then end (render returns < frames). */
  endWithFade(sec: number): void;
}

/** Where finished blocks go: PortAudio, a file, nothing. */
export interface Sink {
  readonly sampleRate: number;
  /** Resolves when the sink can take more (backpressure). `block` may be reused after. */
  write(block: Float32Array, frames: number): Promise<void>;
  /** Flush and release. Safe to call twice. */
  close(): Promise<void>;
}

export interface RenderOptions {
  sampleRate: number;
  /** Total length; the timeline's last tone-set holds until then. */
  durationSec: number;
  /** Fade at the very start and end of the session, seconds (default 3). */
  edgeFadeSec?: number;
  /** Noise seed, so an offline render and a live one are sample-identical. */
  seed?: number;
  /** Where audio the program mixes in is stored (the data folder's mix/). */
  mixFolder?: string;
}

/** Volume, user cap and limiter: applied in place to every block before any sink. */
export interface Master {
  process(block: Float32Array, frames: number): void;
  /** Ramped over ~50 ms so changes never click. */
  setVolume(volume: number): void;
  setMaxVolume(max: number): void;
}
