// Runs in the sandboxed preload (bundled to dist-main/preload.cjs). Exposes exactly two functions
// to the page, for contract names only; the page never sees ipcRenderer or an Electron event.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, isChannel, isEventName, type KoruErrorShape } from '../contract';

/** What `window.koru` offers. `invoke` resolves to the contract's Result (`{ ok, value | error }`). */
export interface KoruBridge {
  invoke(channel: string, input?: unknown): Promise<unknown>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

type Callback = (payload: unknown) => void;

export function createBridge(ipc: Pick<typeof ipcRenderer, 'invoke' | 'on'>): KoruBridge {
  // One IPC listener for all events, fanned out here, so many subscribers cost one listener.
  const subscribers = new Map<string, Set<Callback>>();
  let listening = false;

  const deliver = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
    if (typeof name !== 'string') return;
    for (const cb of [...(subscribers.get(name) ?? [])]) {
      try {
        cb(payload);
      } catch (err) {
        console.error(`koru: a listener for ${name} threw`, err);
      }
    }
  };

  return {
    invoke(channel, input) {
      if (!isChannel(channel)) {
        // The same words as main's router: people read a sentence, developers the details.
        const error: KoruErrorShape = { code: 'UNKNOWN_CHANNEL', message: 'This version of Koru does not offer that action.', details: { channel: String(channel).slice(0, 100) } };
        return Promise.reject(error);
      }
      return ipc.invoke(IPC_INVOKE, channel, input);
    },
    on(event, cb) {
      if (!isEventName(event)) throw new Error(`UNKNOWN_CHANNEL: unknown event "${String(event)}"`);
      if (typeof cb !== 'function') throw new TypeError('koru.on needs a callback function');
      if (!listening) {
        ipc.on(IPC_EVENT, deliver);
        listening = true;
      }
      let set = subscribers.get(event);
      if (!set) subscribers.set(event, (set = new Set()));
      // Wrap so subscribing the same function twice gives two independent subscriptions.
      const entry: Callback = (payload) => cb(payload);
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  };
}

contextBridge.exposeInMainWorld('koru', createBridge(ipcRenderer));
