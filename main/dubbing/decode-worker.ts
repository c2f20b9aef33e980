/** The decode thread: one file per worker, so decoding an hour of audio never shares an event
 *  loop with the app (or the player's process). Progress and the outcome go back as messages;
 *  cancel is a flag in shared memory read between chunks. */
import { parentPort, workerData } from 'node:worker_threads';
import { KoruError } from '../../contract/errors';
import { setThreadNice } from '../workers';
import { decodeToFile, type Decoded } from './decode';

export interface DecodeJob {
  input: string;
  output: string;
  name: string;
  maxSec?: number;
  cancel: Int32Array;
}

export type DecodeMessage =
  | { t: 'progress'; fraction: number }
  | { t: 'done'; decoded: Decoded }
  | { t: 'error'; error: { code: KoruError['code']; message: string; details?: unknown } };

const port = parentPort;
if (!port) throw new Error('main/dubbing/decode-worker.ts runs as a worker thread only');
const job = workerData as DecodeJob;
setThreadNice(10); // background work yields to everything else, audio first
let last = 0;
decodeToFile(job.input, job.output, {
  name: job.name,
  ...(job.maxSec === undefined ? {} : { maxSec: job.maxSec }),
  cancelled: () => Atomics.load(job.cancel, 0) === 1,
  onProgress: (fraction) => {
    const now = performance.now();
    if (now - last < 100) return;
    last = now;
    port.postMessage({ t: 'progress', fraction } satisfies DecodeMessage);
  },
})
  .then((decoded) => port.postMessage({ t: 'done', decoded } satisfies DecodeMessage))
  .catch((err: unknown) => {
    const error = err instanceof KoruError ? { code: err.code, message: err.message } : { code: 'INTERNAL' as const, message: err instanceof Error ? err.message : String(err) };
    port.postMessage({ t: 'error', error } satisfies DecodeMessage);
  });
