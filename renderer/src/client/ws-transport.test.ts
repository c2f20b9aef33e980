import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { KoruError, MAX_FRAME_BYTES, oversizedCallMessage } from '../../../contract';
// The client is tested against the real web server, not a stand-in, so both ends agree on the wire.
// eslint-disable-next-line no-restricted-imports -- test only
import { createEventHub } from '../../../main/ipc/events';
// eslint-disable-next-line no-restricted-imports -- test only
import { createRouter, type Handlers } from '../../../main/ipc/router';
// eslint-disable-next-line no-restricted-imports -- test only
import { silentLog } from '../../../main/log';
// eslint-disable-next-line no-restricted-imports -- test only
import { startWebServer, type WebServer } from '../../../main/web/server';
import { KoruClientError } from './errors';
import { createWsTransport, readToken, wsUrl, type ConnectionState } from './ws-transport';

// Node 20 has no global WebSocket; the `ws` package's speaks the same browser API.
vi.stubGlobal('WebSocket', WebSocket);

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

let release: () => void = () => {};
const handlers: Partial<Handlers> = {
  'app.info': () => ({ version: '1.2.3', mode: 'web', dataDir: '/d' }),
  'sessions.get': ({ id }) => {
    throw new KoruError('NOT_FOUND', `no session ${id}`, { id });
  },
  // Never answers until released: lets a test lose the connection mid-call.
  'playback.stop': () => new Promise((resolve) => (release = () => resolve(undefined as never))),
};

async function serve(port = 0, token?: string) {
  const events = createEventHub();
  const router = createRouter(handlers as Handlers, { log: silentLog });
  const server = await startWebServer({ router, events, staticDir: '/nonexistent', port, token, log: silentLog });
  cleanup.push(() => server.close());
  return { server, events };
}

function transportFor(server: WebServer, token = server.token) {
  const states: ConnectionState[] = [];
  const client = createWsTransport({
    url: wsUrl({ protocol: 'http:', host: `127.0.0.1:${server.port}` }, token),
    http: { origin: `http://127.0.0.1:${server.port}`, token },
    onConnectionChange: (s) => states.push(s),
    backoff: { initialMs: 20, maxMs: 50 },
  });
  cleanup.push(() => client.close());
  return { client, states };
}

const failure = (p: Promise<unknown>) => p.then(() => expect.fail('expected a rejection'), (e: unknown) => e as KoruClientError);

