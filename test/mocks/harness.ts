import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The shared half of the mock provider servers: routing, call counters, recorded bodies,
 * in-flight measurement, latency, and fault injection (queued per call, or seeded chaos).
 * Each vendor file supplies its routes and its own error-body format.
 */
export type FaultKind =
  | 'rate_limit' // 429 with Retry-After
  | 'el_concurrency' // ElevenLabs 429 too_many_concurrent_requests
  | 'el_busy' // ElevenLabs 429 system_busy
  | 'server' // 500
  | 'unavailable' // 503
  | 'overloaded' // 529 (Anthropic's overloaded_error)
  | 'auth' // 401
  | 'bad_request' // 400
  | 'malformed' // 200 with broken JSON
  | 'not_audio' // 200 with an HTML page
  | 'slow' // answers after delayMs
  | 'drop' // socket destroyed, no reply
  | 'redirect'; // 307 (or `status`) to `location`, before the key is even looked at

export interface Fault {
  kind: FaultKind;
  /** Retry-After header value (seconds or HTTP date). */
  retryAfter?: string;
  /** retry-after-ms header (OpenAI sends it). */
  retryAfterMs?: number;
  delayMs?: number;
  /** Only calls to this endpoint key (e.g. 'POST /v1/audio/speech') take the fault. */
  endpoint?: string;
  /** redirect: where to (a path is kept and appended to it when `location` ends in '/'). */
  location?: string;
  status?: number;
}

export interface MockRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  json: unknown;
}

export interface MockReply {
  status?: number;
  headers?: Record<string, string>;
  body: string | Buffer | Uint8Array;
  /** A streamed reply (server-sent events): pieces written one by one, `body` after the last. */
  chunks?: Array<{ data: string; delayMs?: number }>;
}

export interface Route {
  method: string;
  /** Path pattern; `:name` matches one segment (colons inside a segment stay literal). */
  pattern: RegExp;
  endpoint: string;
  handle(req: MockRequest, match: RegExpMatchArray): MockReply | Promise<MockReply>;
}

