/** The export worker thread: takes jobs one at a time from its parent (a finished worker is
 *  kept a while for the next export, so that one starts at once), posts progress, then the
 *  result or the error. Cancel arrives as a flag in shared memory that the render loop reads
 *  before every block, so it needs no turn of this thread's event loop. */
import { parentPort } from 'node:worker_threads';
import { KoruError } from '../../contract/errors';
import type { ExportJob, RenderedFile } from './job';
import { renderToFile } from './render';

export interface WorkerJob {
  t: 'job';
  job: ExportJob;
  /** Int32Array over a SharedArrayBuffer; [0] becomes 1 to cancel. */
  cancel: Int32Array;
  temporary: string;
}

export type WorkerMessage =
  | { t: 'progress'; fraction: number }
  | { t: 'done'; file: RenderedFile }
  | { t: 'error'; error: { code: KoruError['code']; message: string; details?: unknown } };

const port = parentPort;
if (!port) throw new Error('main/export/worker.ts runs as a worker thread only');
const post = (m: WorkerMessage) => port.postMessage(m);

async function run({ job, cancel, temporary }: WorkerJob): Promise<void> {
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
}

port.on('message', (m: WorkerJob) => {
  if (m?.t === 'job') void run(m);
});
