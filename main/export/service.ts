/** Runs exports: one worker thread each (the live player never shares an event loop with an
 *  export), or in the calling thread for the CLI. Gives every export an id, pushes
 *  `export.progress` for it, cancels by id or AbortSignal, and refuses a second export to a file
 *  that is already being written. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { KoruError } from '../../contract/errors';
import type { ExportProgress, ExportResult, ExportState } from '../../contract/exports';
import { temporaryPathFor } from '../storage/atomic-file';
import { startWorker } from '../workers/entry';
import type { ExportJob, RenderedFile } from './job';
import { cancelledError, isCancelled, renderToFile } from './render';
import type { WorkerInput, WorkerMessage } from './worker';

export interface ExportServiceDeps {
  /** Where `export.progress` goes (the app's event hub). */
  emit?: (name: 'export.progress', payload: ExportProgress) => void;
  log?: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
  /** Render in the calling thread (the CLI, which does nothing else meanwhile). */
  inThread?: boolean;
}

export interface RunOptions {
  /** The export's id (the renderer picks one so it can cancel at once); default: a new one. */
  id?: string;
  signal?: AbortSignal;
  /** Progress for this caller alone (the CLI's line), besides the event. */
  onProgress?: (fraction: number) => void;
}

interface Running {
  path: string;
  title: string;
  controller: AbortController;
  done: Promise<unknown>;
}

export function createExportService(deps: ExportServiceDeps = {}) {
  const running = new Map<string, Running>();

  function report(id: string, fraction: number, state: ExportState, onProgress?: (f: number) => void): void {
    if (state === 'running') onProgress?.(fraction);
    deps.emit?.('export.progress', { id, fraction, state });
  }

  function inWorker(job: ExportJob, signal: AbortSignal, onProgress: (f: number) => void): Promise<RenderedFile> {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const temporary = temporaryPathFor(job.path);
    const input: WorkerInput = { job, cancel, temporary };
    let worker: Worker;
    try {
      worker = startWorker('export-worker', new URL('./worker.ts', import.meta.url), { workerData: input });
    } catch (err) {
      return Promise.reject(new KoruError('INTERNAL', `The export could not start: ${(err as Error).message}`));
    }
    const onAbort = () => Atomics.store(cancel, 0, 1);
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    return new Promise<RenderedFile>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        fn();
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.t === 'progress') onProgress(m.fraction);
        else if (m.t === 'done') settle(() => resolve(m.file));
        else settle(() => reject(new KoruError(m.error.code, m.error.message, m.error.details)));
      });
      worker.on('error', (err) => settle(() => reject(new KoruError('INTERNAL', `The export stopped unexpectedly: ${err.message}`))));
      worker.on('exit', (code) => {
        // A worker that died without a word leaves its temporary behind: remove it here.
        if (!settled) fs.rmSync(temporary, { force: true });
        settle(() => reject(new KoruError('INTERNAL', `The export stopped unexpectedly (worker exit ${code}).`)));
      });
    });
  }

  return {
    /** Render `job` to its file. Rejects with a `cancelled` error when cancelled, the earlier
     *  file (if any) left as it was. */
    async run(job: ExportJob, opts: RunOptions = {}): Promise<ExportResult> {
      const id = opts.id ?? randomUUID();
      if (running.has(id)) throw new KoruError('CONFLICT', 'An export with this id is already running.', { exportId: id });
      const target = path.resolve(job.path);
      for (const r of running.values()) {
        if (r.path === target) {
          throw new KoruError('CONFLICT', `"${r.title}" is already being exported; wait for it or cancel it.`, { path: target });
        }
      }
      const controller = new AbortController();
      const forward = () => controller.abort(opts.signal?.reason);
      opts.signal?.addEventListener('abort', forward, { once: true });
      if (opts.signal?.aborted) forward();
      let last = 0;
      const onProgress = (f: number) => report(id, (last = f), 'running', opts.onProgress);
      const work = deps.inThread
        ? renderToFile({ ...job, path: target }, { onProgress, cancelled: () => controller.signal.aborted })
        : inWorker({ ...job, path: target }, controller.signal, onProgress);
      running.set(id, { path: target, title: job.title ?? path.basename(target), controller, done: work.catch(() => undefined) });
      report(id, 0, 'running', opts.onProgress);
      try {
        const file = await work;
        report(id, 1, 'done');
        return { exportId: id, ...file };
      } catch (err) {
        const cancelled = isCancelled(err) || controller.signal.aborted;
        report(id, last, cancelled ? 'cancelled' : 'failed');
        if (!cancelled) deps.log?.('warn', `export: ${path.basename(target)} failed`, err instanceof Error ? err.message : err);
        throw cancelled ? cancelledError() : err;
      } finally {
        running.delete(id);
        opts.signal?.removeEventListener('abort', forward);
      }
    },

    /** Stop the export `id`; false when none runs by that id. */
    cancel(id: string): { cancelled: boolean } {
      const r = running.get(id);
      if (!r) return { cancelled: false };
      r.controller.abort(cancelledError());
      return { cancelled: true };
    },

    /** Ids of the exports under way. */
    running: (): string[] => [...running.keys()],

    /** Cancel everything and wait until every temporary is gone (app shutdown). */
    async close(): Promise<void> {
      for (const r of running.values()) r.controller.abort(cancelledError());
      await Promise.all([...running.values()].map((r) => r.done));
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
