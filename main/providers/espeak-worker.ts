import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Runs eSpeak-NG (wasm) on a worker thread: one synthesis blocks its thread for a few hundred
 * ms, which must not stall the main process while narration is playing. The worker is eval'd
 * from a string, so it needs no separate file in the bundle; it imports the espeak-ng package by
 * its resolved path and keeps the compiled WebAssembly.Module between requests.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
let ready;
function init() {
  ready ??= Promise.all([
    WebAssembly.compile(fs.readFileSync(workerData.wasmPath)),
    import(workerData.moduleUrl).then((m) => m.default),
  ]);
  return ready;
}
parentPort.on('message', async ({ id, args, text }) => {
  try {
    const [module, ESpeakNg] = await init();
    if (text === null) return parentPort.postMessage({ id, wav: null });
    const errors = [];
    const es = await ESpeakNg({
      arguments: args,
      preRun: [(m) => m.FS.writeFile('/in.txt', text)],
      instantiateWasm: (imports, done) => {
        WebAssembly.instantiate(module, imports).then((instance) => done(instance, module));
        return {};
      },
      print: () => {},
      printErr: (line) => errors.push(line),
    });
    let wav;
    try { wav = new Uint8Array(es.FS.readFile('/out.wav')); } catch { throw new Error('no audio' + (errors.length ? ': ' + errors.join(' ') : '')); }
    parentPort.postMessage({ id, wav }, [wav.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err) });
  }
});
`;

interface Pending {
  resolve(wav: Uint8Array | null): void;
  reject(err: Error): void;
}

export interface EspeakWorker {
  /** espeak CLI arguments (reading /in.txt, writing /out.wav); `text: null` only warms up. */
  run(args: string[], text: string | null): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

export function espeakPaths(): { wasmPath: string; moduleUrl: string } {
  const entry = createRequire(import.meta.url).resolve('espeak-ng');
  return { wasmPath: path.join(path.dirname(entry), 'espeak-ng.wasm'), moduleUrl: pathToFileURL(entry).href };
}

export function createEspeakWorker(): EspeakWorker {
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<number, Pending>();

  function failAll(err: Error): void {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = undefined;
  }

  function start(): Worker {
    if (worker) return worker;
    const w = new Worker(SOURCE, { eval: true, workerData: espeakPaths() });
    w.on('message', (m: { id: number; wav?: Uint8Array | null; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.wav ?? null);
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', (code) => failAll(new Error(`espeak worker exited (${code})`)));
    // An idle voice must not keep the CLI or a test alive, a busy one must (or a process with
    // nothing else to wait for exits mid-sentence). After the listeners: adding a 'message'
    // listener refs the worker's port again.
    w.unref();
    worker = w;
    return w;
  }

  return {
    run(args, text) {
      return new Promise((resolve, reject) => {
        const id = next++;
        const w = start();
        if (pending.size === 0) w.ref();
        pending.set(id, { resolve, reject });
        w.postMessage({ id, args, text });
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
