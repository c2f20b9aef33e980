import { providerLabel, type ProviderId } from '../../contract/providers';
import { ProviderError } from './errors';

/**
 * The fetch every SDK is given. `fetch` drops `Authorization` when a redirect leaves the origin,
 * but not custom headers (`xi-api-key`, `x-goog-api-key`), so redirects are followed here, and
 * only within the origin the client was built for: a request or redirect anywhere else is
 * refused before anything is sent there. A redirect is never handed to an SDK (ElevenLabs' would
 * take a 3xx for success).
 */
export const MAX_REDIRECTS = 5;

export function guardedFetch(provider: ProviderId, origin: string, base: typeof fetch = (input, init) => globalThis.fetch(input, init)): typeof fetch {
  const name = providerLabel(provider);
  const host = new URL(origin).host;
  const refuse = (to: URL, why: string) =>
    new ProviderError(provider, 'redirect', {
      message: `${name} ${why} ${to.host}; Koru only talks to ${host} for ${name}, so nothing was sent there — check the base URL in Settings → Providers`,
    });

  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    let url = new URL(request ? request.url : String(input));
    if (url.origin !== origin) throw refuse(url, 'was about to be called at');
    let opts: RequestInit = { ...init, redirect: 'manual' };
    for (let hop = 0; ; hop++) {
      const res = await base(hop === 0 && request ? request : url, opts);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status > 399 || res.status === 304 || location === null) return res;
      await res.body?.cancel().catch(() => undefined);
      const next = new URL(location, url);
      if (next.origin !== origin) throw refuse(next, 'redirected Koru to');
      if (hop >= MAX_REDIRECTS) throw new ProviderError(provider, 'bad_reply', { message: `${name} redirected Koru more than ${MAX_REDIRECTS} times — check the base URL in Settings → Providers` });
      const method = (opts.method ?? request?.method ?? 'GET').toUpperCase();
      // As fetch does: 303 (and 301/302 after a POST) continue as a GET without the body.
      const toGet = (res.status === 303 && method !== 'HEAD') || ((res.status === 301 || res.status === 302) && method === 'POST');
      const resendsBody = !toGet && method !== 'GET' && method !== 'HEAD';
      if (request || (resendsBody && opts.body instanceof ReadableStream)) {
        throw new ProviderError(provider, 'bad_reply', { message: `${name} redirected a request Koru cannot send twice — set the final address as the base URL in Settings → Providers` });
      }
      if (toGet) {
        const { body: _body, ...rest } = opts;
        opts = { ...rest, method: 'GET' };
      }
      url = next;
    }
  };
}
