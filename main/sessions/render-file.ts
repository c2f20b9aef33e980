import { createMaster } from '../audio';
import { createSpecRenderer, type RenderSpec } from '../audio/render-spec';
import { createMp3Sink } from '../audio/sinks/mp3';
import { createWavSink } from '../audio/sinks/wav';
import type { Sink } from '../audio/types';

export interface RenderJob {
  spec: RenderSpec;
  volume: number;
  maxVolume: number;
  sampleRate: number;
  format: 'wav' | 'mp3';
  path: string;
  /** Called at most ~10 times a second with 0..1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

const BLOCK = 8192;

/** Offline render of a program to a file, streamed block by block (never the whole session in
 *  memory). Shared by session export and `koru render`, so both sound exactly like live play. */
export async function renderToFile(job: RenderJob): Promise<{ path: string; bytes: number; durationSec: number }> {
  const renderer = createSpecRenderer(job.spec, job.sampleRate);
  const master = createMaster({ sampleRate: job.sampleRate, volume: job.volume, maxVolume: job.maxVolume });
  const sink: Sink =
    job.format === 'mp3'
      ? createMp3Sink(job.path, { sampleRate: job.sampleRate, channels: 2 })
      : createWavSink(job.path, { sampleRate: job.sampleRate, channels: 2, bits: 16 });
  const block = new Float32Array(BLOCK * 2);
  const total = Math.round(renderer.durationSec * job.sampleRate);
  let done = 0;
  let lastReport = 0;
  let lastYield = performance.now();
  try {
    for (;;) {
      if (job.signal?.aborted) throw job.signal.reason ?? new Error('render cancelled');
      const frames = renderer.render(block, BLOCK);
      if (frames > 0) {
        master.process(block, frames);
        await sink.write(block, frames);
      }
      done += frames;
      const now = performance.now();
      if (job.onProgress && now - lastReport > 100) {
        lastReport = now;
        job.onProgress(Math.min(1, done / total));
      }
      // An export runs in main beside live playback: hand the event loop back every few ms so
      // the player's next block (≈20 ms of audio) and the UI's calls never wait behind it.
      if (now - lastYield > 4) {
        await new Promise((r) => setImmediate(r));
        lastYield = performance.now();
      }
      if (frames < BLOCK) break;
    }
  } finally {
    await sink.close();
  }
  job.onProgress?.(1);
  const { size } = await import('node:fs/promises').then((fs) => fs.stat(job.path));
  return { path: job.path, bytes: size, durationSec: done / job.sampleRate };
}
