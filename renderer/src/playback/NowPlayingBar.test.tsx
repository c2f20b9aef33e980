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
    'playback.seek': ({ sec }) => (status = { ...playing, elapsedSec: sec }),
    'playback.sleepTimer': ({ minutes }) => (status = { ...status, sleepAtSec: minutes === null ? null : status.elapsedSec + minutes * 60 }),
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
    const position = screen.getByRole('slider', { name: 'Position' });
    expect(position.getAttribute('aria-valuenow')).toBe('75');
    expect(position.getAttribute('aria-valuetext')).toBe('1:15 of 20:00');
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

  it('the position slider seeks: arrows move the playhead and main is told where', async () => {
    const fake = setup();
    await waitFor(() => expect(fake.callsTo('playback.status')).toHaveLength(1));
    expect(screen.getByTestId('seek').hasAttribute('data-disabled')).toBe(true); // nothing to seek in
    act(() => fake.emit('playback.status', playing));
    const position = await screen.findByRole('slider', { name: 'Position' });
    await waitFor(() => expect(position.getAttribute('aria-valuenow')).toBe('75'));
    fireEvent.keyDown(position, { key: 'ArrowRight' });
    await waitFor(() => expect(fake.callsTo('playback.seek')).toEqual([{ sec: 80 }]));
    await waitFor(() => expect(screen.getByTestId('elapsed').textContent).toBe('1:20'));
    expect(position.getAttribute('aria-valuetext')).toBe('1:20 of 20:00');
    fireEvent.keyDown(position, { key: 'PageDown' });
    await waitFor(() => expect(fake.callsTo('playback.seek').at(-1)).toEqual({ sec: 30 }));
  });

  it('the sleep timer takes any number of minutes within the contract’s bounds', async () => {
    const fake = setup();
    act(() => fake.emit('playback.status', playing));
    await waitFor(() => expect(screen.getByTestId('playback-state').textContent).toBe('playing'));
    const trigger = screen.getByTestId('sleep-timer');
    fireEvent.click(trigger);
    const minutes = await screen.findByTestId<HTMLInputElement>('sleep-minutes');
    fireEvent.change(minutes, { target: { value: '5000' } });
    fireEvent.click(screen.getByTestId('sleep-set'));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'Choose between 0.1 and 1440 minutes.');
    expect(fake.callsTo('playback.sleepTimer')).toEqual([]);
    fireEvent.change(minutes, { target: { value: '7' } });
    fireEvent.submit(minutes.closest('form')!);
    await waitFor(() => expect(fake.callsTo('playback.sleepTimer')).toEqual([{ minutes: 7 }]));
    // 7 minutes after 1:15 of play: the trigger counts down from 7:00, and the popover closed.
    await waitFor(() => expect(screen.getByTestId('sleep-left').textContent).toBe('7:00'));
    await waitFor(() => expect(screen.queryByTestId('sleep-popover')).toBeNull());
    fireEvent.click(trigger);
    fireEvent.click(await screen.findByTestId('sleep-off'));
    await waitFor(() => expect(fake.callsTo('playback.sleepTimer').at(-1)).toEqual({ minutes: null }));
    await waitFor(() => expect(screen.getByTestId('sleep-left').textContent).toBe('Sleep'));
  });

  it('says an armed timer starts with Play, and Play does not clear it', async () => {
    const fake = setup();
    await waitFor(() => expect(fake.callsTo('playback.status')).toHaveLength(1));
    act(() => fake.emit('playback.status', { ...IDLE, sleepAtSec: 1200 }));
    await waitFor(() => expect(screen.getByTestId('sleep-left').textContent).toBe('20:00'));
    fireEvent.click(screen.getByTestId('sleep-timer'));
    expect((await screen.findByTestId('sleep-popover')).textContent).toContain('it starts counting when you press Play');
    fireEvent.keyDown(screen.getByTestId('sleep-popover'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('sleep-popover')).toBeNull());
    fireEvent.click(screen.getByTestId('play'));
    await waitFor(() => expect(screen.getByTestId('playback-state').textContent).toBe('playing'));
    expect(fake.calls.map((c) => c.channel)).toEqual(['playback.status', 'playback.start']);
  });
});
