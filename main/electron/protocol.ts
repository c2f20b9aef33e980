// The koru:// scheme that serves the built renderer inside Electron. A custom standard scheme
// rather than file:// (Electron security checklist): the page gets a real origin ('koru://app')
// that CSP 'self', navigation checks and the IPC sender check can compare against, and no
// other file on disk is reachable. Pure Node (fs + fetch Response) so it is tested without Electron.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CustomScheme } from 'electron';
import { contentTypeFor, NOT_BUILT_PAGE, resolveStatic } from '../renderer-host';

export const APP_SCHEME = 'koru';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Registered before app ready: standard + secure gives the scheme an origin and a secure context. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
};

function reply(status: number, body: string | Uint8Array<ArrayBuffer>, type: string, csp: string): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': type, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' },
  });
}

async function readIfFile(path: string): Promise<Uint8Array<ArrayBuffer> | null> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return null;
  return new Uint8Array(await readFile(path));
}

/** Answers one koru:// request from `rendererDir`; client routes get index.html. */
export async function serveAppRequest(rendererDir: string, request: { url: string; method: string }, csp: string): Promise<Response> {
  const text = (status: number, body: string) => reply(status, body, 'text/plain; charset=utf-8', csp);
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return text(400, 'bad url');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return text(404, 'not found');

  const target = resolveStatic(rendererDir, url.pathname);
  if (target.kind === 'refused') return text(403, `refused: ${target.reason}`);
  const indexPath = join(rendererDir, 'index.html');
  const path = target.kind === 'route' ? indexPath : target.path;
  const body = await readIfFile(path);
  if (body) return reply(200, body, contentTypeFor(path), csp);
  if (path === indexPath) return reply(503, NOT_BUILT_PAGE, 'text/html; charset=utf-8', csp);
  return text(404, 'not found');
}