export interface VendorSpec {
  routes: Route[];
  /** The vendor's error JSON for a status (and, for ElevenLabs 429s, its detail status). */
  errorBody(status: number, kind: FaultKind, fault?: Fault): unknown;
  /** True when the request carries the key the mock accepts. */
  authorized(req: MockRequest): boolean;
  /** WebSocket upgrades (Deepgram's agent) on the same port. */
  onUpgrade?(req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void;
}

export type Latency = number | [number, number] | ((endpoint: string, req: MockRequest) => number);

/** Transcription time per second of audio: whisper-1 is reported to take a minute or more for a
 *  10-minute file (theneuralbase.com/whisper-api/learn/beginner/latency-expectations). */
const TRANSCRIBE_SEC_PER_AUDIO_SEC = 0.1;

/** Seconds of audio in a transcription request: a WAV's data size over its byte rate (Koru
 *  uploads WAV), else the bytes at 128 kbit/s. */
function uploadedAudioSec(req: MockRequest): number {
  const inline = (req.json as { contents?: Array<{ parts: Array<{ inlineData?: { mimeType: string; data: string } }> }> } | undefined)?.contents
    ?.flatMap((c) => c.parts)
    .find((p) => p.inlineData?.mimeType.startsWith('audio/'))?.inlineData;
  const bytes = inline ? Buffer.from(inline.data, 'base64') : req.raw;
  const riff = bytes.indexOf('RIFF');
  if (riff >= 0 && bytes.toString('latin1', riff + 8, riff + 12) === 'WAVE') {
    const rate = bytes.readUInt32LE(riff + 28);
    const data = bytes.indexOf('data', riff + 12);
    if (rate > 0 && data > 0) return bytes.readUInt32LE(data + 4) / rate;
  }
  return bytes.length / 16_000;
}

/**
 * Roughly what the real services take (first byte of a whole reply): speech ~300 ms plus
 * ~1.5 ms per character, text ~600 ms, transcription ~600 ms plus a tenth of the audio's length,
 * listings ~80 ms. `scale` shrinks it for fast tests.
 */
export function realisticLatency(scale = 1): Latency {
  return (endpoint, req) => {
    const body = (req.json ?? {}) as { input?: string; text?: string; generationConfig?: { responseModalities?: string[] } };
    const speech =
      endpoint === 'POST /v1/audio/speech' ||
      endpoint === 'POST /v1/text-to-speech/:voice_id' ||
      body.generationConfig?.responseModalities?.includes('AUDIO') === true;
    if (speech) return scale * Math.min(3000, 300 + 1.5 * JSON.stringify(req.json ?? '').length);
    const transcription = endpoint === 'POST /v1/audio/transcriptions' || endpoint === 'POST /v1/speech-to-text' || JSON.stringify(req.json ?? '').includes('"mimeType":"audio/');
    if (transcription) return scale * (600 + 1000 * TRANSCRIBE_SEC_PER_AUDIO_SEC * uploadedAudioSec(req));
    if (endpoint.startsWith('POST')) return scale * 600; // chat, generateContent text
    return scale * 80; // listings
  };
}

export interface ChaosOptions {
  rate: number;
  seed: number;
  kinds: FaultKind[];
  endpoint?: string;
  retryAfterMs?: number;
  delayMs?: number;
}

export interface MockServer {
  url: string;
  calls: Record<string, number>;
  requests: Array<{ endpoint: string; query: Record<string, string>; json: unknown; bytes: number; headers: http.IncomingHttpHeaders }>;
  faultsServed: Partial<Record<FaultKind, number>>;
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Added to every reply: a number, [min, max] drawn per call, or a function of the request. */
  latencyMs: Latency;
  inject(fault: Fault, times?: number): void;
  chaos(opts: ChaosOptions | null): void;
  total(endpoint?: string): number;
  reset(): void;
  close(): Promise<void>;
}

/** mulberry32: tiny seeded PRNG so chaos runs are reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startMock(spec: VendorSpec): Promise<MockServer> {
  const queued: Fault[] = [];
  let chaos: (ChaosOptions & { rand: () => number }) | null = null;
  let inFlight = 0;
  let maxInFlight = 0;
  const state = {
    calls: {} as Record<string, number>,
    requests: [] as MockServer['requests'],
    faultsServed: {} as MockServer['faultsServed'],
    latencyMs: 0 as Latency,
  };

  function pickFault(endpoint: string): Fault | undefined {
    const i = queued.findIndex((f) => !f.endpoint || f.endpoint === endpoint);
    if (i >= 0) return queued.splice(i, 1)[0];
    if (chaos && (!chaos.endpoint || chaos.endpoint === endpoint) && chaos.rand() < chaos.rate) {
      const kind = chaos.kinds[Math.floor(chaos.rand() * chaos.kinds.length)]!;
      return { kind, retryAfterMs: chaos.retryAfterMs, delayMs: chaos.delayMs };
    }
    return undefined;
  }

  function send(res: http.ServerResponse, reply: MockReply): void | Promise<void> {
    res.writeHead(reply.status ?? 200, reply.headers ?? {});
    if (!reply.chunks) return void res.end(reply.body);
    return (async () => {
      for (const c of reply.chunks!) {
        if (c.delayMs) await wait(c.delayMs);
        if (res.destroyed) return;
        res.write(c.data);
      }
      res.end(reply.body);
    })();
  }

  function errorReply(status: number, kind: FaultKind, fault?: Fault): MockReply {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (fault?.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
    if (fault?.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
    return { status, headers, body: JSON.stringify(spec.errorBody(status, kind, fault)) };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        res.on('close', () => inFlight--);
        const url = new URL(req.url ?? '/', 'http://mock');
        const raw = Buffer.concat(chunks);
        let json: unknown;
        if ((req.headers['content-type'] ?? '').includes('json') && raw.length) {
          try {
            json = JSON.parse(raw.toString('utf8'));
          } catch {
            json = undefined;
          }
        }
        const mreq: MockRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, raw, json };
        let match: RegExpMatchArray | null = null;
        const route = spec.routes.find((r) => r.method === mreq.method && (match = url.pathname.match(r.pattern)));
        if (!route || !match) return send(res, errorReply(404, 'bad_request'));
        const endpoint = route.endpoint;
        state.calls[endpoint] = (state.calls[endpoint] ?? 0) + 1;
        state.requests.push({ endpoint, query: Object.fromEntries(url.searchParams), json, bytes: raw.length, headers: req.headers });

        const lat = state.latencyMs;
        const ms = typeof lat === 'function' ? lat(endpoint, mreq) : Array.isArray(lat) ? lat[0] + Math.random() * (lat[1] - lat[0]) : lat;
        if (ms > 0) await wait(ms);
        const fault = pickFault(endpoint);
        if (fault) state.faultsServed[fault.kind] = (state.faultsServed[fault.kind] ?? 0) + 1;
        if (fault?.kind === 'redirect') {
          const to = fault.location ?? '/';
          const location = to.endsWith('/') ? `${to}${url.pathname.slice(1)}${url.search}` : to;
          return send(res, { status: fault.status ?? 307, headers: { location }, body: '' });
        }
        if (!spec.authorized(mreq)) return send(res, errorReply(401, 'auth'));

        switch (fault?.kind) {
          case undefined:
            break;
          case 'rate_limit':
          case 'el_concurrency':
          case 'el_busy':
            return send(res, errorReply(429, fault.kind, fault));
          case 'server':
            return send(res, errorReply(500, fault.kind, fault));
          case 'unavailable':
            return send(res, errorReply(503, fault.kind, fault));
          case 'overloaded':
            return send(res, errorReply(529, fault.kind, fault));
          case 'auth':
            return send(res, errorReply(401, fault.kind, fault));
          case 'bad_request':
            return send(res, errorReply(400, fault.kind, fault));
          case 'malformed':
            return send(res, { headers: { 'content-type': 'application/json' }, body: '{"truncated": [1, 2' });
          case 'not_audio':
            return send(res, { headers: { 'content-type': 'text/html' }, body: '<html><body>502 Bad Gateway (proxy)</body></html>' });
          case 'drop':
            req.socket.destroy();
            return;
          case 'slow':
            await wait(fault.delayMs ?? 2000);
            if (res.destroyed) return;
            break;
        }
        try {
          await send(res, await route.handle(mreq, match));
        } catch (err) {
          send(res, errorReply(500, 'server'));
          console.error('mock route failed', err);
        }
      })();
    });
  });
  if (spec.onUpgrade) server.on('upgrade', spec.onUpgrade);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get calls() {
      return state.calls;
    },
    get requests() {
      return state.requests;
    },
    get faultsServed() {
      return state.faultsServed;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(v) {
      state.latencyMs = v;
    },
    inject(fault, times = 1) {
      for (let i = 0; i < times; i++) queued.push(fault);
    },
    chaos(opts) {
      chaos = opts ? { ...opts, rand: seeded(opts.seed) } : null;
    },
    total(endpoint) {
      return endpoint ? (state.calls[endpoint] ?? 0) : Object.values(state.calls).reduce((a, b) => a + b, 0);
    },
    reset() {
      queued.length = 0;
      chaos = null;
      state.calls = {};
      state.requests = [];
      state.faultsServed = {};
      maxInFlight = inFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A spoken-length tone as s16le mono: ~60 ms per character, so longer text → longer audio. */
export function toneFor(text: string, rate: number): Int16Array {
  const seconds = Math.min(10, Math.max(0.2, text.length * 0.06));
  const n = Math.round(seconds * rate);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(Math.sin((2 * Math.PI * 220 * i) / rate) * 8000);
  return out;
}

export function pcmBytes(samples: Int16Array): Buffer {
  const b = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) b.writeInt16LE(samples[i]!, i * 2);
  return b;
}
