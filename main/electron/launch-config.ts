import { join } from 'node:path';
import { KoruError } from '../../contract';
import { APP_INDEX_URL, APP_ORIGIN } from './protocol';
import { originOf } from './security';

export interface LaunchConfig {
  /** dist-main/preload.cjs, as vite.main.config.ts emits it (sandboxed preloads must be CJS). */
  preloadPath: string;
  /** Vite's renderer outDir, served over koru://. */
  rendererDir: string;
  /** What the window loads first. */
  url: string;
  /** The only origin the window may show and IPC will answer. */
  appOrigin: string;
  isDev: boolean;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where things are, from Electron's app path (the folder or asar holding package.json).
 * KORU_DEV_URL points the window at a Vite dev server — honoured only unpackaged and only on
 * loopback, so an environment variable can never aim the privileged window at a remote site.
 */
export function resolveLaunch({ appPath, env, isPackaged }: { appPath: string; env: Record<string, string | undefined>; isPackaged: boolean }): LaunchConfig {
  const base = { preloadPath: join(appPath, 'dist-main', 'preload.cjs'), rendererDir: join(appPath, 'dist', 'renderer') };
  const dev = env.KORU_DEV_URL?.trim();
  if (!dev || isPackaged) return { ...base, url: APP_INDEX_URL, appOrigin: APP_ORIGIN, isDev: false };

  let parsed: URL;
  try {
    parsed = new URL(dev);
  } catch {
    throw new KoruError('BAD_INPUT', `KORU_DEV_URL is not a URL: ${dev}`);
  }
  const origin = originOf(dev);
  if (!origin || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !LOOPBACK.has(parsed.hostname)) {
    throw new KoruError('BAD_INPUT', `KORU_DEV_URL must be an http(s) URL on localhost, got ${dev}`);
  }
  return { ...base, url: parsed.href, appOrigin: origin, isDev: true };
}
