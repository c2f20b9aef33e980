/** Runs exports: one worker thread each (the live player never shares an event loop with an
 *  export), or in the calling thread for the CLI. Gives every export an id, pushes
 *  `export.progress` for it, cancels by id or AbortSignal, and refuses a second export to a file
 *  that is already being written. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { KoruError } from '../../contract/errors';
import type { ExportedAudio, ExportProgress, ExportState } from '../../contract/exports';
import { temporaryPathFor } from '../storage';
import { startWorker } from '../workers';
import type { ExportJob, RenderedFile } from './job';
import { cancelledError, isCancelled, renderToFile } from './render';
import type { WorkerJob, WorkerMessage } from './worker';

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

/** How long a finished export worker waits for the next export before it ends. */
const IDLE_WORKER_MS = 60_000;

interface Running {
  path: string;
  title: string;
  controller: AbortController;
  done: Promise<unknown>;
}

export function createExportService(deps: ExportServiceDeps = {}) {
  const running = new Map<string, Running>();
  let closed = false;

  function report(id: string, fraction: number, state: ExportState, onProgress?: (f: number) => void): void {
    if (state === 'running') onProgress?.(fraction);
    deps.emit?.('export.progress', { id, fraction, state });
  }

  /** A worker kept after its export, so the next one needs no start-up (code loading). */
  let idle: { worker: Worker; timer: NodeJS.Timeout } | null = null;

  function takeWorker(): Worker {
    if (idle) {
      const { worker, timer } = idle;
      idle = null;
      clearTimeout(timer);
      worker.ref();
      return worker;
    }
    return startWorker('export-worker', new URL('./worker.ts', import.meta.url));
  }

  function keepWorker(worker: Worker): void {
    if (idle || closed) {
      void worker.terminate();
      return;
    }
    worker.unref(); // an idle export worker never keeps the process alive
    const timer = setTimeout(() => {
      if (idle?.worker === worker) idle = null;
      void worker.terminate();
    }, IDLE_WORKER_MS);
    timer.unref();
    idle = { worker, timer };
  }

  function inWorker(job: ExportJob, signal: AbortSignal, onProgress: (f: number) => void): Promise<RenderedFile> {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const temporary = temporaryPathFor(job.path);
    let worker: Worker;
    try {
      worker = takeWorker();
    } catch (err) {
      return Promise.reject(new KoruError('INTERNAL', `The export could not start: ${(err as Error).message}`));
    }
    const onAbort = () => Atomics.store(cancel, 0, 1);
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    return new Promise<RenderedFile>((resolve, reject) => {
      let settled = false;
      const onMessage = (m: WorkerMessage) => {
        if (m.t === 'progress') onProgress(m.fraction);
        else if (m.t === 'done') settle(() => resolve(m.file), true);
        else settle(() => reject(new KoruError(m.error.code, m.error.message, m.error.details)), true);
      };
      const onError = (err: Error) => settle(() => reject(new KoruError('INTERNAL', `The export stopped unexpectedly: ${err.message}`)), false);
      const onExit = (code: number) => {
        // A worker that died mid-export leaves its temporary behind: remove it here.
        if (!settled) fs.rmSync(temporary, { force: true });
        settle(() => reject(new KoruError('INTERNAL', `The export stopped unexpectedly (worker exit ${code}).`)), false);
      };
      const settle = (fn: () => void, reusable: boolean) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        // Only our own listeners: Node keeps some of its own on a Worker.
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (reusable) keepWorker(worker);
        fn();
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      const message: WorkerJob = { t: 'job', job, cancel, temporary };
      worker.postMessage(message);
    });
  }

  return {
    /** Render `job` to its file. Rejects with a `cancelled` error when cancelled, the earlier
     *  file (if any) left as it was. */
    async run(job: ExportJob, opts: RunOptions = {}): Promise<ExportedAudio> {
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
      closed = true;
      for (const r of running.values()) r.controller.abort(cancelledError());
      await Promise.all([...running.values()].map((r) => r.done));
      if (idle) {
        clearTimeout(idle.timer);
        await idle.worker.terminate();
        idle = null;
      }
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
