/** The render side of live playback: builds the renderer from a RenderSpec and keeps the ring a
 *  few blocks ahead of the output thread, block by block. It runs on a worker thread of the audio
 *  host (render-worker.ts), where loading and resampling a voiced segment, a garbage collection
 *  or a slow block can never hold up the output; tests run it in-thread behind the same commands.
 *  The sleep timer's fade belongs here, because only this side knows render positions. */
import { createSpecRenderer, type RenderSpec, type SegmentRef, type SpecRenderer } from '../audio';
import type { ActiveTone } from '../audio';
import { END_OF_PROGRAM, RingWriter, type RingBuffers } from './ring';

export type RenderCommand =
  | { t: 'start'; gen: number; spec: RenderSpec; sampleRate: number }
  | { t: 'seek'; gen: number; sec: number }
  | { t: 'replace'; gen: number; spec: RenderSpec; sec: number }
  | { t: 'segment'; ref: SegmentRef }
  | { t: 'segmentsDone' }
  /** Fade out from `fadeFromSec` (render position) to silence at `endSec`; null clears it. */
  | { t: 'sleep'; timer: { fadeFromSec: number; endSec: number } | null }
  | { t: 'stop' }
  | { t: 'close' };

export type RenderEvent =
  /** The thread is up (sent once, by the worker entry). */
  | { t: 'ready' }
  /** Sent on start, every ~100 ms of rendered audio and at the end. */
  | { t: 'progress'; gen: number; renderedSec: number; durationSec: number; active: ActiveTone[]; sleepFired: boolean; spoken: number | null }
  /** `fatal`: the renderer is gone (an end block follows); otherwise one segment could not be used. */
  | { t: 'error'; gen: number; message: string; fatal: boolean };

export interface RenderLoopOptions {
  /** Blocks to keep queued ahead of the output (each one blockFrames long). */
  aheadBlocks: number;
  post(event: RenderEvent): void;
}

const PROGRESS_EVERY_SEC = 0.1;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createRenderLoop(buffers: RingBuffers, o: RenderLoopOptions) {
  const writer = new RingWriter(buffers);
  const bf = writer.blockFrames;
  const ahead = Math.max(1, Math.min(o.aheadBlocks, writer.slots - 1));
  let renderer: SpecRenderer | null = null;
  let gen = 0;
  let sampleRate = 48000;
  let ended = false;
  let sleep: { fadeFromSec: number; endSec: number; fired: boolean } | null = null;
  let lastProgress = -Infinity;
  let closed = false;
  let kick: (() => void) | null = null;

  const wake = () => {
    kick?.();
    kick = null;
  };

  function progress(force = false): void {
    if (!renderer) return;
    const at = renderer.positionSec;
    if (!force && at - lastProgress < PROGRESS_EVERY_SEC) return;
    lastProgress = at;
    o.post({ t: 'progress', gen, renderedSec: at, durationSec: renderer.durationSec, active: renderer.active(), sleepFired: sleep?.fired ?? false, spoken: renderer.spoken() });
  }

  function fail(err: unknown): void {
    o.post({ t: 'error', gen, message: messageOf(err), fatal: true });
    // The output stops at an empty end block rather than waiting for audio that will not come.
    writer.next().fill(0);
    writer.commit(gen, 0, END_OF_PROGRAM);
    ended = true;
  }

  function build(spec: RenderSpec): SpecRenderer {
    return createSpecRenderer(spec, sampleRate, { growing: true, onError: (err) => o.post({ t: 'error', gen, message: messageOf(err), fatal: false }) });
  }

  function renderOne(r: SpecRenderer): void {
    if (sleep && !sleep.fired && r.positionSec >= sleep.fadeFromSec) {
      sleep.fired = true;
      r.endWithFade(Math.max(0.05, sleep.endSec - r.positionSec));
    }
    const out = writer.next();
    out.fill(0);
    const n = r.render(out, bf);
    const last = n < bf;
    writer.commit(gen, n, last ? END_OF_PROGRAM : 0);
    if (last) {
      ended = true;
      progress(true);
    } else progress();
  }

  async function loop(): Promise<void> {
    while (!closed) {
      const r = renderer;
      if (r && !ended && writer.queued() < ahead) {
        try {
          renderOne(r);
        } catch (err) {
          fail(err);
        }
        continue;
      }
      // Wait for the output to take a block, or for a command.
      await Promise.race([writer.readTaken(50), new Promise<void>((resolve) => (kick = resolve))]);
      kick = null;
    }
  }

  function handle(cmd: RenderCommand): void {
    try {
      switch (cmd.t) {
        case 'start':
          gen = cmd.gen;
          sampleRate = cmd.sampleRate;
          sleep = null;
          ended = false;
          lastProgress = -Infinity;
          renderer = build(cmd.spec);
          progress(true);
          break;
        case 'seek':
          gen = cmd.gen;
          if (renderer) {
            renderer.seek(cmd.sec);
            ended = false;
            progress(true);
          }
          break;
        case 'replace': {
          const next = build(cmd.spec);
          if (cmd.sec > 0) next.seek(cmd.sec);
          gen = cmd.gen;
          renderer = next;
          ended = false;
          progress(true);
          break;
        }
        case 'segment':
          renderer?.addSegment(cmd.ref);
          break;
        case 'segmentsDone':
          renderer?.closeSegments();
          break;
        case 'sleep':
          sleep = cmd.timer ? { ...cmd.timer, fired: false } : sleep?.fired ? sleep : null;
          break;
        case 'stop':
          renderer = null;
          sleep = null;
          break;
        case 'close':
          closed = true;
          renderer = null;
          break;
      }
    } catch (err) {
      fail(err);
    }
    wake();
  }

  const done = loop();
  return { handle, done };
}
