/** The renderer's largest sub-block: voices may keep scratch buffers this long. */
export const MAX_BLOCK_FRAMES = 8192;

/** What every voice implementation looks like to the renderer. Voices run per block, never per
 *  sample through an interface: one `process` call fills a whole sub-block. */

/**
 * Linear parameter ramps of one voice inside one segment. The value at frame k (counted from the
 * segment start) is `x0 + k·dx`. Computing it from k rather than by accumulation makes the output
 * independent of how the caller slices blocks, so a live render and an offline one match.
 */
export interface Ramp {
  /** Segment-relative index of the first frame of the current sub-block. */
  k0: number;
  amp0: number;
  dAmp: number;
  freq0: number;
  dFreq: number;
  beat0: number;
  dBeat: number;
  pan0: number;
  dPan: number;
}

export function createRamp(): Ramp {
  return { k0: 0, amp0: 0, dAmp: 0, freq0: 0, dFreq: 0, beat0: 0, dBeat: 0, pan0: 0, dPan: 0 };
}

export interface VoiceDsp {
  /**
   * Add n frames into `mix` (interleaved stereo Float64) starting at frame `off`.
   * `frame` is the absolute session frame of the first of them (bowl strikes are timed by it).
   */
  process(mix: Float64Array, off: number, n: number, r: Ramp, frame: number): void;
  /** A segment begins at `frame` (or a seek lands there): take its static parameters. */
  configure?(strikeAt: number, strikeEvery: number, decay: number, frame: number): void;
  /** After a seek lands at `frame`, rebuild state that depends on the past (a bowl's ringing). */
  resync?(frame: number): void;
  /** A bowl whose period ended rings on: true once it has fallen silent. */
  silent?(): boolean;
}
