import { describe, expect, it, vi } from 'vitest';
import { createElectronTransport, type KoruBridge } from './electron-transport';
import { KoruClientError } from './errors';

function bridge(invoke: KoruBridge['invoke']): KoruBridge & { emit(name: string, payload: unknown): void } {
  const subs: [string, (p: unknown) => void][] = [];
  return {
    invoke,
    on: (event, cb) => {
      const entry: [string, (p: unknown) => void] = [event, cb];
      subs.push(entry);
      return () => void subs.splice(subs.indexOf(entry), 1);
    },
    emit: (name, payload) => subs.filter(([n]) => n === name).forEach(([, cb]) => cb(payload)),
  };
}

const caught = (p: Promise<unknown>) => p.then(() => expect.fail('expected a rejection'), (e: unknown) => e as KoruClientError);

describe('electron transport', () => {
  it('returns the value of an ok result and passes channel and input through', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: { version: '1', mode: 'electron', dataDir: '/d' } }));
    const client = createElectronTransport(bridge(invoke));
    await expect(client.invoke('app.info', {})).resolves.toEqual({ version: '1', mode: 'electron', dataDir: '/d' });
    expect(invoke).toHaveBeenCalledWith('app.info', {});
  });

  it('throws KoruClientError for failed results', async () => {
    const client = createElectronTransport(bridge(async () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'gone', details: { id: 'x' } } })));
    const error = await caught(client.invoke('sessions.get', { id: 'x' }));
    expect(error).toBeInstanceOf(KoruClientError);
    expect([error.code, error.message, error.details]).toEqual(['NOT_FOUND', 'gone', { id: 'x' }]);
  });

  it("turns the preload's refusal and broken IPC into KoruClientErrors", async () => {
    const refused = createElectronTransport(bridge(() => Promise.reject({ code: 'UNKNOWN_CHANNEL', message: 'unknown channel "x"' })));
    expect((await caught(refused.invoke('app.info', {}))).code).toBe('UNKNOWN_CHANNEL');
    const broken = createElectronTransport(bridge(() => Promise.reject(new Error('ipc died'))));
    const lost = await caught(broken.invoke('app.info', {}));
    expect(lost.code).toBe('INTERNAL');
    expect(lost.message).not.toMatch(/app\.info|ipc died/); // plain words, no channel, no internals
    const garbled = createElectronTransport(bridge(async () => 'nonsense'));
    expect((await caught(garbled.invoke('app.info', {}))).message).toMatch(/could not read/);
  });

  it('subscribes through the bridge and unsubscribes', () => {
    const b = bridge(async () => null);
    const client = createElectronTransport(b);
    const cb = vi.fn();
    const off = client.on('export.progress', cb);
    b.emit('export.progress', { id: 'e', fraction: 1, state: 'running' });
    off();
    b.emit('export.progress', { id: 'e', fraction: 1, state: 'running' });
    expect(cb.mock.calls).toEqual([[{ id: 'e', fraction: 1, state: 'running' }]]);
  });
});
