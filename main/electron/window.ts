// Thin Electron glue: builds the window and applies the pure policy from security.ts.
import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import type { LaunchConfig } from './launch-config';
import {
  contentSecurityPolicy,
  isAllowedNavigation,
  isSafeExternalUrl,
  permissionDecision,
  webPreferences,
  windowOpenDecision,
  withCspHeader,
} from './security';

/** CSP on every response (covers the dev server; koru:// responses carry it too) and no permissions. */
export function applySessionPolicy(session: Session, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders, csp) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionDecision(permission)));
  session.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
}

/** Applied to every webContents the app creates: stay on our origin, no popups, no webviews. */
export function hardenWebContents(contents: WebContents, appOrigin: string): void {
  const stayHome = (event: { url: string; preventDefault(): void }) => {
    if (!isAllowedNavigation(event.url, appOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // A plain https link (docs, a provider's site) opens in the system browser, never in-app.
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return windowOpenDecision();
  });
}

export function createMainWindow(config: LaunchConfig): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Koru',
    backgroundColor: '#0f1115',
    webPreferences: webPreferences(config.preloadPath),
  });
  applySessionPolicy(win.webContents.session, contentSecurityPolicy(config.isDev));
  hardenWebContents(win.webContents, config.appOrigin);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(config.url);
  return win;
}
