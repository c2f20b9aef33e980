import { createElectronTransport } from './electron-transport';
import { KoruClientError } from './errors';
import type { KoruClient } from './types';
import { createWsTransport, readToken, wsUrl, type ConnectionState } from './ws-transport';

export { KoruClientError } from './errors';
export type { ClientErrorCode } from './errors';
export type { KoruClient, UploadOptions } from './types';
export type { ConnectionState } from './ws-transport';

export interface ClientOptions {
  /** Web mode only: the socket's state, for a connection indicator. */
  onConnectionChange?: (state: ConnectionState) => void;
}

function tokenStore(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** A client whose every call fails with the same error (web mode without a token). */
function refusingClient(error: KoruClientError): KoruClient {
  return {
    transport: 'web',
    invoke: () => Promise.reject(error),
    on: () => () => {},
  };
}

/**
 * The renderer's client: the preload bridge inside Electron, otherwise a WebSocket to the server
 * that served this page, authenticated by the token from the URL fragment.
 */
export function createClient(options: ClientOptions = {}): KoruClient {
  if (window.koru) return createElectronTransport(window.koru);

  const token = readToken(window.location.hash, tokenStore());
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  if (hash.has('token')) {
    // Keep the token out of the address bar and screenshots; storage has it for reloads and bookmarks.
    hash.delete('token');
    const rest = hash.toString();
    window.history.replaceState(null, '', window.location.pathname + window.location.search + (rest ? `#${rest}` : ''));
  }
  if (!token) {
    options.onConnectionChange?.('closed');
    return refusingClient(
      new KoruClientError('UNAUTHORIZED', 'No access token: open the full link printed by `koru web` (it ends in #token=…).'),
    );
  }
  return createWsTransport({
    url: wsUrl(window.location, token),
    http: { origin: window.location.origin, token },
    onConnectionChange: options.onConnectionChange,
  });
}
