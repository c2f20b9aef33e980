// Pure security policy for the Electron window, kept free of runtime Electron imports so it can be
// unit-tested here (the Electron binary is not available in CI). window.ts and ipc.ts apply it.
import type { WebPreferences } from 'electron';
import { rendererCsp } from '../renderer-host';

/** The renderer's preferences: no Node, isolated and sandboxed, nothing legacy switched on. */
export function webPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Middle-click must not open new windows (Electronegativity AUXCLICK check).
    disableBlinkFeatures: 'Auxclick',
    spellcheck: false,
  };
}

/**
 * CSP for the window. Production: everything from our own origin, inline style attributes only.
 * Development (Vite dev server): HMR needs its WebSocket and React Refresh injects an inline
 * preamble script, so dev alone relaxes script-src and connect-src.
 */
export function contentSecurityPolicy(isDev: boolean): string {
  return isDev
    ? rendererCsp("'self' ws://localhost:* ws://127.0.0.1:* http://localhost:* http://127.0.0.1:*", "'self' 'unsafe-inline'")
    : rendererCsp("'self'");
}

/**
 * `scheme://host[:port]` of a URL, or null when it has no meaningful origin. Computed by hand
 * because WHATWG URL reports 'null' as the origin of custom schemes such as koru://.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  // file:, data:, blob:, about: have no host to compare: never treat them as ours.
  if (!parsed.host || parsed.protocol === 'file:') return null;
  if (parsed.username || parsed.password) return null;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

function sameOrigin(url: string, appOrigin: string): boolean {
  const a = originOf(url);
  return a !== null && a === originOf(appOrigin);
}

/** The window may only ever show our own pages; everything else is blocked. */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  return sameOrigin(url, appOrigin);
}

// Copying to the clipboard is harmless and used by the UI; every other permission is refused.
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function permissionDecision(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}

/** IPC is only answered for our own page's main frame — not iframes, not foreign pages. */
export function isTrustedSender(frameUrl: string | null | undefined, isMainFrame: boolean, appOrigin: string): boolean {
  return isMainFrame && typeof frameUrl === 'string' && sameOrigin(frameUrl, appOrigin);
}

export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Links the UI may hand to the system browser (never file:, javascript:, custom schemes). */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

/** Response headers with our CSP replacing any the server sent (in any letter case). */
export function withCspHeader(headers: Record<string, string[]> | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() !== 'content-security-policy') out[key] = value;
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}
