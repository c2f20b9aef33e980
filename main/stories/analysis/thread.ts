/**
 * The analysis thread: a repository's files read and counted, and prompts packed, on a worker
 * thread, so the main thread never loads the tokenizer (~0.5 s of CPU and ~70 MB) nor counts.
 * Files go over in batches, two in hand so the thread never waits, and their results come back
 * in the walk's order: the analysis is the one this thread would make. One thread, not one per
 * core: with counts remembered line by line (tokens.ts) one thread reads a 20,000-file repository
 * in a few seconds, and a second one costs another tokenizer's memory and start-up for little
 * gain on a 2-core machine. It starts when asked to warm up (the Stories page opens, a story
 * starts), stays a while after its last use, and never keeps the process alive while idle.
 */
import { Worker } from 'node:worker_threads';
import { KoruError } from '../../../contract/errors';
import { startWorker } from '../../workers';
import type { Analysis } from './analyze';
import type { FileReader, FileResult } from './file';
import type { Pack, PackOptions } from './pack';
import type { ThreadReply, ThreadRequest } from './worker';

/** A batch is this many files or bytes, whichever comes first. */
const BATCH_FILES = 64;
const BATCH_BYTES = 512 * 1024;
const IN_HAND = 2;
/** How long the thread stays after its last use: long enough for the user to fill in the form. */
const KEEP_MS = 10 * 60_000;

export interface AnalysisThread {
  /** Start the thread now (if it is not up), so its tokenizer is loaded when a story starts. */
  warm(): void;
  /** Resolves once the thread is up with its tokenizer loaded. */
  ready(): Promise<void>;
  read: FileReader;
  pack(a: Analysis, o: PackOptions): Promise<Pack>;
  /** Whether the thread is up (for tests). */
  running(): boolean;
  close(): Promise<void>;
}

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, { resolve(r: ThreadReply): void; reject(e: Error): void }>;
  timer: NodeJS.Timeout | null;
}

/** `entry`: the thread's code, by default this module's sibling (the built one in the app); the
 *  benchmark, which runs from sources, points at the built file to measure what the app runs. */
export function createAnalysisThread(o: { entry?: URL } = {}): AnalysisThread {
  let thread: Thread | null = null;
  let nextId = 1;
  let closed = false;

  function spawn(): Thread {
    if (closed) throw new KoruError('INTERNAL', 'The analysis thread is closed.');
    let worker: Worker;
    try {
      worker = o.entry ? new Worker(o.entry) : startWorker('story-analysis', new URL('./worker.ts', import.meta.url));
    } catch (err) {
      throw new KoruError('INTERNAL', `The analysis could not start its thread: ${(err as Error).message}`);
    }
    let up!: () => void;
    let down!: (e: Error) => void;
    const ready = new Promise<void>((resolve, reject) => ((up = resolve), (down = reject)));
    ready.catch(() => undefined); // a thread that dies first fails its requests instead
    const t: Thread = { worker, ready, pending: new Map(), timer: null };
    const failAll = (why: string) => {
      const err = new KoruError('INTERNAL', `The analysis thread stopped unexpectedly: ${why}`);
      down(err);
      for (const p of t.pending.values()) p.reject(err);
      t.pending.clear();
    };
    worker.on('message', (m: ThreadReply) => {
      if (m.t === 'ready') return up();
      const p = t.pending.get(m.id);
      if (!p) return;
      t.pending.delete(m.id);
      if (m.t === 'error') p.reject(new KoruError('INTERNAL', `The analysis failed: ${m.message}`));
      else p.resolve(m);
      if (t.pending.size === 0) rest(t);
    });
    worker.on('error', (err) => failAll(err.message));
    worker.on('exit', (code) => {
      if (thread === t) thread = null;
      if (t.timer) clearTimeout(t.timer);
      failAll(`exit ${code}`);
    });
    return t;
  }

  /** Up, and resting unless busy. */
  function up(): Thread {
    if (!thread) {
      thread = spawn();
      rest(thread);
    }
    return thread;
  }

  /** Idle: no longer keeps the process alive, and stops after a while. */
  function rest(t: Thread): void {
    t.worker.unref();
    if (t.timer) clearTimeout(t.timer);
    t.timer = setTimeout(() => {
      if (thread === t) thread = null;
      void t.worker.terminate();
    }, KEEP_MS);
    t.timer.unref();
  }

  function request(req: ThreadRequest): Promise<ThreadReply> {
    const t = up();
    if (t.timer) clearTimeout(t.timer);
    t.timer = null;
    t.worker.ref(); // working for someone: the process waits for it
    return new Promise((resolve, reject) => {
      t.pending.set(req.id, { resolve, reject });
      t.worker.postMessage(req);
    });
  }

  const read: FileReader = (root, files, { signal, onProgress }) => {
    signal?.throwIfAborted();
    if (files.length === 0) return Promise.resolve([]);
    const batches: Array<[number, number]> = [];
    for (let from = 0; from < files.length; ) {
      let to = from;
      let size = 0;
      while (to < files.length && to - from < BATCH_FILES && (to === from || size + files[to]!.size <= BATCH_BYTES)) size += files[to++]!.size;
      batches.push([from, to]);
      from = to;
    }
    const out = new Array<FileResult>(files.length);
    return new Promise<FileResult[]>((resolve, reject) => {
      let next = 0;
      let done = 0;
      let over = false;
      const finish = (fn: () => void) => {
        if (over) return;
        over = true;
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const onAbort = () => finish(() => reject(signal!.reason));
      signal?.addEventListener('abort', onAbort, { once: true });
      const feed = () => {
        if (over || next >= batches.length) return;
        const [from, to] = batches[next++]!;
        request({ t: 'read', id: nextId++, root, paths: files.slice(from, to).map((f) => f.path) }).then(
          (r) => {
            if (over || r.t !== 'read') return;
            for (let i = 0; i < r.results.length; i++) out[from + i] = r.results[i]!;
            done += to - from;
            onProgress?.(done);
            if (done === files.length) finish(() => resolve(out));
            else feed();
          },
          (err: Error) => finish(() => reject(err)),
        );
      };
      for (let k = 0; k < IN_HAND; k++) feed();
    });
  };

  return {
    warm() {
      const t = up();
      if (t.pending.size === 0) rest(t); // its stay starts again
    },
    async ready() {
      const t = up();
      t.worker.ref(); // someone waits for it
      try {
        await t.ready;
      } finally {
        if (t.pending.size === 0) rest(t);
      }
    },
    read,
    async pack(a, { signal, ...options }) {
      signal?.throwIfAborted();
      const reply = request({ t: 'pack', id: nextId++, analysis: a, options });
      let onAbort: () => void = () => undefined;
      // Cancelled: the thread finishes this pack on its own and the result is dropped.
      const aborted = new Promise<never>((_, reject) => signal?.addEventListener('abort', (onAbort = () => reject(signal.reason)), { once: true }));
      try {
        const r = await Promise.race([reply, aborted]);
        if (r.t !== 'pack') throw new KoruError('INTERNAL', 'The analysis thread answered something else.');
        return r.pack;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
    running: () => thread !== null,
    async close() {
      closed = true;
      const t = thread;
      thread = null;
      if (t?.timer) clearTimeout(t.timer);
      await t?.worker.terminate();
    },
  };
}

let shared: AnalysisThread | null = null;

/** The process's analysis thread (one, whichever services use it). */
export const analysisThread = (): AnalysisThread => (shared ??= createAnalysisThread());
