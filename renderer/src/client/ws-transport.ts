import {
  FILE_CAPS,
  FILES_HTTP_PATH,
  fileTooLargeMessage,
  MAX_FRAME_BYTES,
  oversizedCallMessage,
  ServerMessage,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
  type EventName,
  type EventPayload,
  type FileInfo,
} from '../../../contract';
import { KoruClientError, unwrapResult } from './errors';
import type { KoruClient, UploadOptions } from './types';

/**
 * `connecting`: the first connection; `reconnecting`: lost, trying again on its own (calls wait);
 * `refused`: the server no longer accepts this tab's token (it was given a new one);
 * `closed`: close() was called.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'refused' | 'closed';

export interface WsTransportOptions {
  /** Full socket URL including `?token=` (see wsUrl). */
  url: string;
  /** The server's HTTP origin and the token, for uploads and for telling "down" from "refused". */
  http?: { origin: string; token: string };
  onConnectionChange?: (state: ConnectionState) => void;
  /** Reconnect delays: doubling from initialMs up to maxMs, with jitter. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Defaults to the global WebSocket (tests substitute the `ws` package's). */
  WebSocketImpl?: typeof WebSocket;
}

export interface WsTransport extends KoruClient {
  readonly state: ConnectionState;
  /** Stops reconnecting and fails whatever is still pending. */
  close(): void;
}

export const TOKEN_KEY = 'koru.token';

/**
 * The access token: from `#token=` (the URL `koru web` prints) or, later, from storage, so a
 * reload or a bookmark without the fragment still works (the server keeps its token across
 * restarts). A newer fragment wins over what was stored.
 */
export function readToken(hash: string, storage: Pick<Storage, 'getItem' | 'setItem'> | null): string | null {
  const fromHash = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  try {
    if (fromHash) {
      storage?.setItem(TOKEN_KEY, fromHash);
      return fromHash;
    }
    return storage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return fromHash; // storage disabled: the hash still works until reload
  }
}

export function wsUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}

/** UTF-8 length without allocating for the common case (every UTF-16 unit is at most 3 bytes). */
function utf8Length(text: string): number {
  if (text.length * 3 <= MAX_FRAME_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: KoruClientError): void;
}

const LOST = 'The connection to Koru was lost before it answered; check whether it happened, then try again.';
const CLOSED = 'This page closed its connection to Koru; reload it.';
const REFUSED = 'Koru no longer accepts this link (it was given a new access token). Open the new link printed by `koru web`.';

