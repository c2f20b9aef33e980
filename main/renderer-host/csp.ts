/**
 * The renderer's Content-Security-Policy, one source for the Electron window and web mode:
 * everything from our own origin, inline style attributes only (component libraries set them),
 * nothing may frame us. Callers differ only in where the page may connect and, for the Vite
 * dev server's React Refresh preamble, in allowing inline scripts.
 */
export function rendererCsp(connectSrc: string, scriptSrc = "'self'"): string {
  return [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connectSrc}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
