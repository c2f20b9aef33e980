import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startListener, type Listener } from '../../test/mocks';
import { guardedFetch, MAX_REDIRECTS } from './guarded-fetch';

const SECRET = 'goog-secret-0123456789';

/** A server that redirects per path: /same → /final (same origin), /away → the listener, /loop → itself. */
async function startRedirector(away: () => string) {
  const seen: Array<{ method: string; url: string; body: string; key: string | undefined }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body, key: req.headers['x-goog-api-key'] as string | undefined });
      const to = (status: number, location: string) => res.writeHead(status, { location }).end();
      if (req.url === '/same307') return to(307, '/final');
      if (req.url === '/same303') return to(303, '/final');
      if (req.url === '/away') return to(307, `${away()}/collect`);
      if (req.url === '/loop') return to(302, '/loop');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let listener: Listener;
let redirector: Awaited<ReturnType<typeof startRedirector>>;
beforeEach(async () => {
  listener = await startListener();
  redirector = await startRedirector(() => listener.url);
});
afterEach(async () => {
  await listener.close();
  await redirector.close();
});

const post = (f: typeof fetch, path: string) =>
  f(`${redirector.url}${path}`, { method: 'POST', headers: { 'x-goog-api-key': SECRET, 'content-type': 'application/json' }, body: '{"text":"hi"}' });

describe('guarded fetch', () => {
  it('follows a redirect within the origin, resending the body for 307 and switching to GET for 303', async () => {
    const f = guardedFetch('gemini', redirector.url);
    expect(await (await post(f, '/same307')).json()).toEqual({ method: 'POST', body: '{"text":"hi"}' });
    expect(await (await post(f, '/same303')).json()).toEqual({ method: 'GET', body: '' });
    expect(redirector.seen.map((s) => [s.method, s.url, s.key])).toEqual([
      ['POST', '/same307', SECRET],
      ['POST', '/final', SECRET],
      ['POST', '/same303', SECRET],
      ['GET', '/final', SECRET],
    ]);
  });

  it('refuses a redirect to another origin without sending anything there (custom key headers included)', async () => {
    const f = guardedFetch('gemini', redirector.url);
    await expect(post(f, '/away')).rejects.toMatchObject({ code: 'PROVIDER', failure: 'redirect', message: expect.stringContaining(`Gemini redirected Koru to ${new URL(listener.url).host}`) });
    expect(listener.received).toEqual([]);
    // Plain fetch would have carried the key along: the guard is what stops it.
    await post(globalThis.fetch, '/away');
    expect(listener.received[0]?.headers['x-goog-api-key']).toBe(SECRET);
  });

  it('refuses a request to another origin outright, and a redirect loop after a few hops', async () => {
    const f = guardedFetch('openai', redirector.url);
    await expect(f(`${listener.url}/v1/models`, { headers: { authorization: `Bearer ${SECRET}` } })).rejects.toMatchObject({ failure: 'redirect' });
    expect(listener.received).toEqual([]);
    await expect(f(`${redirector.url}/loop`)).rejects.toMatchObject({ failure: 'bad_reply', message: expect.stringContaining(`more than ${MAX_REDIRECTS} times`) });
    expect(redirector.seen.filter((s) => s.url === '/loop')).toHaveLength(MAX_REDIRECTS + 1);
  });
});
