import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type Result } from '../../contract';
import type { EventHub } from '../ipc';
import type { Router } from '../ipc';
import { isTrustedSender } from './security';

/** The slice of a BrowserWindow the binding needs (a structural type keeps this testable). */
export interface EventTarget {
  isDestroyed(): boolean;
  webContents: Pick<WebContents, 'send' | 'isDestroyed'>;
}

const UNTRUSTED: Result = {
  ok: false,
  error: { code: 'UNAUTHORIZED', message: 'calls are only accepted from the Koru window' },
};

/**
 * Binds the router to Electron IPC: one invoke channel for calls, one send channel for events.
 * Every call's sender frame is checked first (our origin, main frame), since any frame in any
 * webContents can reach ipcMain. Returns an unbind function.
 */
export function bindIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  router: Router,
  events: EventHub,
  getWindow: () => EventTarget | null,
  appOrigin: string,
): () => void {
  ipcMain.handle(IPC_INVOKE, async (event: IpcMainInvokeEvent, channel: unknown, input: unknown): Promise<Result> => {
    const frame = event.senderFrame;
    // A frame without a parent is its page's main frame.
    if (!frame || !isTrustedSender(frame.url, frame.parent === null, appOrigin)) return UNTRUSTED;
    return router.dispatch(channel, input, { transport: 'electron', client: `wc-${event.sender.id}` });
  });

  const unsubscribe = events.subscribe((name, payload) => {
    const win = getWindow();
    if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
    win.webContents.send(IPC_EVENT, name, payload);
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE);
  };
}
