import { beforeEach, describe, expect, it, vi } from 'vitest';

// The Electron binary is not installed here: a recording fake stands in for the few APIs used.
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const made: FakeWindow[] = [];
  const openExternal = vi.fn(async () => {});
  function fakeSession() {
    const session = {
      headers: undefined as Listener | undefined,
      request: undefined as Listener | undefined,
      check: undefined as Listener | undefined,
      webRequest: { onHeadersReceived: (fn: Listener) => void (session.headers = fn) },
      setPermissionRequestHandler: (fn: Listener) => void (session.request = fn),
      setPermissionCheckHandler: (fn: Listener) => void (session.check = fn),
    };
    return session;
  }
  class FakeContents {
    listeners = new Map<string, Listener>();
    openHandler: Listener | undefined;
    session = fakeSession();
    on(name: string, fn: Listener) {
      this.listeners.set(name, fn);
    }
    setWindowOpenHandler(fn: Listener) {
      this.openHandler = fn;
    }
  }
  class FakeWindow {
    webContents = new FakeContents();
    loaded: string | undefined;
    constructor(readonly options: Record<string, unknown>) {
      made.push(this);
    }
    once() {}
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
  }
  return { made, openExternal, FakeWindow, last: () => made[made.length - 1]! };
});

vi.mock('electron', () => ({ BrowserWindow: fake.FakeWindow, shell: { openExternal: fake.openExternal } }));

const { createMainWindow } = await import('./window');

const config = { preloadPath: '/app/dist-main/preload.cjs', rendererDir: '/app/dist/renderer', url: 'koru://app/index.html', appOrigin: 'koru://app', isDev: false };

function navigate(name: string, url: string) {
  const event = { url, preventDefault: vi.fn() };
  fake.last().webContents.listeners.get(name)!(event);
  return event.preventDefault.mock.calls.length > 0;
}

describe('createMainWindow', () => {
  beforeEach(() => {
    fake.made.length = 0;
    fake.openExternal.mockClear();
  });

  it('creates a sandboxed window and loads the app URL', () => {
    createMainWindow(config);
    const win = fake.last();
    expect(win.options.webPreferences).toMatchObject({ preload: config.preloadPath, sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(win.loaded).toBe('koru://app/index.html');
  });

  it('blocks navigation and redirects away from our origin', () => {
    createMainWindow(config);
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-navigate', 'koru://app/index.html')).toBe(false);
    expect(navigate('will-attach-webview', 'koru://app/x')).toBe(true);
  });

  it('denies every new window, handing https links to the system browser', () => {
    createMainWindow(config);
    const open = fake.last().webContents.openHandler!;
    expect(open({ url: 'https://koru.example/docs' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.openExternal.mock.calls).toEqual([['https://koru.example/docs']]);
  });

  it('denies permission requests and checks', () => {
    createMainWindow(config);
    const session = fake.last().webContents.session;
    const callback = vi.fn();
    session.request!({}, 'media', callback);
    session.request!({}, 'geolocation', callback);
    expect(callback.mock.calls).toEqual([[false], [false]]);
    expect(session.check!({}, 'notifications')).toBe(false);
  });

  it('adds the production CSP to responses', () => {
    createMainWindow(config);
    const callback = vi.fn();
    fake.last().webContents.session.headers!({ responseHeaders: { 'content-security-policy': ['default-src *'] } }, callback);
    const headers = callback.mock.calls[0]![0].responseHeaders as Record<string, string[]>;
    expect(Object.keys(headers)).toEqual(['Content-Security-Policy']);
    expect(headers['Content-Security-Policy']![0]).toMatch(/^default-src 'self'; script-src 'self';/);
  });
});
