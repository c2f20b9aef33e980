import { describe, expect, it, vi } from 'vitest';

// entry.ts runs on import; Electron and the composition root are replaced by recording fakes so
// its lifecycle (ready → app → IPC → window; quit → awaited close) can be checked without Electron.
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const on = new Map<string, Listener>();
  let ready!: () => void;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));
  let closeApp!: () => void;
  const closing = new Promise<void>((resolve) => (closeApp = resolve));
  return {
    on,
    ready: () => ready(),
    closeApp: () => closeApp(),
    app: {
      on: vi.fn((name: string, fn: Listener) => void on.set(name, fn)),
      whenReady: () => whenReady,
      requestSingleInstanceLock: vi.fn(() => true),
      getAppPath: () => '/opt/koru',
      isPackaged: true,
      quit: vi.fn(),
      exit: vi.fn(),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    safeStorage: { isEncryptionAvailable: () => true },
    createApp: vi.fn(async () => ({ router: { dispatch: vi.fn() }, events: { subscribe: () => () => {}, emit: vi.fn() }, close: vi.fn(() => closing) })),
    createMainWindow: vi.fn(() => ({ on: vi.fn() })),
  };
});

vi.mock('electron', () => ({
  app: fake.app,
  protocol: fake.protocol,
  ipcMain: fake.ipcMain,
  safeStorage: fake.safeStorage,
  dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn() },
  shell: { showItemInFolder: vi.fn() },
  BrowserWindow: { getAllWindows: () => [] },
}));
vi.mock('../app', () => ({ createApp: fake.createApp }));
vi.mock('./window', () => ({ createMainWindow: fake.createMainWindow, hardenWebContents: vi.fn() }));

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('electron entry', () => {
  it('registers koru:// before ready, then builds the app, binds IPC and opens the window', async () => {
    await import('./entry');
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([expect.objectContaining({ scheme: 'koru' })]);
    expect(fake.createApp).not.toHaveBeenCalled();

    fake.ready();
    await flush();
    expect(fake.protocol.handle).toHaveBeenCalledWith('koru', expect.any(Function));
    expect(fake.createApp).toHaveBeenCalledWith(
      expect.objectContaining({ mode: 'electron', safeStorage: fake.safeStorage, pickFile: expect.any(Function), revealFile: expect.any(Function) }),
    );
    expect(fake.ipcMain.handle).toHaveBeenCalledWith('koru:invoke', expect.any(Function));
    expect(fake.createMainWindow).toHaveBeenCalledWith(expect.objectContaining({ url: 'koru://app/index.html', appOrigin: 'koru://app' }));
  });

  it('holds the quit until the app has closed, then quits once', async () => {
    const beforeQuit = fake.on.get('before-quit')!;
    const event = { preventDefault: vi.fn() };
    beforeQuit(event);
    beforeQuit({ preventDefault: vi.fn() }); // a second Cmd-Q while closing
    await flush();
    expect(event.preventDefault).toHaveBeenCalled();
    expect(fake.app.quit).not.toHaveBeenCalled(); // close() has not finished yet
    expect(fake.ipcMain.removeHandler).toHaveBeenCalledWith('koru:invoke');

    fake.closeApp();
    await flush();
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    const final = { preventDefault: vi.fn() };
    beforeQuit(final); // the quit that follows goes through
    expect(final.preventDefault).not.toHaveBeenCalled();
  });
});
