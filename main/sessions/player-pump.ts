/** The player's audio path: render a block (sleep timer, fade, master, analyzer), hand it to the
 *  sink, await its backpressure; while paused, feed the device silence at real-time pace. */
import type { Session } from '../../contract/session';
import type { Master, SessionRenderer, Sink } from '../audio/types';
import { applyFade, isSilent, type Fade } from './player-fade';
import { createPacer } from './player-pace';

/** The part of the spectrum analyzer the player uses (main/audio/spectrum satisfies it). */
export interface SpectrumAnalyzerLike {
  /** Copies; called on the audio path. */
  push(block: Float32Array, frames: number): void;
  /** The FFT; called from the player's 20 Hz timer, never from the audio path. */
  compute(): { bands: number[][]; peaks: Array<{ freq: number; db: number }> };
}

export interface Run {
  session: Session;
  renderer: SessionRenderer;
  master: Master;
  sink: Sink;
  analyzer: SpectrumAnalyzerLike;
  sampleRate: number;
  maxVolume: number;
  frames: number; // session frames rendered and handed to the sink
  fade: Fade;
  mode: 'playing' | 'pausing' | 'paused';
  stopRequested: boolean;
  sleep: { endSec: number; fadeFromFrame: number; fired: boolean } | null;
  done: Promise<void>;
}

export interface PrimedBlock {
  block: Float32Array;
  frames: number;
}

/** Silence fed to a paused device may run this far ahead of the wall clock. */
const PAUSE_AHEAD_MS = 100;

/** Render the next block of `r` into `block`, through fade, master and analyzer. */
export function renderBlock(r: Run, block: Float32Array, blockFrames: number): number {
  const sl = r.sleep;
  if (sl && !sl.fired && r.frames >= sl.fadeFromFrame) {
    sl.fired = true;
    r.renderer.endWithFade(Math.max(0.05, sl.endSec - r.frames / r.sampleRate));
  }
  block.fill(0);
  const n = r.renderer.render(block, blockFrames);
  applyFade(r.fade, block, n);
  r.master.process(block, n);
  r.analyzer.push(block, n);
  r.frames += n;
  return n;
}

/** The audio path, starting with the blocks rendered before the device opened. Resolves when
 *  the run is over (end, stop or error) with the error that ended it, if any; the caller
 *  closes the sink. */
export async function pump(r: Run, primed: PrimedBlock[], blockFrames: number, onPaused: () => void): Promise<unknown> {
  const block = new Float32Array(blockFrames * 2);
  const silence = new Float32Array(blockFrames * 2);
  let pausedAt = 0;
  let pausedFrames = 0;
  let error: unknown = null;
  const pacer = createPacer(r.sampleRate);
  try {
    for (;;) {
      if (r.mode === 'paused') {
        if (r.stopRequested) break;
        // Keep the device fed with silence, but no faster than real time (+100 ms).
        if (pausedFrames === 0) pausedAt = performance.now();
        await r.sink.write(silence, blockFrames);
        pausedFrames += blockFrames;
        const ahead = (pausedFrames / r.sampleRate) * 1000 - (performance.now() - pausedAt);
        if (ahead > PAUSE_AHEAD_MS) await sleep(ahead - PAUSE_AHEAD_MS / 2);
        continue;
      }
      pausedFrames = 0;
      const next = primed.shift();
      const out = next ? next.block : block;
      const n = next ? next.frames : renderBlock(r, block, blockFrames);
      if (n > 0) {
        await r.sink.write(out, n);
        await pacer.after(n);
      }
      if (n < blockFrames) break; // the session (or the sleep timer's fade) has ended
      if (isSilent(r.fade)) {
        if (r.stopRequested) break;
        if (r.mode === 'pausing') {
          r.mode = 'paused';
          onPaused();
        }
      }
    }
  } catch (err) {
    error = err;
  }
  return error;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}
