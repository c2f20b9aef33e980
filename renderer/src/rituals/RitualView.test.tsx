// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PlaybackStatus } from '../../../contract';
import { Ritual, RitualRequest } from '../../../contract/rituals';
import { NowPlayingBar } from '../playback/NowPlayingBar';
import { IDLE } from '../playback/usePlayback';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { RitualView } from './RitualView';

beforeAll(installDomShims);
afterEach(cleanup);

const ritual = Ritual.parse({
  id: 'r1',
  title: 'Calm before sleep',
  request: RitualRequest.parse({ intention: 'Calm before sleep', minutes: 5 }),
  script: {
    title: 'Calm before sleep',
    sections: [
      { kind: 'opening', text: 'Welcome.', pauseAfterSec: 5 },
      { kind: 'breathing', text: 'Breathe in, and breathe out.', pauseAfterSec: 20 },
      { kind: 'closing', text: 'Rest now.', pauseAfterSec: 4 },
    ],
  },
  status: 'ready',
  error: null,
  segments: { done: 3, total: 3 },
  speech: null,
  durationSec: 300,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

const playing = (spoken: PlaybackStatus['spoken'], over: Partial<PlaybackStatus> = {}): PlaybackStatus => ({
  ...IDLE,
  state: 'playing',
  sessionId: 'r1',
  sessionName: ritual.title,
  durationSec: 300,
  elapsedSec: 10,
  spoken,
  ...over,
});

const current = () => screen.getAllByTestId('ritual-section').map((li) => li.getAttribute('aria-current'));

describe('ritual view while it plays', () => {
  it('highlights the spoken section (aria-current), keeps it through the silence after, and scrolls it into view gently', async () => {
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    const fake = fakeClient({ 'rituals.get': () => ritual, 'playback.status': () => IDLE, 'providers.status': () => [], 'presets.list': () => [] });
    renderWithClient(
      <>
        <RitualView id="r1" />
        <NowPlayingBar selected={null} />
      </>,
      fake.client,
    );
    await screen.findAllByTestId('ritual-section');
    await waitFor(() => expect(fake.callsTo('playback.status')).toHaveLength(1));
    expect(current()).toEqual([null, null, null]);

    act(() => fake.emit('playback.status', playing({ item: 1, group: 1 })));
    await waitFor(() => expect(current()).toEqual([null, 'true', null]));
    expect(screen.getByTestId('ritual-speaking').closest('li')).toBe(screen.getAllByTestId('ritual-section')[1]);
    expect(scrolled).toHaveBeenLastCalledWith(expect.objectContaining({ block: 'nearest' }));
    expect(scrolled.mock.contexts.at(-1)).toBe(screen.getAllByTestId('ritual-section')[1]);

    // The pause after the words: nothing spoken, the section stays lit.
    act(() => fake.emit('playback.status', playing(null, { elapsedSec: 20 })));
    await waitFor(() => expect(screen.getByTestId('elapsed').textContent).toBe('0:20'));
    expect(current()).toEqual([null, 'true', null]);

    act(() => fake.emit('playback.status', playing({ item: 2, group: 2 }, { elapsedSec: 40 })));
    await waitFor(() => expect(current()).toEqual([null, null, 'true']));

    // Something else playing, or nothing: no highlight.
    act(() => fake.emit('playback.status', playing({ item: 0, group: 0 }, { sessionId: 'other' })));
    await waitFor(() => expect(current()).toEqual([null, null, null]));
    act(() => fake.emit('playback.status', playing({ item: 0, group: 0 })));
    await waitFor(() => expect(current()).toEqual(['true', null, null]));
    act(() => fake.emit('playback.status', IDLE));
    await waitFor(() => expect(current()).toEqual([null, null, null]));
  });
});
