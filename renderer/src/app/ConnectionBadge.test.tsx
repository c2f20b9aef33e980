// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeClient, renderWithClient } from '../testing/fakeClient';
import { ConnectionBadge } from './ConnectionBadge';
import { createConnectionStore } from './connection';
import { useKoruQuery } from './koru';

afterEach(cleanup);

function Version() {
  const info = useKoruQuery('app.info', {});
  return <span data-testid="version">{info.data?.version ?? '…'}</span>;
}

describe('connection badge', () => {
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

    act(() => store.set('connecting'));
    expect(screen.getByTestId('connection').textContent).toBe('Connecting…');
    act(() => store.set('open'));
    expect(screen.getByTestId('connection').getAttribute('data-state')).toBe('open');
    await waitFor(() => expect(screen.getByTestId('version').textContent).toBe('0.1'));

    // Events pushed while the socket was down are lost: a reconnect refetches what is shown.
    act(() => store.set('closed'));
    expect(screen.getByTestId('connection').textContent).toMatch(/Disconnected/);
    version = 2;
    act(() => store.set('open'));
    await waitFor(() => expect(screen.getByTestId('version').textContent).toBe('0.2'));
    expect(fake.callsTo('app.info')).toHaveLength(2);
  });
});
