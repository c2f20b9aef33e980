// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PlaybackStatus } from '../../../contract';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { NowPlayingBar } from './NowPlayingBar';
import { IDLE } from './usePlayback';

beforeAll(installDomShims);
afterEach(cleanup);

const playing: PlaybackStatus = {
  ...IDLE,
  state: 'playing',
  sessionId: 's1',
  sessionName: 'Deep Calm',
  elapsedSec: 75,
  durationSec: 1200,
  volume: 0.5,
  output: 'default',
};

function setup() {
  let status: PlaybackStatus = IDLE;
  const fake = fakeClient({
    'playback.status': () => status,
    'playback.start': ({ id }) => (status = { ...playing, sessionId: id, elapsedSec: 0 }),
    'playback.pause': () => (status = { ...status, state: 'paused' }),
    'playback.resume': () => (status = { ...status, state: 'playing' }),
    'playback.stop': () => (status = IDLE),
  });
  renderWithClient(<NowPlayingBar selected={{ id: 's1', name: 'Deep Calm' }} />, fake.client);
  return fake;
}

describe('now-playing bar', () => {
  it('reflects a pushed status event', async () => {
    const fake = setup();
    await waitFor(() => expect(fake.callsTo('playback.status')).toHaveLength(1));
    expect(screen.getByTestId('playback-state').textContent).toBe('idle');
    expect(screen.getByTestId<HTMLButtonElement>('stop').disabled).toBe(true);

    // The query cache notifies on its own tick, hence waitFor rather than a bare expect.
    act(() => fake.emit('playback.status', playing));
    await waitFor(() => expect(screen.getByTestId('playback-state').textContent).toBe('playing'));
    expect(screen.getByTestId('elapsed').textContent).toBe('1:15');
    expect(screen.getByTestId('duration').textContent).toBe('20:00');
    expect(screen.getByTestId('now-playing-name').textContent).toBe('Deep Calm');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('75');
    expect(screen.queryByTestId('play')).toBeNull();
    expect(screen.getByTestId<HTMLButtonElement>('stop').disabled).toBe(false);

    act(() => fake.emit('playback.status', { ...playing, state: 'paused', elapsedSec: 3725, durationSec: 7200 }));
    await waitFor(() => expect(screen.getByTestId('playback-state').textContent).toBe('paused'));
    expect(screen.getByTestId('elapsed').textContent).toBe('1:02:05');
  });

  it('play, pause and stop call main and show its reply', async () => {
    const fake = setup();
    await waitFor(() => expect(screen.getByTestId<HTMLButtonElement>('play').disabled).toBe(false));
    fireEvent.click(screen.getByTestId('play'));
    await waitFor(() => expect(screen.getByTestId('playback-state').textContent).toBe('playing'));
    expect(fake.callsTo('playback.start')).toEqual([{ id: 's1' }]);

    fireEvent.click(screen.getByTestId('pause'));
    await waitFor(() => expect(screen.getByTestId('playback-state').textContent).toBe('paused'));

    fireEvent.click(screen.getByTestId('stop'));
    await waitFor(() => expect(screen.getByTestId('playback-state').textContent).toBe('idle'));
    expect(fake.calls.map((c) => c.channel)).toEqual(['playback.status', 'playback.start', 'playback.pause', 'playback.stop']);
  });

  it('Space toggles play/pause, except while typing', async () => {
    const fake = setup();
    await waitFor(() => expect(fake.callsTo('playback.status')).toHaveLength(1));
    act(() => fake.emit('playback.status', playing));
    await waitFor(() => expect(screen.getByTestId('playback-state').textContent).toBe('playing'));
    fireEvent.keyDown(document.body, { key: ' ', code: 'Space' });
    await waitFor(() => expect(fake.callsTo('playback.pause')).toHaveLength(1));

    const input = document.createElement('input');
    document.body.append(input);
    fireEvent.keyDown(input, { key: ' ', code: 'Space' });
    input.remove();
    await waitFor(() => expect(screen.getByTestId('playback-state').textContent).toBe('paused'));
    fireEvent.keyDown(document.body, { key: ' ', code: 'Space' });
    await waitFor(() => expect(fake.callsTo('playback.resume')).toHaveLength(1));
    expect(fake.callsTo('playback.pause')).toHaveLength(1);
  });
});
