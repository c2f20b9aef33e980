import { beforeEach, describe, expect, it, vi } from 'vitest';

// The real 'electron' module needs the binary; a fake records what the preload exposes and sends.
const fake = vi.hoisted(() => {
  type Listener = (event: unknown, ...args: unknown[]) => void;
  const listeners: Record<string, Listener[]> = {};
  const exposed: Record<string, unknown> = {};
  return {
    listeners,
    exposed,
    invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'pong' })),
    emit(channel: string, ...args: unknown[]) {
      for (const fn of listeners[channel] ?? []) fn({ sender: 'ipc-event', senderId: 0 }, ...args);
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (fake.exposed[key] = api) },
  ipcRenderer: {
    invoke: fake.invoke,
    on: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => {
      (fake.listeners[channel] ??= []).push(fn);
    },
  },
}));

const { IPC_EVENT, IPC_INVOKE } = await import('../contract');
await import('./index');
const koru = fake.exposed.koru as import('./index').KoruBridge;

describe('preload bridge', () => {
  beforeEach(() => fake.invoke.mockClear());

  it('exposes only invoke and on under window.koru', () => {
    expect(Object.keys(fake.exposed)).toEqual(['koru']);
    expect(Object.keys(koru).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards contract channels over the one invoke channel', async () => {
    await expect(koru.invoke('playback.setVolume', { volume: 0.2 })).resolves.toEqual({ ok: true, value: 'pong' });
    expect(fake.invoke).toHaveBeenCalledWith(IPC_INVOKE, 'playback.setVolume', { volume: 0.2 });
  });

  it('rejects names outside the contract without touching IPC', async () => {
    for (const name of ['shell.openExternal', 'constructor', '__proto__', 42]) {
      await expect(koru.invoke(name as string, {})).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
    }
    expect(fake.invoke).not.toHaveBeenCalled();
    expect(() => koru.on('toString', () => {})).toThrow(/UNKNOWN_CHANNEL/);
  });

  it('delivers only the payload of the subscribed event, until unsubscribed', () => {
    const status = vi.fn();
    const progress = vi.fn();
    const offStatus = koru.on('playback.status', status);
    koru.on('export.progress', progress);
    fake.emit(IPC_EVENT, 'export.progress', { id: 'x', fraction: 0.5 });
    fake.emit(IPC_EVENT, 'playback.status', { state: 'idle' });
    expect(progress.mock.calls).toEqual([[{ id: 'x', fraction: 0.5 }]]);
    expect(status.mock.calls).toEqual([[{ state: 'idle' }]]); // no Electron event as first argument
    offStatus();
    fake.emit(IPC_EVENT, 'playback.status', { state: 'playing' });
    expect(status).toHaveBeenCalledTimes(1);
  });

  it('registers a single IPC listener however many subscribe, and isolates a throwing callback', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const after = vi.fn();
    koru.on('playback.spectrum', () => {
      throw new Error('ui bug');
    });
    koru.on('playback.spectrum', after);
    fake.emit(IPC_EVENT, 'playback.spectrum', { atSec: 1 });
    expect(after).toHaveBeenCalledTimes(1);
    expect(fake.listeners[IPC_EVENT]).toHaveLength(1);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});
