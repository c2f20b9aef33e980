import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { FILES_HTTP_PATH, KoruError, type ServerMessage } from '../../contract';
import type { FileRegistry } from '../files';
import type { EventHub } from '../ipc';
import type { Log } from '../log';
import type { Router } from '../ipc';
import { bearerToken, checkRequest, isLoopbackHost, tokensMatch } from './auth';
import { contentTypeFor, NOT_BUILT_PAGE, resolveStatic } from '../renderer-host';
import { handleDownload, handleUpload, sendResult } from './file-routes';
import { SECURITY_HEADERS } from './headers';
import { HARD_FRAME_BYTES, serveSocket, type ClientSocket } from './socket';
import { newToken, TOKEN_PATTERN } from './token-store';

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
  /** Uploads and export downloads (web mode's file references); absent, /files answers 404. */
  files?: FileRegistry;
  /** Answered at /instance to a holder of the token: how a second start recognises this one. */
  instanceId?: string;
}

export interface WebServer {
  /** Open this in a browser: the token travels in the fragment, never in a request line. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const WS_PATH = '/ws';
export const INSTANCE_PATH = '/instance';
const HEARTBEAT_MS = 30_000;

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
  const token = options.token ?? newToken();
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

  const unauthorized = (res: ServerResponse) =>
    sendResult(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Open the full link printed by `koru web`: this page has no valid access token.' } });

  async function handleHttp(req: IncomingMessage, res: ServerResponse) {
    const refused = checkRequest(req.headers, loopbackOnly);
    if (refused) return send(res, refused.status, 'text/plain; charset=utf-8', `${refused.reason}\n`);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return send(res, 400, 'text/plain; charset=utf-8', 'bad request\n');
    }
    const method = req.method ?? 'GET';
    const authorized = () => tokensMatch(bearerToken(req.headers.authorization), token);

    if (url.pathname === FILES_HTTP_PATH || url.pathname.startsWith(`${FILES_HTTP_PATH}/`)) {
      if (!options.files) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
      if (url.pathname === FILES_HTTP_PATH && method === 'POST') {
        return authorized() ? handleUpload(req, res, url, options.files, log) : unauthorized(res);
      }
      const fileId = url.pathname.slice(FILES_HTTP_PATH.length + 1);
      if (method === 'GET' || method === 'HEAD') return handleDownload(req, res, fileId, url, options.files, log);
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD, POST' });
    }
    if (method !== 'GET' && method !== 'HEAD') {
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD' });
    }
    if (url.pathname === INSTANCE_PATH) {
      return authorized() ? sendResult(res, 200, { ok: true, value: { instanceId: options.instanceId ?? null } }) : unauthorized(res);
    }
    if (url.pathname === WS_PATH) return send(res, 426, 'text/plain; charset=utf-8', 'WebSocket only\n');

    const path = req.url ?? '/';
    const target = resolveStatic(staticDir, path);
    if (target.kind === 'refused') return send(res, 403, 'text/plain; charset=utf-8', `refused: ${target.reason}\n`);
    if (target.kind === 'route' || target.path === indexPath) return serveIndex(req, res);
    // Vite puts content-hashed files under /assets: cache them for good.
    const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
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

  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_BYTES, perMessageDeflate: false });
  const clients = new Map<WebSocket, ClientSocket>();
  let nextClient = 1;

  server.on('upgrade', (req, socket, head) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return refuseUpgrade(socket, 400, 'Bad Request');
    }
    // The same Host and Origin rules as every HTTP request.
    const refused = checkRequest(req.headers, loopbackOnly);
    if (refused) {
      log('warn', `web: refused a WebSocket (${refused.reason}) from ${req.headers.origin ?? req.headers.host ?? '?'}`);
      return refuseUpgrade(socket, refused.status, refused.status === 403 ? 'Forbidden' : 'Misdirected Request');
    }
    if (url.pathname !== WS_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (!tokensMatch(url.searchParams.get('token'), token)) {
      log('warn', `web: refused a WebSocket without a valid token from ${req.socket.remoteAddress ?? '?'}`);
      return refuseUpgrade(socket, 401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function accept(ws: WebSocket): void {
    const client = `web-${nextClient++}`;
    clients.set(ws, serveSocket(ws, { router, log, client }));
    ws.on('error', (err) => log('warn', `web: ${client} socket error`, err.message));
    ws.on('close', () => clients.delete(ws));
  }

  const unsubscribe = events.subscribe((name, payload) => {
    if (clients.size === 0) return;
    const text = JSON.stringify({ t: 'event', name, payload } satisfies ServerMessage);
    for (const client of clients.values()) client.event(text);
  });

  // Drop sockets whose peer vanished without a close frame (laptop lid, network loss).
  const heartbeat = setInterval(() => {
    for (const [ws, client] of clients) {
      if (!client.alive) {
        ws.terminate();
        continue;
      }
      client.alive = false;
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