export function createWsTransport(options: WsTransportOptions): WsTransport {
  const Impl = options.WebSocketImpl ?? globalThis.WebSocket;
  const initialMs = options.backoff?.initialMs ?? 250;
  const maxMs = options.backoff?.maxMs ?? 5000;
  const pending = new Map<number, Pending>();
  // Calls made while not connected wait here and go out once the socket opens.
  const outbox = new Map<number, string>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function setState(next: ConnectionState) {
    if (next === state) return;
    state = next;
    try {
      options.onConnectionChange?.(next);
    } catch (err) {
      console.error('koru: onConnectionChange threw', err);
    }
  }

  function fail(ids: Iterable<number>, error: () => KoruClientError) {
    for (const id of [...ids]) {
      const call = pending.get(id);
      pending.delete(id);
      outbox.delete(id);
      call?.reject(error());
    }
  }

  function handle(data: unknown) {
    if (typeof data !== 'string') return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = ServerMessage.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.t === 'result') {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      try {
        call.resolve(unwrapResult(message.result));
      } catch (err) {
        call.reject(err as KoruClientError);
      }
      return;
    }
    for (const cb of [...(listeners.get(message.name) ?? [])]) {
      try {
        cb(message.payload);
      } catch (err) {
        console.error(`koru: a listener for ${message.name} threw`, err);
      }
    }
  }

  /** A socket that never opened: the server is down (retry) or refuses our token (stop). */
  async function tokenRefused(): Promise<boolean> {
    if (!options.http || typeof fetch !== 'function') return false;
    try {
      const res = await fetch(`${options.http.origin}/instance`, { headers: { Authorization: `Bearer ${options.http.token}` } });
      return res.status === 401;
    } catch {
      return false; // nothing answered: down, not refusing
    }
  }

  function connect() {
    const ws = new Impl(options.url);
    let opened = false;
    socket = ws;
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      setState('open');
      for (const text of outbox.values()) ws.send(text);
      outbox.clear();
    };
    ws.onmessage = (event) => handle(event.data);
    ws.onerror = () => {}; // a close event follows and does the work
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // Sent but unanswered: it may or may not have happened, so it is not sent again. Calls
      // still waiting in the outbox were never sent and wait for the next connection.
      fail([...pending.keys()].filter((id) => !outbox.has(id)), () => new KoruClientError('DISCONNECTED', LOST));
      if (stopped) return;
      setState(state === 'connecting' && !opened ? 'connecting' : 'reconnecting');
      void (opened ? Promise.resolve(false) : tokenRefused()).then((refused) => {
        if (stopped) return;
        if (refused) {
          setState('refused');
          fail([...pending.keys()], () => new KoruClientError('UNAUTHORIZED', REFUSED));
          return;
        }
        // Exponential backoff with jitter, so many tabs do not reconnect in lockstep.
        const delay = Math.min(maxMs, initialMs * 2 ** attempt) * (0.5 + Math.random() / 2);
        attempt += 1;
        timer = setTimeout(connect, delay);
      });
    };
  }

  connect();

  return {
    transport: 'web',
    get state() {
      return state;
    },
    invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      if (stopped) return Promise.reject(new KoruClientError('DISCONNECTED', CLOSED));
      if (state === 'refused') return Promise.reject(new KoruClientError('UNAUTHORIZED', REFUSED));
      let text: string;
      const id = nextId++;
      try {
        text = JSON.stringify({ t: 'call', id, channel, input });
      } catch {
        return Promise.reject(new KoruClientError('BAD_INPUT', 'This request cannot be sent: it holds something that is not plain data.'));
      }
      // Refused here with the server's own words, rather than sent only to be refused there.
      const bytes = utf8Length(text);
      if (bytes > MAX_FRAME_BYTES) return Promise.reject(new KoruClientError('BAD_INPUT', oversizedCallMessage(bytes)));
      return new Promise<ChannelOutput<C>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        if (state === 'open' && socket) socket.send(text);
        else outbox.set(id, text);
      });
    },
    on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
      // Listeners live here, not on the socket: they keep working across reconnects.
      const entry = (payload: unknown) => cb(payload as EventPayload<E>);
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    async upload(file: Blob, { kind, name }: UploadOptions): Promise<FileInfo> {
      if (file.size > FILE_CAPS[kind]) throw new KoruClientError('BAD_INPUT', fileTooLargeMessage(kind, file.size));
      if (!options.http) throw new KoruClientError('INTERNAL', 'Uploads are not available on this page.');
      const query = new URLSearchParams({ kind, name });
      let reply: unknown;
      try {
        // The body streams from disk; the token goes in a header, never in the URL.
        const res = await fetch(`${options.http.origin}${FILES_HTTP_PATH}?${query}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${options.http.token}`, 'Content-Type': 'application/octet-stream' },
          body: file,
        });
        reply = await res.json();
      } catch {
        throw new KoruClientError('DISCONNECTED', 'The upload did not reach Koru; check the connection and try again.');
      }
      return unwrapResult(reply) as FileInfo;
    },
    close() {
      stopped = true;
      clearTimeout(timer);
      const ws = socket;
      socket = null;
      ws?.close();
      fail([...pending.keys()], () => new KoruClientError('DISCONNECTED', CLOSED));
      setState('closed');
    },
  };
}
