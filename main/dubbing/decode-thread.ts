/** Runs a decode on its own worker thread (main/dubbing/decode-worker.ts), with progress and
 *  cancel through an AbortSignal. */
import { KoruError } from '../../contract/errors';
import { startWorker } from '../workers';
import type { Decoded } from './decode';
import type { DecodeJob, DecodeMessage } from './decode-worker';

export function decodeInThread(job: Omit<DecodeJob, 'cancel'>, signal: AbortSignal, onProgress?: (fraction: number) => void): Promise<Decoded> {
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const worker = startWorker('dub-decode', new URL('./decode-worker.ts', import.meta.url), { workerData: { ...job, cancel } satisfies DecodeJob });
  const onAbort = () => Atomics.store(cancel, 0, 1);
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  return new Promise<Decoded>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    worker.on('message', (m: DecodeMessage) => {
      if (m.t === 'progress') onProgress?.(m.fraction);
      else if (m.t === 'done') settle(() => resolve(m.decoded));
      else settle(() => reject(signal.aborted ? signal.reason : new KoruError(m.error.code, m.error.message, m.error.details)));
    });
    worker.on('error', (err) => settle(() => reject(new KoruError('INTERNAL', `Decoding stopped unexpectedly: ${err.message}`))));
    worker.on('exit', (code) => settle(() => reject(new KoruError('INTERNAL', `Decoding stopped unexpectedly (worker exit ${code}).`))));
  });
}
