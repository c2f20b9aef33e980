/** The one render-to-file loop: a spec's renderer → the master stage → a WAV or MP3 sink,
 *  block by block (never the whole file in memory), writing beside the final name until the
 *  file is complete. It runs inside the export worker for the app, and in the calling thread
 *  for the CLI and tests; either way it sounds exactly like live play. */
import fs from 'node:fs';
import { KoruError } from '../../contract/errors';
import { createMaster } from '../audio';
import { createSpecRenderer } from '../audio';
import { createMp3Sink } from '../audio';
import type { FileSink } from '../audio';
import { createWavSink } from '../audio';
import { id3Tag } from './id3';
import type { ExportJob, RenderedFile } from './job';

const BLOCK = 8192;
/** ≤ 10 progress reports a second: smooth for a bar, nothing for the message channel. */
export const PROGRESS_INTERVAL_MS = 100;

export interface RenderControl {
  /** 0…1 at most every PROGRESS_INTERVAL_MS (and not the final 1: the caller reports the end). */
  onProgress?: (fraction: number) => void;
  /** Polled before every block; true stops the render and deletes the temporary. */
  cancelled?: () => boolean;
  /** The temporary to write (see FileTarget). */
  temporary?: string;
}

export function cancelledError(): KoruError {
  return new KoruError('CONFLICT', 'The export was cancelled; no file was saved.', { cancelled: true });
}

export function isCancelled(err: unknown): boolean {
  return err instanceof KoruError && (err.details as { cancelled?: unknown } | undefined)?.cancelled === true;
}

async function openSink(job: ExportJob, durationSec: number, temporary: string | undefined): Promise<FileSink> {
  const target = temporary === undefined ? {} : { temporary };
  if (job.format === 'mp3') {
    const id3 = await id3Tag({ title: job.title, chapters: job.chapters, durationSec });
    return createMp3Sink(job.path, { sampleRate: job.sampleRate, ...(job.kbps ? { kbps: job.kbps } : {}), ...(id3 ? { id3 } : {}), ...target });
  }
  return createWavSink(job.path, { sampleRate: job.sampleRate, bits: 16, ...(job.maxDataBytes === undefined ? {} : { maxDataBytes: job.maxDataBytes }), ...target });
}

export async function renderToFile(job: ExportJob, control: RenderControl = {}): Promise<RenderedFile> {
  // A voiced segment that cannot be read fails the export rather than leaving a hole in it.
  let segmentError: unknown = null;
  const renderer = createSpecRenderer(job.spec, job.sampleRate, { onError: (err) => (segmentError ??= err) });
  if (segmentError) throw segmentError;
  const master = createMaster({ sampleRate: job.sampleRate, volume: job.volume, maxVolume: job.maxVolume });
  const sink = await openSink(job, renderer.durationSec, control.temporary);
  const block = new Float32Array(BLOCK * 2);
  const total = Math.max(1, Math.round(renderer.durationSec * job.sampleRate));
  let done = 0;
  let lastReport = performance.now();
  try {
    for (;;) {
      if (control.cancelled?.()) throw cancelledError();
      const frames = renderer.render(block, BLOCK);
      if (frames > 0) {
        master.process(block, frames);
        await sink.write(block, frames);
      }
      done += frames;
      const now = performance.now();
      if (control.onProgress && now - lastReport >= PROGRESS_INTERVAL_MS) {
        lastReport = now;
        control.onProgress(Math.min(1, done / total));
      }
      if (frames < BLOCK) break;
    }
  } catch (err) {
    await sink.abort();
    throw err;
  }
  await sink.close();
  const { size } = await fs.promises.stat(job.path);
  return { path: job.path, bytes: size, durationSec: done / job.sampleRate };
}
