import { useConnection } from './connection';

const TEXT = {
  open: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  refused: 'Link no longer valid',
  closed: 'Disconnected',
} as const;

const TITLE: Partial<Record<keyof typeof TEXT, string>> = {
  reconnecting: 'Lost the Koru server; reconnecting on its own. What you see is the last data it sent.',
  refused: 'Koru was given a new access token: open the new link printed by `koru web`.',
  closed: 'This page closed its connection; reload it.',
};

/**
 * Web mode's socket can drop (server restarted, laptop slept); the desktop app's IPC cannot, so
 * there the badge is absent. What happens to the data meanwhile is useConnectionSync's job.
 */
export function ConnectionBadge() {
  const state = useConnection();
  if (state === null) return null;
  return (
    <div className={`connection connection--${state}`} data-testid="connection" data-state={state} role="status" aria-live="polite" title={TITLE[state]}>
      {TEXT[state]}
    </div>
  );
}
