/** Starting code in another thread or process, from sources (tests, `tsx`) or from the built
 *  bundle. Built, every entry is a sibling file in dist-main/ (`<name>.js`, one bundle entry per
 *  name in vite.main.config.ts); from sources it is the `.ts` file, run through tsx — workers
 *  need tsx registered inside them (`--import tsx` does not reach worker threads on Node 20),
 *  child processes take it as `--import`. */
import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const fromSources = import.meta.url.endsWith('.ts');

/** The file to run: the built sibling `<name>.js`, or `source` (a `.ts` URL) from sources. */
export function entryUrl(name: string, source: URL): URL {
  return fromSources ? source : new URL(`./${name}.js`, import.meta.url);
}

export function startWorker(name: string, source: URL, opts: WorkerOptions = {}): Worker {
  const file = entryUrl(name, source);
  if (!fromSources) return new Worker(file, opts);
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(file.href)}); })`;
  return new Worker(boot, { ...opts, eval: true });
}

export function forkChild(name: string, source: URL, args: string[] = [], opts: ForkOptions = {}): ChildProcess {
  const file = entryUrl(name, source);
  const execArgv = fromSources ? ['--import', 'tsx', ...(opts.execArgv ?? [])] : (opts.execArgv ?? []);
  return fork(file, args, { ...opts, execArgv });
}
