import { createHash, timingSafeEqual } from 'node:crypto';

// Who may use the web server: the token decides; Host and Origin checks stop a hostile page in the
// same browser from using it (cross-site WebSocket hijacking, DNS rebinding).

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname.toLowerCase());
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant time whatever the lengths: compare fixed-size digests. */
export function tokensMatch(given: string | null, expected: string): boolean {
  if (given === null) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

export function hostnameOf(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return null;
  }
}

/**
 * A browser always sends Origin on a WebSocket upgrade: it must be this server's own page
 * (same host:port as the request's Host) and, on a loopback bind, a loopback name. No Origin
 * means a non-browser client (tests, scripts), which only the token guards.
 */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined, loopbackOnly: boolean): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' || parsed.host !== hostHeader) return false;
  return !loopbackOnly || isLoopbackHost(parsed.hostname);
}

export interface Refusal {
  status: 403 | 421;
  reason: string;
}

/**
 * The one check every request passes, page, file or WebSocket alike: on a loopback bind the Host
 * must be a loopback name (DNS rebinding), and an Origin, when a browser sends one, must be this
 * server's own page (cross-site requests and WebSocket hijacking). The token is checked apart.
 */
export function checkRequest(headers: { host?: string; origin?: string }, loopbackOnly: boolean): Refusal | null {
  if (loopbackOnly && !isLoopbackHost(hostnameOf(headers.host) ?? '')) return { status: 421, reason: 'unexpected Host header' };
  if (!originAllowed(headers.origin, headers.host, loopbackOnly)) return { status: 403, reason: 'request from another site' };
  return null;
}

/** `Authorization: Bearer <token>`, for HTTP requests a page makes with fetch. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer ([A-Za-z0-9_-]{1,256})$/.exec(header ?? '');
  return m ? m[1]! : null;
}
