/** The export worker thread: renders one job (workerData) and posts progress, then the result
 *  or the error, and ends. Cancel arrives as a flag in shared memory that the render loop reads
 *  before every block, so it needs no turn of this thread's event loop. */
import { parentPort, workerData } from 'node:worker_threads';
import { KoruError } from '../../contract/errors';
import type { ExportJob } from './job';
import { renderToFile } from './render';

export interface WorkerInput {
  job: ExportJob;
  /** Int32Array over a SharedArrayBuffer; [0] becomes 1 to cancel. */
  cancel: Int32Array;
  temporary: string;
}

export type WorkerMessage =
  | { t: 'progress'; fraction: number }
  | { t: 'done'; file: { path: string; bytes: number; durationSec: number } }
  | { t: 'error'; error: { code: KoruError['code']; message: string; details?: unknown } };

const port = parentPort;
if (!port) throw new Error('main/export/worker.ts runs as a worker thread only');
const { job, cancel, temporary } = workerData as WorkerInput;
const post = (m: WorkerMessage) => port.postMessage(m);

try {
  const file = await renderToFile(job, {
    temporary,
    cancelled: () => Atomics.load(cancel, 0) === 1,
    onProgress: (fraction) => post({ t: 'progress', fraction }),
  });
  post({ t: 'done', file });
} catch (err) {
  const shape = err instanceof KoruError ? err.toShape() : { code: 'INTERNAL' as const, message: err instanceof Error ? err.message : String(err) };
  try {
    post({ t: 'error', error: shape });
  } catch {
    post({ t: 'error', error: { code: shape.code, message: shape.message } }); // details not cloneable
  }
}
