// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlaybackStatus } from '../../../contract';
import { IDLE } from '../playback/usePlayback';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { VisualsButton } from './VisualsButton';
import { CONTROLS_IDLE_MS } from './VisualsOverlay';

beforeAll(() => {
  installDomShims();
  // jsdom draws nothing: a canvas without a context keeps the component to its DOM.
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
});
let reduced = false;
beforeEach(() => {
  reduced = false;
  localStorage.clear();
  window.matchMedia = ((query: string) => ({ matches: query.includes('reduce') && reduced, addEventListener: () => undefined, removeEventListener: () => undefined })) as never;
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const playing: PlaybackStatus = { ...IDLE, state: 'playing', sessionId: 's1', sessionName: 'Alpha', durationSec: 600, output: 'default' };

function setup(status: PlaybackStatus = playing) {
  let current = status;
  const fake = fakeClient({
    'playback.status': () => current,
    'playback.pause': () => (current = { ...current, state: 'paused' }),
    'playback.resume': () => (current = { ...current, state: 'playing' }),
    'playback.stop': () => (current = IDLE),
  });
  renderWithClient(<VisualsButton />, fake.client);
  return fake;
}

describe('visuals overlay', () => {
  it('opens from the dock button, picks a pattern by its label and remembers it', async () => {
    setup();
    expect(screen.queryByTestId('visuals')).toBeNull();
    fireEvent.click(screen.getByTestId('visuals-open'));
    const flower = screen.getByLabelText<HTMLInputElement>('Flower of Life');
    expect(flower.checked).toBe(true);
    const yantra = screen.getByRole<HTMLInputElement>('radio', { name: 'Sri Yantra' });
    fireEvent.click(yantra);
    expect(yantra.checked).toBe(true);
    expect(screen.getAllByRole('radio')).toHaveLength(4);
    fireEvent.click(screen.getByTestId('visuals-close'));
    expect(screen.queryByTestId('visuals')).toBeNull();
    fireEvent.click(screen.getByTestId('visuals-open'));
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Sri Yantra' }).checked).toBe(true);
  });

  it('starts calm when the system asks for reduced motion, and lets the user choose', () => {
    reduced = true;
    setup();
    fireEvent.click(screen.getByTestId('visuals-open'));
    const calm = screen.getByTestId<HTMLInputElement>('visuals-calm');
    expect(calm.checked).toBe(true);
    fireEvent.click(calm);
    expect(calm.checked).toBe(false);
  });

  it('is not calm by default otherwise', () => {
    setup();
    fireEvent.click(screen.getByTestId('visuals-open'));
    expect(screen.getByTestId<HTMLInputElement>('visuals-calm').checked).toBe(false);
  });

  it('hides the controls while the mouse rests and shows them when it moves or a key is pressed', () => {
    vi.useFakeTimers();
    setup();
    fireEvent.click(screen.getByTestId('visuals-open'));
    const root = screen.getByTestId('visuals');
    expect(root.dataset.controls).toBe('shown');
    act(() => void vi.advanceTimersByTime(CONTROLS_IDLE_MS - 100));
    expect(root.dataset.controls).toBe('shown');
    act(() => void vi.advanceTimersByTime(200));
    expect(root.dataset.controls).toBe('hidden');
    fireEvent.pointerMove(root);
    expect(root.dataset.controls).toBe('shown');
    act(() => void vi.advanceTimersByTime(CONTROLS_IDLE_MS + 1));
    expect(root.dataset.controls).toBe('hidden');
    fireEvent.keyDown(root, { key: 'Tab' });
    expect(root.dataset.controls).toBe('shown');
  });

  it('pauses, resumes and stops the player; Space toggles; Esc closes', async () => {
    const fake = setup();
    fireEvent.click(screen.getByTestId('visuals-open'));
    await waitFor(() => expect(screen.getByTestId('visuals-toggle').getAttribute('aria-label')).toBe('Pause'));
    fireEvent.click(screen.getByTestId('visuals-toggle'));
    await waitFor(() => expect(fake.callsTo('playback.pause')).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('visuals-toggle').getAttribute('aria-label')).toBe('Resume'));
    fireEvent.keyDown(screen.getByTestId('visuals'), { key: ' ' });
    await waitFor(() => expect(fake.callsTo('playback.resume')).toHaveLength(1));
    fireEvent.click(screen.getByTestId('visuals-stop'));
    await waitFor(() => expect(fake.callsTo('playback.stop')).toHaveLength(1));
    await screen.findByTestId('visuals-hint');
    fireEvent.keyDown(screen.getByTestId('visuals'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('visuals')).toBeNull());
  });

  it('describes what the picture shows from the live spectrum, in words', async () => {
    const fake = setup();
    fireEvent.click(screen.getByTestId('visuals-open'));
    expect(screen.getByTestId('visuals-summary').textContent).toBe('At rest: nothing is playing.');
    act(() =>
      fake.emit('playback.spectrum', {
        sampleRate: 48000,
        bands: [Array(64).fill(-30), Array(64).fill(-30)],
        peaks: [],
        active: [
          { label: 'binaural L', freq: 205, role: 'tone' },
          { label: 'binaural R', freq: 195, role: 'tone' },
          { label: 'binaural beat', freq: 10, role: 'beat' },
        ],
        atSec: 1,
      }),
    );
    await waitFor(() => expect(screen.getByTestId('visuals-summary').textContent).toBe('Pulse 0.63 Hz from a 10.0 Hz beat; rings at 199.9 Hz.'));
  });
});
