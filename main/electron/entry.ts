// The Electron main entry (bundled to dist-main/electron.cjs). Everything testable lives in the
// pure modules beside it; this file only wires Electron's lifecycle to them.
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage } from 'electron';
import { createApp, type App } from '../app';
import { defaultDataDir } from '../storage';
import { nativeFiles } from './files';
import { bindIpc } from './ipc';
import { resolveLaunch } from './launch-config';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppRequest } from './protocol';
import { contentSecurityPolicy } from './security';
import { createMainWindow, hardenWebContents } from './window';

// A hung service must not keep a quitting app alive forever.
const CLOSE_TIMEOUT_MS = 5000;

// Must happen before 'ready': gives koru:// an origin and a secure context.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  // Another Koru owns the database and the audio device; it gets focused instead.
  app.quit();
} else {
  run();
}

function run(): void {
  const launch = resolveLaunch({ appPath: app.getAppPath(), env: process.env, isPackaged: app.isPackaged });
  let koru: App | null = null;
  let window: BrowserWindow | null = null;
  let unbind: (() => void) | null = null;
  let shutdown: Promise<void> | null = null;
  let closed = false;

  const openWindow = () => {
    window = createMainWindow(launch);
    window.on('closed', () => {
      window = null;
    });
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, launch.appOrigin));

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app
    .whenReady()
    .then(async () => {
      protocol.handle(APP_SCHEME, (request) => serveAppRequest(launch.rendererDir, request, contentSecurityPolicy(false)));
      koru = await createApp({ dataDir: defaultDataDir(), mode: 'electron', safeStorage, ...nativeFiles(() => window) });
      unbind = bindIpc(ipcMain, koru.router, koru.events, () => window, launch.appOrigin);
      openWindow();
      // macOS: clicking the dock icon with no window open brings one back.
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow();
      });
    })
    .catch((err: unknown) => {
      // e.g. a database written by a newer Koru: say so instead of dying silently.
      const message = err instanceof Error ? err.message : String(err);
      console.error('[koru] error: start-up failed', err);
      dialog.showErrorBox('Koru could not start', message);
      app.exit(1);
    });

  // Audio keeps playing on macOS with the window closed, as media apps do there.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Stop audio and close the database before the process ends.
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    shutdown ??= (async () => {
      unbind?.();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref());
      await Promise.race([koru?.close() ?? Promise.resolve(), timeout]).catch((err: unknown) => {
        console.error('[koru] error: shutdown failed', err);
      });
    })().finally(() => {
      closed = true;
      app.quit();
    });
  });
}
