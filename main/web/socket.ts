import { WebSocket, type RawData } from 'ws';
import { CallMessage, MAX_FRAME_BYTES, oversizedCallMessage, type Result, type ServerMessage } from '../../contract';
import type { Log } from '../log';
import type { Router } from '../ipc';

/**
 * One authenticated WebSocket: calls in, replies and events out. A call larger than the frame
 * limit (derived from the contract) is answered with a typed error for its id, and the socket
 * stays open; replies wait for the socket to drain instead of piling up in memory.
 */

/** ws closes the socket past this (1009): far above anything our client sends, which refuses
 *  calls over MAX_FRAME_BYTES itself, so only a misbehaving peer ever meets it. */
export const HARD_FRAME_BYTES = 4 * MAX_FRAME_BYTES;
/** Above this many bytes waiting in the socket, replies queue and events are skipped. */
export const HIGH_WATER_BYTES = 8 * 1024 * 1024;
/** A peer that leaves this much unread is gone or hostile: drop it. */
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The id of a message that failed validation, when one can be read, so the caller can be told. */
function recoverId(message: unknown): number | undefined {
  if (!isRecord(message)) return undefined;
  const id = message.id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : undefined;
}

/** The id of an oversized call, read from its head (our client writes `t` and `id` first)
 *  without parsing megabytes of JSON. */
function idFromHead(data: Buffer): number | undefined {
  const m = /^\s*\{\s*"t"\s*:\s*"call"\s*,\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(data.subarray(0, 128).toString('latin1'));
  return m ? Number(m[1]) : undefined;
}

function asBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

const failure = (code: 'BAD_INPUT' | 'INTERNAL', message: string): Result => ({ ok: false, error: { code, message } });

export interface ClientSocket {
  /** Pushes an event unless the socket is backed up (events are droppable, replies are not). */
  event(text: string): void;
  /** Whether it answered the last heartbeat ping. */
  alive: boolean;
}

export function serveSocket(ws: WebSocket, opts: { router: Router; log: Log; client: string }): ClientSocket {
  const { router, log, client } = opts;
  const queue: string[] = [];
  let queuedBytes = 0;
  let paused = false;

  function flush(): void {
    while (queue.length && ws.readyState === WebSocket.OPEN && ws.bufferedAmount < HIGH_WATER_BYTES) {
      const text = queue.shift()!;
      queuedBytes -= text.length;
      // The callback runs once this message has left for the kernel: the moment to send more.
      ws.send(text, () => flush());
    }
    // A peer that does not read its replies stops being read from until it catches up.
    if (queue.length && !paused) {
      paused = true;
      ws.pause();
    } else if (!queue.length && paused) {
      paused = false;
      ws.resume();
    }
  }

  function reply(id: number, result: Result): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify({ t: 'result', id, result } satisfies ServerMessage);
    } catch (err) {
      log('error', 'web: a reply could not be serialised', err);
      text = JSON.stringify({ t: 'result', id, result: failure('INTERNAL', 'Koru could not send its reply; see its log for details.') });
    }
    queue.push(text);
    queuedBytes += text.length;
    if (queuedBytes > MAX_QUEUED_BYTES) {
      log('warn', `web: ${client} left ${queuedBytes} bytes of replies unread; dropping it`);
      ws.terminate();
      return;
    }
    flush();
  }

  ws.on('message', (data, isBinary) => {
    if (isBinary) return; // the protocol is JSON text only
    const bytes = asBuffer(data);
    if (bytes.length > MAX_FRAME_BYTES) {
      const id = idFromHead(bytes);
      if (id !== undefined) reply(id, failure('BAD_INPUT', oversizedCallMessage(bytes.length)));
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(bytes.toString('utf8'));
    } catch {
      return; // no id to answer to
    }
    // JSON cannot carry `input: undefined`; a missing input means "use the channel's defaults".
    const withInput = isRecord(message) && !('input' in message) ? { ...message, input: undefined } : message;
    const call = CallMessage.safeParse(withInput);
    if (!call.success) {
      const id = recoverId(message);
      if (id !== undefined) reply(id, failure('BAD_INPUT', 'Koru could not read that request (malformed call).'));
      return;
    }
    const { id, channel, input } = call.data;
    void router
      .dispatch(channel, input, { transport: 'web', client })
      .catch((err): Result => {
        log('error', 'web: router threw', err);
        return failure('INTERNAL', 'Something went wrong inside Koru; see its log for details.');
      })
      .then((result) => reply(id, result));
  });

  const socket: ClientSocket = {
    alive: true,
    event(text) {
      if (ws.readyState !== WebSocket.OPEN || queue.length > 0 || ws.bufferedAmount >= HIGH_WATER_BYTES) return;
      // Every send reports when it has left, so replies queued behind it go out then.
      ws.send(text, () => flush());
    },
  };
  ws.on('pong', () => {
    socket.alive = true;
  });
  return socket;
}
