// The built renderer as files on disk, for both ways of serving it: the web server (main/web)
// and Electron's koru:// protocol (main/electron). Transport-neutral, so neither imports the other.
import { extname, resolve, sep } from 'node:path';

/** Content types for what a Vite build emits, plus the audio Koru exports. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticTarget =
  | { kind: 'file'; path: string }
  /** No file extension: a client-side route, answered with index.html. */
  | { kind: 'route' }
  | { kind: 'refused'; reason: string };

/**
 * Maps a request path to a file under `root`, refusing anything that could leave it. Checks the
 * decoded segments (so `%2e%2e` and `..%5c` are caught) and then the resolved path as well.
 */
export function resolveStatic(root: string, rawPath: string): StaticTarget {
  const pathOnly = rawPath.split(/[?#]/, 1)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathOnly);
  } catch {
    return { kind: 'refused', reason: 'malformed path' };
  }
  if (!decoded.startsWith('/')) return { kind: 'refused', reason: 'path must be absolute' };
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused', reason: 'illegal character in path' };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'refused', reason: 'path traversal' };
  // Dotfiles (.env, .git) are never part of a build.
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'refused', reason: 'hidden file' };

  const base = resolve(root);
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const full = resolve(base, relative);
  if (full !== base && !full.startsWith(base + sep)) return { kind: 'refused', reason: 'path traversal' };
  const last = segments[segments.length - 1] ?? '';
  if (decoded !== '/' && (last === '' || !last.includes('.'))) return { kind: 'route' };
  return { kind: 'file', path: full };
}

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Koru — renderer not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>Koru: renderer not built</h1>
<p>The web interface has not been built yet &mdash; run <code>npm run build</code>, then reload this page.</p>
</body></html>
`;
