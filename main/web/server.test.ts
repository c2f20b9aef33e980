import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { KoruError, MAX_FRAME_BYTES, oversizedCallMessage, type ServerMessage } from '../../contract';
import { createEventHub } from '../ipc/events';
import { createRouter, type Handlers } from '../ipc/router';
import { idleStatus, spyLog } from '../ipc/testing';
import { startWebServer, type WebServer } from './server';
import { HARD_FRAME_BYTES } from './socket';

let root: string;
let dist: string;
const servers: WebServer[] = [];
const sockets: WebSocket[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'koru-web-'));
  dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log("koru")');
  writeFileSync(join(dist, 'assets', 'app-1234.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'top secret');
  mkdirSync(join(root, 'empty'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(staticDir = dist) {
  const events = createEventHub();
  const handlers: Partial<Handlers> = {
    'app.info': () => ({ version: '9.9.9', mode: 'web', dataDir: '/data' }),
    'playback.setVolume': ({ volume }) => idleStatus({ volume }),
    'sessions.get': ({ id }) => {
      throw new KoruError('NOT_FOUND', `no session ${id}`);
    },
  };
  const log = spyLog();
  const server = await startWebServer({ router: createRouter(handlers as Handlers, { log }), events, staticDir, log });
  servers.push(server);
  return { server, events, log };
}

/** Opens a socket; resolves once open, rejects with the HTTP status the upgrade got instead. */
function connect(port: number, query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, { headers });
    sockets.push(ws);
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<ServerMessage> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web server: WebSocket access', () => {
  it('prints a loopback URL carrying a 32-byte base64url token in the fragment', async () => {
    const { server } = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
  });

  it('refuses an upgrade with no token or a wrong token with 401', async () => {
    const { server } = await start();
    await expect(connect(server.port, '')).rejects.toThrow('HTTP 401');
    await expect(connect(server.port, '?token=wrong')).rejects.toThrow('HTTP 401');
    await expect(connect(server.port, `?token=${server.token}x`)).rejects.toThrow('HTTP 401');
  });

  it('refuses a right token sent from a foreign page (Origin) with 403', async () => {
    const { server } = await start();
    await expect(connect(server.port, `?token=${server.token}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    const ok = await connect(server.port, `?token=${server.token}`, { Origin: `http://127.0.0.1:${server.port}` });
    expect(ok.readyState).toBe(WebSocket.OPEN);
  });

  it('round-trips calls: success, typed errors and bad input', async () => {
    const { server } = await start();
    const ws = await connect(server.port, `?token=${server.token}`);
    ws.send(JSON.stringify({ t: 'call', id: 1, channel: 'app.info', input: {} }));
    expect(await nextMessage(ws)).toEqual({ t: 'result', id: 1, result: { ok: true, value: { version: '9.9.9', mode: 'web', dataDir: '/data' } } });
    ws.send(JSON.stringify({ t: 'call', id: 2, channel: 'sessions.get', input: { id: 'abc' } }));
    expect(await nextMessage(ws)).toEqual({ t: 'result', id: 2, result: { ok: false, error: { code: 'NOT_FOUND', message: 'no session abc' } } });
    ws.send(JSON.stringify({ t: 'call', id: 3, channel: 'playback.setVolume', input: { volume: 7 } }));
    const bad = await nextMessage(ws);
    expect(bad.t === 'result' && !bad.result.ok && bad.result.error.code).toBe('BAD_INPUT');
  });

  it('pushes events to every authenticated socket', async () => {
    const { server, events } = await start();
    const a = await connect(server.port, `?token=${server.token}`);
    const b = await connect(server.port, `?token=${server.token}`);
    const got = Promise.all([nextMessage(a), nextMessage(b)]);
    events.emit('export.progress', { id: 'e1', fraction: 0.25, state: 'running' });
    expect(await got).toEqual([
      { t: 'event', name: 'export.progress', payload: { id: 'e1', fraction: 0.25, state: 'running' } },
      { t: 'event', name: 'export.progress', payload: { id: 'e1', fraction: 0.25, state: 'running' } },
    ]);
  });

  it('survives garbage: answers what has an id, ignores the rest, keeps serving', async () => {
    const { server } = await start();
    const ws = await connect(server.port, `?token=${server.token}`);
    for (const junk of ['not json', '{"t":"call"', 'null', '[]', '"x"', '{"id":-1}', '{"t":"call","id":1.5,"channel":"app.info"}']) ws.send(junk);
    ws.send(Buffer.from([0xff, 0x00, 0x13]), { binary: true });
    ws.send(JSON.stringify({ t: 'nonsense', id: 41 }));
    const reply = await nextMessage(ws);
    expect(reply).toMatchObject({ t: 'result', id: 41, result: { ok: false, error: { code: 'BAD_INPUT' } } });
    ws.send(JSON.stringify({ t: 'call', id: 42, channel: 'no.such', input: null }));
    expect(await nextMessage(ws)).toMatchObject({ id: 42, result: { ok: false, error: { code: 'UNKNOWN_CHANNEL' } } });
  });

  it('answers an oversized frame with a typed error for its id and keeps the socket', async () => {
    const { server } = await start();
    const ws = await connect(server.port, `?token=${server.token}`);
    const big = JSON.stringify({ t: 'call', id: 5, channel: 'sessions.importSbg', input: { name: 'x', text: 'x'.repeat(MAX_FRAME_BYTES) } });
    ws.send(big);
    const reply = await nextMessage(ws);
    expect(reply).toMatchObject({ t: 'result', id: 5, result: { ok: false, error: { code: 'BAD_INPUT', message: oversizedCallMessage(Buffer.byteLength(big)) } } });
    ws.send(JSON.stringify({ t: 'call', id: 6, channel: 'app.info' }));
    expect(await nextMessage(ws)).toMatchObject({ id: 6, result: { ok: true } });
  });

  it('closes only a socket that sends past the hard ceiling, and keeps serving others', async () => {
    const { server } = await start();
    const big = await connect(server.port, `?token=${server.token}`);
    const closed = new Promise<number>((resolve) => big.on('close', (code) => resolve(code)));
    big.send('x'.repeat(HARD_FRAME_BYTES + 1));
    expect(await closed).toBe(1009); // "message too big"
    const ws = await connect(server.port, `?token=${server.token}`);
    ws.send(JSON.stringify({ t: 'call', id: 7, channel: 'app.info' }));
    expect(await nextMessage(ws)).toMatchObject({ id: 7, result: { ok: true } });
  });

  it('applies the same Host check to the WebSocket as to pages', async () => {
    const { server } = await start();
    await expect(connect(server.port, `?token=${server.token}`, { Host: 'evil.example' })).rejects.toThrow('HTTP 421');
    await expect(connect(server.port, `?token=${server.token}`, { Host: `localhost:${server.port}` })).resolves.toBeDefined();
  });

  it('close() drops live sockets and resolves', async () => {
    const { server } = await start();
    const ws = await connect(server.port, `?token=${server.token}`);
    const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
    await server.close();
    await closed;
    await expect(get(server.port, '/')).rejects.toThrow();
  });
});

describe('web server: static files', () => {
  it('serves the build with content types and security headers', async () => {
    const { server } = await start();
    const index = await get(server.port, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('id="root"');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\*/);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const js = await get(server.port, '/assets/app-1234.js');
    expect([js.status, js.headers['content-type'], js.body]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log("koru")']);
    expect(js.headers['cache-control']).toMatch(/immutable/);
    expect((await get(server.port, '/assets/app-1234.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('falls back to index.html for client routes, 404s missing files', async () => {
    const { server } = await start();
    const route = await get(server.port, '/sessions/abc');
    expect(route.status).toBe(200);
    expect(route.body).toContain('id="root"');
    expect((await get(server.port, '/assets/missing.js')).status).toBe(404);
  });

  it('refuses path traversal', async () => {
    const { server } = await start();
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const res = await get(server.port, path);
      expect(res.status, path).toBe(403);
      expect(res.body).not.toContain('top secret');
    }
  });

  it('refuses foreign Host headers (DNS rebinding) and non-GET methods', async () => {
    const { server } = await start();
    expect((await get(server.port, '/', { Host: 'evil.example' })).status).toBe(421);
    expect((await get(server.port, '/', { Host: `localhost:${server.port}` })).status).toBe(200);
    expect((await get(server.port, '/', {}, 'POST')).status).toBe(405);
    expect((await get(server.port, '/ws')).status).toBe(426);
  });

  it('explains a missing build with a 503 page', async () => {
    const { server } = await start(join(root, 'empty'));
    const res = await get(server.port, '/');
    expect(res.status).toBe(503);
    expect(res.body).toContain('run <code>npm run build</code>');
  });
});
