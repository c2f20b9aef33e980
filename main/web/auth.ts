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
