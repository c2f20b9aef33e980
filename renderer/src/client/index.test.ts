// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, KoruClientError } from './index';
import { TOKEN_KEY } from './ws-transport';

// Records the sockets createClient opens; nothing listens, the test only checks where it dials.
class FakeSocket {
  static opened: string[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.opened.push(url);
  }
  send() {}
  close() {}
}

beforeEach(() => {
  FakeSocket.opened = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  localStorage.clear();
  history.replaceState(null, '', '/');
});
afterEach(() => {
  vi.unstubAllGlobals();
  delete window.koru;
});

describe('createClient', () => {
  it('uses the preload bridge when window.koru exists', async () => {
    window.koru = { invoke: vi.fn(async () => ({ ok: true, value: 'from-electron' })), on: () => () => {} };
    const client = createClient();
    await expect(client.invoke('playback.status', {})).resolves.toBe('from-electron');
    expect(FakeSocket.opened).toEqual([]);
  });

  it('otherwise dials /ws with the fragment token, keeps it for reloads and bookmarks and scrubs it from the URL', () => {
    history.replaceState(null, '', '/sessions#token=tok_123');
    createClient();
    expect(FakeSocket.opened).toEqual([`ws://${location.host}/ws?token=tok_123`]);
    expect(localStorage.getItem(TOKEN_KEY)).toBe('tok_123');
    expect(location.hash).toBe('');
    expect(location.pathname).toBe('/sessions');

    createClient(); // a reload: no fragment any more
    expect(FakeSocket.opened[1]).toBe(`ws://${location.host}/ws?token=tok_123`);
  });

  it('without any token, refuses calls with a message saying where the token comes from', async () => {
    const states: string[] = [];
    const client = createClient({ onConnectionChange: (s) => states.push(s) });
    const error = await client.invoke('app.info', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KoruClientError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/#token=/) });
    expect(FakeSocket.opened).toEqual([]);
    expect(states).toEqual(['closed']);
  });
});
