import { ServerMessage, type Channel, type ChannelInput, type ChannelOutput, type EventName, type EventPayload } from '../../../contract';
import { KoruClientError, unwrapResult } from './errors';
import type { KoruClient } from './types';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WsTransportOptions {
  /** Full socket URL including `?token=` (see wsUrl). */
  url: string;
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
 * The access token: from `#token=` (the URL `koru web` prints) or, after a reload, from
 * sessionStorage, where it is kept for this tab only.
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

interface Pending {
  channel: string;
  resolve(value: unknown): void;
  reject(error: KoruClientError): void;
}

export function createWsTransport(options: WsTransportOptions): WsTransport {
  const Impl = options.WebSocketImpl ?? globalThis.WebSocket;
  const initialMs = options.backoff?.initialMs ?? 250;
  const maxMs = options.backoff?.maxMs ?? 5000;
  const pending = new Map<number, Pending>();
  const outbox: string[] = [];
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

  function failAll(message: (channel: string) => string) {
    outbox.length = 0;
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) call.reject(new KoruClientError('DISCONNECTED', message(call.channel)));
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
        call.resolve(unwrapResult(message.result, call.channel));
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

  function connect() {
    setState('connecting');
    const ws = new Impl(options.url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
      for (const text of outbox.splice(0)) ws.send(text);
    };
    ws.onmessage = (event) => handle(event.data);
    ws.onerror = () => {}; // a close event follows and does the work
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failAll((channel) => `${channel}: the connection to Koru was lost before it answered`);
      if (stopped) return;
      setState('closed');
      // Exponential backoff with jitter, so many tabs do not reconnect in lockstep.
      const delay = Math.min(maxMs, initialMs * 2 ** attempt) * (0.5 + Math.random() / 2);
      attempt += 1;
      timer = setTimeout(connect, delay);
    };
  }

  connect();

  return {
    get state() {
      return state;
    },
    invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      if (stopped) return Promise.reject(new KoruClientError('DISCONNECTED', `${channel}: the client was closed`));
      if (state === 'closed') {
        return Promise.reject(new KoruClientError('DISCONNECTED', `${channel}: not connected to Koru (reconnecting…)`));
      }
      let text: string;
      const id = nextId++;
      try {
        text = JSON.stringify({ t: 'call', id, channel, input });
      } catch {
        return Promise.reject(new KoruClientError('BAD_INPUT', `${channel}: the input cannot be sent (not JSON)`));
      }
      return new Promise<ChannelOutput<C>>((resolve, reject) => {
        pending.set(id, { channel, resolve: resolve as (value: unknown) => void, reject });
        // While connecting, calls wait for the socket instead of failing the first render.
        if (state === 'open' && socket) socket.send(text);
        else outbox.push(text);
      });
    },
    on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
      const entry = (payload: unknown) => cb(payload as EventPayload<E>);
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    close() {
      stopped = true;
      clearTimeout(timer);
      const ws = socket;
      socket = null;
      ws?.close();
      failAll((channel) => `${channel}: the client was closed`);
      setState('closed');
    },
  };
}
