import { onlineManager, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useConnectionStore, type Connection } from './connection';

/** Koru is local: "online" means our socket is up, not that this machine reaches the internet. */
const reachable = (state: Connection) => state === null || state === 'open';

/**
 * Ties react-query to the socket. While it is down, queries pause (keeping their last data, so a
 * library never looks empty as if it were gone) and mutations wait; once it is back they resume,
 * and everything shown is refetched, since events pushed meanwhile were missed.
 */
export function useConnectionSync(): void {
  const store = useConnectionStore();
  const queryClient = useQueryClient();
  useEffect(() => {
    let previous = store.get();
    onlineManager.setEventListener((setOnline) => {
      setOnline(reachable(store.get()));
      return store.subscribe(() => setOnline(reachable(store.get())));
    });
    const off = store.subscribe(() => {
      const state = store.get();
      if (state === 'open' && previous === 'reconnecting') void queryClient.invalidateQueries();
      previous = state;
    });
    return () => {
      off();
      // Back to "always online" rather than the browser's idea of the network.
      onlineManager.setEventListener((setOnline) => {
        setOnline(true);
        return () => {};
      });
    };
  }, [store, queryClient]);
}
