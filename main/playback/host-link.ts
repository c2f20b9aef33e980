/** The app's end of the audio engine: requests and replies, pushed events, and what happens when
 *  the engine's process goes away (it is started again on the next request). The same interface
 *  fronts an engine running in-process, for unit tests. */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { KoruError, type KoruErrorShape } from '../../contract/errors';
import type { Log } from '../log';
import { forkChild } from '../workers';
import { createEngine, type EngineOptions } from './engine';
import type { HostCommand, HostEvent, HostMessage, HostRequest } from './protocol';

export interface HostLink {
  request<T = unknown>(cmd: HostCommand): Promise<T>;
  onEvent(cb: (e: HostEvent) => void): () => void;
  /** The engine went away unexpectedly (its pending requests have failed). */
  onLost(cb: (why: string) => void): () => void;
  /** Start the engine now instead of on the first request (the first play is then quicker). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

function listeners<A extends unknown[]>() {
  const set = new Set<(...a: A) => void>();
  return {
    add(cb: (...a: A) => void) {
      set.add(cb);
      return () => void set.delete(cb);
    },
    emit(...a: A) {
      for (const cb of [...set]) cb(...a);
    },
  };
}

const REQUEST_TIMEOUT_MS = 15_000;
const CLOSE_TIMEOUT_MS = 3000;

export interface ProcessHostOptions {
  log: Log;
  env?: NodeJS.ProcessEnv;
}

/** The engine in its own process (main/playback/host.ts). */
export function processHostLink(o: ProcessHostOptions): HostLink {
  const events = listeners<[HostEvent]>();
  const lost = listeners<[string]>();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: ReturnType<typeof setTimeout> }>();
  let child: ChildProcess | null = null;
  let nextId = 1;
  let closing = false;

  function spawnHost(): ChildProcess {
    const c = forkChild('audio-host', new URL('./host.ts', import.meta.url), [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      ...(o.env ? { env: o.env } : {}),
    });
    // PortAudio printf()s and ALSA's library messages: the log's, never the terminal's.
    if (c.stdout) createInterface({ input: c.stdout }).on('line', (line) => o.log('debug', `audio: ${line}`));
    if (c.stderr) createInterface({ input: c.stderr }).on('line', (line) => o.log(/^ALSA lib /.test(line) ? 'debug' : 'warn', `audio: ${line}`));
    c.on('message', (m: HostMessage) => {
      if (m.t === 'reply') {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.ok) p.resolve(m.value);
        else p.reject(errorFrom(m.error));
        return;
      }
      if (m.t === 'log') o.log(m.level, `audio: ${m.message}`, m.detail);
      else events.emit(m);
    });
    c.on('error', (err) => o.log('error', `audio: the engine process failed: ${err.message}`));
    c.on('exit', (code, signal) => {
      if (child === c) child = null;
      const why = `The audio engine stopped unexpectedly (${signal ?? `exit code ${code}`}); press Play to start it again.`;
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        p.reject(new KoruError('DEVICE_ERROR', why));
        pending.delete(id);
      }
      if (!closing) {
        o.log('error', `audio: ${why}`);
        lost.emit(why);
      }
    });
    return c;
  }

  function request<T>(cmd: HostCommand): Promise<T> {
    if (closing) return Promise.reject(new KoruError('CONFLICT', 'The audio engine has been shut down'));
    child ??= spawnHost();
    const c = child;
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new KoruError('DEVICE_ERROR', `The audio engine did not answer (${cmd.t}) within ${REQUEST_TIMEOUT_MS / 1000} s.`));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      c.send({ id, cmd } satisfies HostRequest);
    });
  }

  return {
    request,
    onEvent: events.add,
    onLost: lost.add,
    async warm() {
      await request({ t: 'warm' });
    },
    async close() {
      const c = child;
      if (closing || !c) {
        closing = true;
        return;
      }
      await request({ t: 'close' }).catch(() => undefined);
      closing = true;
      const exited = new Promise<void>((resolve) => (c.exitCode !== null ? resolve() : c.once('exit', () => resolve())));
      c.disconnect?.();
      const timer = setTimeout(() => c.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The same engine in this process: for unit tests (fake sinks, no process to start). */
export function inlineHostLink(opts: Omit<EngineOptions, 'post'> & { log?: Log }): HostLink {
  const events = listeners<[HostEvent]>();
  const engine = createEngine({
    ...opts,
    // Delivered on a later turn, as messages from a process would be.
    post: (e) => queueMicrotask(() => (e.t === 'log' ? opts.log?.(e.level, e.message, e.detail) : events.emit(e))),
  });
  return {
    request: <T>(cmd: HostCommand) => engine.handle(cmd) as Promise<T>,
    onEvent: events.add,
    onLost: () => () => undefined,
    warm: async () => undefined,
    close: () => engine.close(),
  };
}

function errorFrom(shape: KoruErrorShape): KoruError {
  return new KoruError(shape.code, shape.message, shape.details);
}
