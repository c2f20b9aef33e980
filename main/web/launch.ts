import { fileURLToPath } from 'node:url';
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
}

/** Web mode: the same app as Electron's, served to a browser over a token-guarded WebSocket. */
export async function launchWeb(opts: LaunchOptions = {}) {
  const dataDir = opts.dataDir ?? defaultDataDir();
  const app = await createApp({ dataDir, mode: 'web', log: consoleLog });
  const server = await startWebServer({
    router: app.router,
    events: app.events,
    staticDir: RENDERER_DIR,
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    token: opts.token,
    log: consoleLog,
  });
  const close = async () => {
    await server.close();
    await app.close();
  };
  if (opts.interactive !== false) {
    console.log(`Koru is running in web mode. Open ${server.url}`);
    console.log(`Data folder: ${dataDir}`);
    const stop = () => void close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return { url: server.url, port: server.port, token: server.token, dataDir, close };
}
