import { fileURLToPath } from 'node:url';
import { KoruError } from '../../contract';
import { defaultDataDir } from '../storage';
import { createApp, consoleLog } from '../app';
import { startWebServer } from './server';

export const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export interface LaunchOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  token?: string;
  /** Print the URL and close cleanly on Ctrl-C (false in tests, which close it themselves). */
  interactive?: boolean;
  /** The one line that tells the user where to go (default: "Koru is running in web mode. Open …"). */
  announce?: (url: string) => string;
}

/** Web mode: the same app as Electron's, served to a browser over a token-guarded WebSocket. */
export async function launchWeb(opts: LaunchOptions = {}) {
  const dataDir = opts.dataDir ?? defaultDataDir();
  const app = await createApp({ dataDir, mode: 'web', log: consoleLog });
  const serve = (port: number) =>
    startWebServer({ router: app.router, events: app.events, staticDir: RENDERER_DIR, host: opts.host ?? '127.0.0.1', port, token: opts.token, log: consoleLog });
  let server: Awaited<ReturnType<typeof serve>>;
  try {
    server = await serve(opts.port ?? 0);
  } catch (e) {
    // The usual port is taken (another Koru?): any free port beats refusing to start.
    const inUse = (e instanceof KoruError && e.code === 'CONFLICT') || (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (!inUse || !opts.port) {
      await app.close();
      throw e;
    }
    consoleLog('warn', `port ${opts.port} is in use; using a free one instead`);
    server = await serve(0);
  }
  const close = async () => {
    await server.close();
    await app.close();
  };
  if (opts.interactive !== false) {
    console.log(opts.announce ? opts.announce(server.url) : `Koru is running in web mode. Open ${server.url}`);
    console.log(`Data folder: ${dataDir}`);
    const stop = () => void close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return { url: server.url, port: server.port, token: server.token, dataDir, close };
}
