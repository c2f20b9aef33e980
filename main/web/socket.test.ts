import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createRouter, type Handlers } from '../ipc/router';
import { silentLog } from '../log';
import { HIGH_WATER_BYTES, serveSocket } from './socket';

/** A socket whose kernel buffer the test fills and drains by hand. */
class FakeSocket extends EventEmitter {
  readyState: number = WebSocket.OPEN;
  bufferedAmount = 0;
  sent: string[] = [];
  pending: (() => void)[] = [];
  pause = vi.fn();
  resume = vi.fn();
  terminate = vi.fn();
  send(text: string, cb: () => void) {
    this.sent.push(text);
    this.pending.push(cb);
  }
  /** The kernel took everything: buffers empty, write callbacks run. */
  drain() {
    this.bufferedAmount = 0;
    for (const cb of this.pending.splice(0)) cb();
  }
}

const handlers: Partial<Handlers> = { 'app.info': () => ({ version: '1', mode: 'web', dataDir: '/d' }) };
const call = (id: number) => JSON.stringify({ t: 'call', id, channel: 'app.info', input: {} });

describe('socket back-pressure', () => {
  it('queues replies while the socket is backed up, stops reading, and catches up on drain', async () => {
    const ws = new FakeSocket();
    const client = serveSocket(ws as unknown as WebSocket, { router: createRouter(handlers as Handlers, { log: silentLog }), log: silentLog, client: 't' });
    client.event('{"t":"event","name":"playback.spectrum","payload":{}}');
    ws.bufferedAmount = HIGH_WATER_BYTES; // the tab stopped reading: the event is still in the buffer
    for (const id of [1, 2, 3]) ws.emit('message', Buffer.from(call(id)), false);
    await vi.waitFor(() => expect(ws.pause).toHaveBeenCalled());
    expect(ws.sent).toHaveLength(1);
    client.event('{"t":"event"}'); // droppable while replies wait
    expect(ws.sent).toHaveLength(1);

    // The buffer drains: the replies go out in order and reading resumes.
    ws.drain();
    expect(ws.sent.slice(1).map((t) => JSON.parse(t).id)).toEqual([1, 2, 3]);
    expect(ws.resume).toHaveBeenCalled();
  });

  it('drops a peer that leaves tens of megabytes of replies unread', async () => {
    const ws = new FakeSocket();
    const big = 'x'.repeat(200_000);
    const router = createRouter({ 'app.info': () => ({ version: big, mode: 'web', dataDir: '/d' }) } as Partial<Handlers> as Handlers, { log: silentLog });
    serveSocket(ws as unknown as WebSocket, { router, log: silentLog, client: 't' });
    ws.bufferedAmount = HIGH_WATER_BYTES; // never drains
    for (let id = 0; id < 400; id++) ws.emit('message', Buffer.from(call(id)), false);
    await vi.waitFor(() => expect(ws.terminate).toHaveBeenCalled());
  });
});
