/** How the output thread reaches the render loop: a worker thread in the audio host (the app), or
 *  the same loop in-thread (unit tests). Both share the ring and speak the same commands. */
import { startWorker } from '../workers';
import { createRenderLoop, type RenderCommand, type RenderEvent } from './render-loop';
import type { RingBuffers } from './ring';

export interface RenderLink {
  /** Resolves once the loop can take commands (a worker has started and loaded its code). */
  ready: Promise<void>;
  send(cmd: RenderCommand): void;
  close(): Promise<void>;
}

export function workerRenderLink(buffers: RingBuffers, aheadBlocks: number, onEvent: (e: RenderEvent) => void, onExit: (why: string) => void): RenderLink {
  const worker = startWorker('audio-render', new URL('./render-worker.ts', import.meta.url), { workerData: { buffers, aheadBlocks } });
  let closing = false;
  let isReady!: () => void;
  const ready = new Promise<void>((resolve) => (isReady = resolve));
  worker.on('message', (e: RenderEvent) => (e.t === 'ready' ? isReady() : onEvent(e)));
  worker.on('error', (err) => onExit(`the render thread failed: ${err.message}`));
  worker.on('exit', (code) => {
    if (!closing) onExit(`the render thread stopped (exit code ${code})`);
  });
  return {
    ready,
    send: (cmd) => worker.postMessage(cmd),
    async close() {
      closing = true;
      worker.postMessage({ t: 'close' } satisfies RenderCommand);
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      const timer = setTimeout(() => void worker.terminate(), 1000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function inlineRenderLink(buffers: RingBuffers, aheadBlocks: number, onEvent: (e: RenderEvent) => void): RenderLink {
  // Events are delivered on a later turn, as a worker's would be.
  const loop = createRenderLoop(buffers, { aheadBlocks, post: (e) => queueMicrotask(() => onEvent(e)) });
  return {
    ready: Promise.resolve(),
    send: (cmd) => loop.handle(cmd),
    async close() {
      loop.handle({ t: 'close' });
      await loop.done;
    },
  };
}
