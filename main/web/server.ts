import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { CallMessage, KoruError, type Result, type ServerMessage } from '../../contract';
import type { EventHub } from '../ipc/events';
import type { Log } from '../ipc/log';
import type { Router } from '../ipc/router';
import { hostnameOf, isLoopbackHost, originAllowed, tokensMatch } from './auth';
import { contentTypeFor, NOT_BUILT_PAGE, resolveStatic } from '../app/renderer-files';
import { SECURITY_HEADERS } from './headers';

export interface WebServerOptions {
  router: Router;
  events: EventHub;
  /** The built renderer (Vite's outDir). */
  staticDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Reuse a token (e.g. from settings); otherwise 32 random bytes, base64url. */
  token?: string;
  log: Log;
  maxMessageBytes?: number;
}

export interface WebServer {
  /** Open this in a browser: the token travels in the fragment, never in a request line. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const WS_PATH = '/ws';
const DEFAULT_MAX_MESSAGE = 2 * 1024 * 1024;
// A slow browser tab must not make main buffer spectrum frames without bound.
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;



function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The id of a message that failed validation, when one can be read, so the caller can be told. */
function recoverId(message: unknown): number | undefined {
  if (!isRecord(message)) return undefined;
  const id = message.id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : undefined;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.on('error', () => {});
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { router, events, staticDir, log, host = '127.0.0.1', port = 0 } = options;
  if (options.token !== undefined && !TOKEN_PATTERN.test(options.token)) {
    throw new KoruError('BAD_INPUT', 'the web token must be 16-256 characters of A-Z, a-z, 0-9, _ or -');
  }
  const token = options.token ?? randomBytes(32).toString('base64url');
  // On loopback, refusing other Host names defeats DNS rebinding; on a LAN bind the token guards.
  const loopbackOnly = isLoopbackHost(host);
  const indexPath = join(staticDir, 'index.html');

  function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}) {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  }

  async function serveFile(req: IncomingMessage, res: ServerResponse, path: string, cache: string): Promise<boolean> {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return false;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeFor(path),
      'Content-Length': String(info.size),
      'Cache-Control': cache,
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    const stream = createReadStream(path);
    stream.on('error', (err) => {
      log('warn', `web: reading ${path} failed`, err);
      res.destroy();
    });
    stream.pipe(res);
    return true;
  }

  async function serveIndex(req: IncomingMessage, res: ServerResponse) {
    if (!(await serveFile(req, res, indexPath, 'no-cache'))) {
      send(res, 503, 'text/html; charset=utf-8', NOT_BUILT_PAGE);
    }
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse) {
    if (loopbackOnly && !isLoopbackHost(hostnameOf(req.headers.host) ?? '')) {
      return send(res, 421, 'text/plain; charset=utf-8', 'unexpected Host header\n');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD' });
    }
    const url = req.url ?? '/';
    if (url.split('?', 1)[0] === WS_PATH) return send(res, 426, 'text/plain; charset=utf-8', 'WebSocket only\n');

    const target = resolveStatic(staticDir, url);
    if (target.kind === 'refused') return send(res, 403, 'text/plain; charset=utf-8', `refused: ${target.reason}\n`);
    if (target.kind === 'route' || target.path === indexPath) return serveIndex(req, res);
    // Vite puts content-hashed files under /assets: cache them for good.
    const cache = url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    if (!(await serveFile(req, res, target.path, cache))) send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  }

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((err) => {
      log('error', 'web: request failed', err);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  const maxPayload = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE;
  const wss = new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false });
  /** Authenticated sockets, each with whether it answered the last heartbeat ping. */
  const clients = new Map<WebSocket, { alive: boolean }>();
  let nextClient = 1;

  server.on('upgrade', (req, socket, head) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return refuseUpgrade(socket, 400, 'Bad Request');
    }
    if (url.pathname !== WS_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (!tokensMatch(url.searchParams.get('token'), token)) {
      log('warn', `web: refused a WebSocket without a valid token from ${req.socket.remoteAddress ?? '?'}`);
      return refuseUpgrade(socket, 401, 'Unauthorized');
    }
    if (!originAllowed(req.headers.origin, req.headers.host, loopbackOnly)) {
      log('warn', `web: refused a WebSocket from origin ${req.headers.origin ?? '?'}`);
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function sendMessage(ws: WebSocket, message: ServerMessage): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (err) {
      // e.g. a KoruError whose details are circular: still answer the call.
      log('error', 'web: a reply could not be serialised', err);
      if (message.t !== 'result') return;
      text = JSON.stringify({ t: 'result', id: message.id, result: { ok: false, error: { code: 'INTERNAL', message: 'the reply could not be sent' } } });
    }
    ws.send(text);
  }

  function accept(ws: WebSocket): void {
    const client = `web-${nextClient++}`;
    const health = { alive: true };
    clients.set(ws, health);
    ws.on('pong', () => {
      health.alive = true;
    });
    ws.on('error', (err) => log('warn', `web: ${client} socket error`, err.message));
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return; // the protocol is JSON text only
      let message: unknown;
      try {
        message = JSON.parse(rawText(data));
      } catch {
        return; // no id to answer to
      }
      // JSON cannot carry `input: undefined`; a missing input means "use the channel's defaults".
      const withInput = isRecord(message) && !('input' in message) ? { ...message, input: undefined } : message;
      const call = CallMessage.safeParse(withInput);
      if (!call.success) {
        const id = recoverId(message);
        if (id === undefined) return;
        const result: Result = {
          ok: false,
          error: { code: 'BAD_INPUT', message: 'malformed call: expected { t: "call", id, channel, input }' },
        };
        return sendMessage(ws, { t: 'result', id, result });
      }
      const { id, channel, input } = call.data;
      void router
        .dispatch(channel, input, { transport: 'web', client })
        .catch((err): Result => {
          log('error', 'web: router threw', err);
          return { ok: false, error: { code: 'INTERNAL', message: 'the call could not be processed' } };
        })
        .then((result) => sendMessage(ws, { t: 'result', id, result }));
    });
  }

  const unsubscribe = events.subscribe((name, payload) => {
    if (clients.size === 0) return;
    const text = JSON.stringify({ t: 'event', name, payload } satisfies ServerMessage);
    for (const ws of clients.keys()) {
      if (ws.readyState === WebSocket.OPEN && ws.bufferedAmount < MAX_BUFFERED_BYTES) ws.send(text);
    }
  });

  // Drop sockets whose peer vanished without a close frame (laptop lid, network loss).
  const heartbeat = setInterval(() => {
    for (const [ws, health] of clients) {
      if (!health.alive) {
        ws.terminate();
        continue;
      }
      health.alive = false;
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new KoruError('CONFLICT', `port ${port} on ${host} is already in use`)
          : err,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => log('error', 'web: server error', err));

  const actualPort = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;

  return {
    url: `http://${shownHost}:${actualPort}/#token=${token}`,
    port: actualPort,
    token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        unsubscribe();
        clearInterval(heartbeat);
        for (const ws of clients.keys()) ws.terminate();
        clients.clear();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
