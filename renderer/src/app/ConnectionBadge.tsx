import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useConnection } from './connection';

const TEXT = {
  open: 'Connected',
  connecting: 'Connecting…',
  closed: 'Disconnected',
} as const;

/**
 * Web mode's socket can drop (server restarted, laptop slept); the desktop app's IPC cannot, so
 * there the badge is absent. After a reconnect every query is refetched: pushed events sent while
 * we were away are gone, and the cache may be stale.
 */
export function ConnectionBadge() {
  const state = useConnection();
  const queryClient = useQueryClient();
  const prev = useRef(state);
  useEffect(() => {
    if (prev.current === 'closed' && state === 'open') void queryClient.invalidateQueries();
    prev.current = state;
  }, [state, queryClient]);

  if (state === null) return null;
  return (
    <div
      className={`connection connection--${state}`}
      data-testid="connection"
      data-state={state}
      role="status"
      aria-live="polite"
      title={state === 'closed' ? 'Lost the Koru server — retrying on its own' : undefined}
    >
      {TEXT[state]}
    </div>
  );
}
