// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeClient, renderWithClient } from '../testing/fakeClient';
import { ConnectionBadge } from './ConnectionBadge';
import { createConnectionStore } from './connection';
import { useConnectionSync } from './connection-sync';
import { useKoruQuery } from './koru';

afterEach(cleanup);

function Version() {
  useConnectionSync();
  const info = useKoruQuery('app.info', {});
  return <span data-testid="version">{info.data?.version ?? (info.fetchStatus === 'paused' ? 'waiting' : '…')}</span>;
}

describe('connection badge and sync', () => {
  it('is absent without a socket (Electron) and follows the socket in web mode', async () => {
    let version = 1;
    const fake = fakeClient({ 'app.info': () => ({ version: `0.${version}`, mode: 'web', dataDir: '/d' }) });
    const store = createConnectionStore(null);
    renderWithClient(
      <>
        <ConnectionBadge />
        <Version />
      </>,
      fake.client,
      store,
    );
    expect(screen.queryByTestId('connection')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('version').textContent).toBe('0.1'));

    act(() => store.set('open'));
    expect(screen.getByTestId('connection').getAttribute('data-state')).toBe('open');

    // Lost: the badge says so and the last data stays on screen, nothing is refetched meanwhile.
    act(() => store.set('reconnecting'));
    expect(screen.getByTestId('connection').textContent).toBe('Reconnecting…');
    expect(screen.getByTestId('version').textContent).toBe('0.1');

    // Back: everything shown is refetched, since events sent meanwhile were missed.
    version = 2;
    act(() => store.set('open'));
    await waitFor(() => expect(screen.getByTestId('version').textContent).toBe('0.2'));
    expect(fake.callsTo('app.info')).toHaveLength(2);

    act(() => store.set('refused'));
    expect(screen.getByTestId('connection').textContent).toBe('Link no longer valid');
  });

  it('holds queries while the socket is down and runs them once it is up', async () => {
    const fake = fakeClient({ 'app.info': () => ({ version: '0.9', mode: 'web', dataDir: '/d' }) });
    const store = createConnectionStore('reconnecting');
    renderWithClient(<Version />, fake.client, store);
    await waitFor(() => expect(screen.getByTestId('version').textContent).toBe('waiting'));
    expect(fake.callsTo('app.info')).toHaveLength(0);
    act(() => store.set('open'));
    await waitFor(() => expect(screen.getByTestId('version').textContent).toBe('0.9'));
  });
});
