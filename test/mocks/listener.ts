import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A server that records everything sent to it (method, path with query, headers, body), for
 * tests that play the attacker: the base URL pointed here, or a redirect sent here, must never
 * deliver a key. It answers every request with `reply` (default: 401, so clients give up fast).
 */
export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Listener {
  url: string;
  received: Received[];
  /** Everything received, as one string to search for a secret in. */
  everything(): string;
  close(): Promise<void>;
}

export async function startListener(reply: { status: number; body: string; type?: string } = { status: 401, body: '{"error":"no"}' }): Promise<Listener> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('latin1') });
      res.writeHead(reply.status, { 'content-type': reply.type ?? 'application/json' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    everything: () => received.map((r) => `${r.method} ${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`).join('\n\n'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
