import { fileURLToPath } from 'node:url';
import { KoruError } from '../../contract';
import { defaultDataDir } from '../storage';
import type { App } from '../app';
import { acquireInstanceLock, type LockDeps } from './instance-lock';
import { startWebServer } from './server';
import { loadToken } from './token-store';

export const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
/** Where web mode listens unless told otherwise: the same port each time keeps bookmarks working. */
export const DEFAULT_WEB_PORT = 5400;

export interface LaunchOptions {
  /** Default DEFAULT_WEB_PORT (a free one when it is taken); 0 picks any free port. */
  port?: number;
  host?: string;
  dataDir?: string;
  /** Use this token instead of the one kept in the data folder. */
  token?: string;
  /** Replace the stored token (`koru web --new-token`): links handed out before stop working. */
  newToken?: boolean;
  /** Print the URL and close cleanly on Ctrl-C (false in tests, which close it themselves). */
  interactive?: boolean;
  /** The one line that tells the user where to go (default: "Koru is running in web mode. Open …"). */
  announce?: (url: string) => string;
  /** Tests: how the instance lock recognises a running Koru. */
  lock?: LockDeps;
}

export interface WebLaunch {
  url: string;
  port: number;
  token: string;
  dataDir: string;
  /** True when another Koru already serves this data folder: nothing was started, `url` is its. */
  alreadyRunning: boolean;
  /** The process serving `url`. */
  pid: number;
  close(): Promise<void>;
}

function portAndToken(url: string): { port: number; token: string } {
  const parsed = new URL(url);
  return { port: Number(parsed.port), token: new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '' };
}

/** Web mode: the same app as Electron's, served to a browser over a token-guarded WebSocket. */
export async function launchWeb(opts: LaunchOptions = {}): Promise<WebLaunch> {
  const dataDir = opts.dataDir ?? defaultDataDir();
  const interactive = opts.interactive !== false;

  // One Koru per data folder: a second start points at the first instead of opening the database twice.
  const taken = await acquireInstanceLock(dataDir, opts.lock);
  if (!taken.acquired) {
    const { pid, url } = taken.running;
    if (interactive) {
      console.log(url ? `Koru is already running for this data folder (process ${pid}). Open ${url}` : `Koru is already starting for this data folder (process ${pid}); try again in a moment.`);
      if (opts.newToken) console.log('Stop it first to replace its access token (--new-token).');
    }
    return { url: url ?? '', ...(url ? portAndToken(url) : { port: 0, token: '' }), dataDir, alreadyRunning: true, pid, close: async () => {} };
  }
  const { lock } = taken;

  // Loaded only once this start is the one: reporting a running Koru stays quick.
  const { createApp, consoleLog } = await import('../app');
  let app: App | undefined;
  let server: Awaited<ReturnType<typeof startWebServer>>;
  try {
    const token = opts.token ?? loadToken(dataDir, { rotate: opts.newToken });
    app = await createApp({ dataDir, mode: 'web', log: consoleLog });
    const ready = app;
    const serve = (port: number) =>
      startWebServer({
        router: ready.router,
        events: ready.events,
        files: ready.files,
        instanceId: lock.instanceId,
        staticDir: RENDERER_DIR,
        host: opts.host ?? '127.0.0.1',
        port,
        token,
        log: consoleLog,
      });
    const wanted = opts.port ?? DEFAULT_WEB_PORT;
    try {
      server = await serve(wanted);
    } catch (e) {
      // The usual port is taken (by something else: this data folder's Koru holds the lock): any
      // free port beats refusing to start.
      const inUse = (e instanceof KoruError && e.code === 'CONFLICT') || (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!inUse || wanted === 0) throw e;
      consoleLog('warn', `port ${wanted} is in use; using a free one instead (bookmarked links to port ${wanted} will not reach this one)`);
      server = await serve(0);
    }
  } catch (e) {
    await app?.close();
    lock.release();
    throw e;
  }
  lock.publish(server.url);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await server.close();
      await app?.close();
      lock.release();
    })());
  if (interactive) {
    console.log(opts.announce ? opts.announce(server.url) : `Koru is running in web mode. Open ${server.url}`);
    console.log(`Data folder: ${dataDir}`);
    const stop = () => void close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return { url: server.url, port: server.port, token: server.token, dataDir, alreadyRunning: false, pid: process.pid, close };
}
