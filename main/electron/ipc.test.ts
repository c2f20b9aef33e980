import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '../../contract';
import { createEventHub } from '../ipc/events';
import { createRouter, type Handlers } from '../ipc/router';
import { silentLog } from '../log';
import { bindIpc } from './ipc';

type InvokeHandler = (event: unknown, channel: unknown, input: unknown) => Promise<unknown>;

// A stand-in for ipcMain that captures the handler so a test can play the renderer.
function setup() {
  let handler: InvokeHandler | undefined;
  const ipcMain = {
    handle: vi.fn((name: string, fn: InvokeHandler) => {
      expect(name).toBe(IPC_INVOKE);
      handler = fn;
    }),
    removeHandler: vi.fn(),
  };
  const send = vi.fn();
  const win = { isDestroyed: () => false, webContents: { send, isDestroyed: () => false } };
  const events = createEventHub();
  const handlers: Partial<Handlers> = { 'app.info': (_args, ctx) => ({ version: ctx.client, mode: 'electron', dataDir: '/d' }) };
  const router = createRouter(handlers as Handlers, { log: silentLog });
  const unbind = bindIpc(ipcMain as never, router, events, () => win, 'koru://app');
  const invoke = (frame: { url: string; parent: unknown } | null, channel: unknown, input: unknown = {}) =>
    handler!({ senderFrame: frame, sender: { id: 3 } }, channel, input);
  return { invoke, send, events, unbind, ipcMain };
}

const mainFrame = { url: 'koru://app/index.html', parent: null };

describe('bindIpc', () => {
  it('dispatches calls from our main frame', async () => {
    const { invoke } = setup();
    expect(await invoke(mainFrame, 'app.info')).toEqual({ ok: true, value: { version: 'wc-3', mode: 'electron', dataDir: '/d' } });
    expect(await invoke(mainFrame, 'nope')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('refuses foreign pages, subframes and destroyed frames as UNAUTHORIZED', async () => {
    const { invoke } = setup();
    for (const frame of [{ url: 'https://evil.example/', parent: null }, { url: 'koru://app/index.html', parent: mainFrame }, null]) {
      expect(await invoke(frame, 'app.info')).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('forwards validated events to the window and stops after unbind', () => {
    const { events, send, unbind, ipcMain } = setup();
    events.emit('export.progress', { id: 'x', fraction: 0.5, state: 'running' });
    expect(send).toHaveBeenCalledWith(IPC_EVENT, 'export.progress', { id: 'x', fraction: 0.5, state: 'running' });
    unbind();
    events.emit('export.progress', { id: 'x', fraction: 0.6, state: 'running' });
    expect(send).toHaveBeenCalledTimes(1);
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(IPC_INVOKE);
  });
});