describe('ws transport against the web server', () => {
  it('queues calls made while connecting and resolves them once open', async () => {
    const { server } = await serve();
    const { client, states } = transportFor(server);
    expect(client.state).toBe('connecting');
    await expect(client.invoke('app.info', {})).resolves.toEqual({ version: '1.2.3', mode: 'web', dataDir: '/d' });
    expect(states).toEqual(['open']);
  });

  it('throws KoruClientError with code, message and details for failed calls', async () => {
    const { server } = await serve();
    const { client } = transportFor(server);
    const error = await failure(client.invoke('sessions.get', { id: 'zz' }));
    expect(error).toBeInstanceOf(KoruClientError);
    expect([error.code, error.message, error.details]).toEqual(['NOT_FOUND', 'no session zz', { id: 'zz' }]);
    expect((await failure(client.invoke('playback.setVolume', { volume: 9 }))).code).toBe('BAD_INPUT');
  });

  it('delivers pushed events to subscribers until they unsubscribe', async () => {
    const { server, events } = await serve();
    const { client } = transportFor(server);
    const got: unknown[] = [];
    const off = client.on('export.progress', (p) => got.push(p));
    await client.invoke('app.info', {}); // connected
    events.emit('export.progress', { id: 'a', fraction: 0.5, state: 'running' });
    await vi.waitFor(() => expect(got).toHaveLength(1));
    off();
    events.emit('export.progress', { id: 'a', fraction: 0.9, state: 'running' });
    await client.invoke('app.info', {}); // the event, had it been delivered, would precede this reply
    expect(got).toEqual([{ id: 'a', fraction: 0.5, state: 'running' }]);
  });

  it('fails calls in flight when the connection drops, holds new ones, and sends them once it is back', async () => {
    const first = await serve();
    const { client, states } = transportFor(first.server);
    await client.invoke('app.info', {});
    const hanging = failure(client.invoke('playback.stop', {}));
    await first.server.close();
    const error = await hanging;
    expect(error.code).toBe('DISCONNECTED');
    expect(error.message).toMatch(/^The connection to Koru was lost before it answered/);
    expect(error.message).not.toMatch(/playback/);
    await vi.waitFor(() => expect(client.state).toBe('reconnecting'));
    const waiting = client.invoke('app.info', {}); // made while down: held, not failed

    await serve(first.server.port, first.server.token); // the server comes back
    await expect(waiting).resolves.toMatchObject({ version: '1.2.3' });
    expect(client.state).toBe('open');
    expect(states[0]).toBe('open');
    expect(states[1]).toBe('reconnecting');
    expect(states.at(-1)).toBe('open');
    release();
  });

  it('keeps event listeners across a reconnect', async () => {
    const first = await serve();
    const { client } = transportFor(first.server);
    const got: unknown[] = [];
    client.on('export.progress', (p) => got.push(p));
    await client.invoke('app.info', {});
    await first.server.close();
    await vi.waitFor(() => expect(client.state).toBe('reconnecting'));
    const again = await serve(first.server.port, first.server.token);
    await client.invoke('app.info', {});
    again.events.emit('export.progress', { id: 'b', fraction: 1, state: 'done' });
    await vi.waitFor(() => expect(got).toEqual([{ id: 'b', fraction: 1, state: 'done' }]));
  });

  it('says the link is no longer valid when the server refuses the token, instead of retrying', async () => {
    const { server } = await serve();
    const { client, states } = transportFor(server, 'not-the-token-at-all');
    const error = await failure(client.invoke('app.info', {}));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toMatch(/new access token/);
    expect(states).toEqual(['refused']);
  });

  it('refuses an oversized call before sending it, in the server’s words, and stays usable', async () => {
    const { server } = await serve();
    const { client } = transportFor(server);
    const text = 'x'.repeat(MAX_FRAME_BYTES);
    const error = await failure(client.invoke('sessions.importSbg', { name: 'big', text }));
    const sent = JSON.stringify({ t: 'call', id: 1, channel: 'sessions.importSbg', input: { name: 'big', text } });
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe(oversizedCallMessage(Buffer.byteLength(sent)));
    await expect(client.invoke('app.info', {})).resolves.toMatchObject({ version: '1.2.3' });
  });

  it('close() stops reconnecting and refuses further calls', async () => {
    const { server } = await serve();
    const { client, states } = transportFor(server);
    await client.invoke('app.info', {});
    client.close();
    expect((await failure(client.invoke('app.info', {}))).message).toMatch(/closed its connection/);
    expect(states).toEqual(['open', 'closed']);
  });
});

describe('token and URL', () => {
  function memoryStorage() {
    const data = new Map<string, string>();
    return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
  }

  it('takes the token from the fragment and remembers it for a reload', () => {
    const storage = memoryStorage();
    expect(readToken('#token=abc_DEF-123', storage)).toBe('abc_DEF-123');
    expect(readToken('', storage)).toBe('abc_DEF-123');
    expect(readToken('#token=newer', storage)).toBe('newer');
    expect(readToken('', memoryStorage())).toBeNull();
  });

  it('survives storage that throws', () => {
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(readToken('#token=t1', broken)).toBe('t1');
    expect(readToken('', broken)).toBeNull();
  });

  it('builds ws:// or wss:// URLs to /ws on the same host', () => {
    expect(wsUrl({ protocol: 'http:', host: '127.0.0.1:4000' }, 'a+b')).toBe('ws://127.0.0.1:4000/ws?token=a%2Bb');
    expect(wsUrl({ protocol: 'https:', host: 'koru.local' }, 't')).toBe('wss://koru.local/ws?token=t');
  });
});
