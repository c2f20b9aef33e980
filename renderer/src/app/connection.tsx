import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ConnectionState } from '../client';

/** null: no socket to watch (Electron), or none reported yet. */
export type Connection = ConnectionState | null;

export interface ConnectionStore {
  get(): Connection;
  set(state: Connection): void;
  subscribe(cb: () => void): () => void;
}

/** Fed by the client's onConnectionChange; read by the badge and by the cache refresher. */
export function createConnectionStore(initial: Connection = null): ConnectionStore {
  let state = initial;
  const subs = new Set<() => void>();
  return {
    get: () => state,
    set(next) {
      if (next === state) return;
      state = next;
      for (const cb of [...subs]) cb();
    },
    subscribe(cb) {
      subs.add(cb);
      return () => subs.delete(cb);
    },
  };
}

const noSocket = createConnectionStore(null);
const ConnectionContext = createContext<ConnectionStore>(noSocket);

export function ConnectionProvider({ store, children }: { store: ConnectionStore; children: ReactNode }) {
  return <ConnectionContext.Provider value={store}>{children}</ConnectionContext.Provider>;
}

export function useConnectionStore(): ConnectionStore {
  return useContext(ConnectionContext);
}

export function useConnection(): Connection {
  const store = useConnectionStore();
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
