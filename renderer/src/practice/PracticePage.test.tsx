// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CountResult, PRACTICE_DEFAULTS, PracticeSettings, practiceChannels, type Mantra, type PracticeStats } from '../../../contract/practice';
import { IDLE } from '../playback/usePlayback';
import { providerStatuses } from '../providers/testing';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { PracticePage } from './PracticePage';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const MANTRA: Mantra = { id: 'om-mani-padme-hum', text: 'Om mani padme hum', language: 'Sanskrit', tradition: 'Tibetan Buddhism', meaning: '', source: 'Kāraṇḍavyūha Sūtra', builtin: true };

/** A main in memory: counts move a mala of `roundSize` beads as the service does. */
function renderPage(opts: { roundSize?: number; guruPauseSec?: number; bead?: number } = {}) {
  const settings = PracticeSettings.parse({ ...PRACTICE_DEFAULTS, roundSize: opts.roundSize ?? 108, guruPauseSec: opts.guruPauseSec ?? 0 });
  let bead = opts.bead ?? 0;
  let count = 0;
  let rounds = 0;
  const stats = (): PracticeStats => ({
    mantraId: MANTRA.id,
    today: { day: '2026-12-02', count, rounds },
    dailyTarget: settings.dailyTarget,
    lifetime: { count, rounds, days: count > 0 ? 1 : 0 },
    bead,
    roundSize: settings.roundSize,
    streak: count > 0 ? 1 : 0,
    bestStreak: count > 0 ? 1 : 0,
    history: [{ day: '2026-12-02', count, rounds }],
    dedication: null,
  });
  const fake = fakeClient({
    'practice.mantras.list': () => [MANTRA],
    'practice.settings.get': () => settings,
    'practice.stats': () => stats(),
    'practice.count': (input) => {
      const { add } = practiceChannels['practice.count'].input.parse(input);
      count += add;
      const reached = bead + add;
      const done = Math.floor(reached / settings.roundSize);
      bead = reached % settings.roundSize;
      rounds += done;
      return CountResult.parse({ stats: stats(), roundsCompleted: done });
    },
    'practice.bell': () => ({ wav: 'UklGRg==', durationSec: 6 }),
    'practice.play': () => ({ ...IDLE, state: 'playing', sessionId: `practice-${MANTRA.id}` }),
    'practice.write': (input) => ({ text: `A ${(input as { kind: string }).kind} for you.`, writer: 'offline' }),
    'presets.list': () => [],
    'providers.status': () => providerStatuses(),
    'providers.voices': () => ({ voices: [], error: null }),
    'playback.status': () => IDLE,
  });
  renderWithClient(<PracticePage />, fake.client);
  return fake;
}

const space = (target: Element = document.body) => fireEvent.keyDown(target, { key: ' ', code: 'Space' });
const shownCount = () => screen.getByTestId('mala-count').textContent;

describe('Practice page', () => {
  it('counts one bead per space key press (not while typing, not on a held key)', async () => {
    const fake = renderPage();
    await screen.findByTestId('practice-mantra');
    await waitFor(() => expect(screen.getByTestId('practice-tap')).not.toHaveProperty('disabled', true));
    space();
    await waitFor(() => expect(shownCount()).toBe('1'));
    space();
    await waitFor(() => expect(shownCount()).toBe('2'));
    fireEvent.keyDown(document.body, { key: ' ', repeat: true });
    const search = screen.getByLabelText('Search mantras');
    space(search);
    expect(fake.callsTo('practice.count')).toEqual([
      { mantraId: MANTRA.id, add: 1 },
      { mantraId: MANTRA.id, add: 1 },
    ]);
    await waitFor(() => expect(screen.getByTestId('practice-today-count').textContent).toBe('2'));
  });

  it('completes a round: the bell is fetched to ring, the guru bead pauses counting, then it goes on', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const rang = vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    const fake = renderPage({ roundSize: 3, bead: 2, guruPauseSec: 5 });
    await screen.findByTestId('practice-mantra');
    await waitFor(() => expect(shownCount()).toBe('2'));
    fireEvent.click(screen.getByTestId('practice-tap'));
    await screen.findByText(/Round complete — 1 round today/);
    expect(fake.callsTo('practice.bell')).toHaveLength(1);
    await waitFor(() => expect(rang).toHaveBeenCalledTimes(1));
    expect(shownCount()).toBe('0');
    expect(screen.getByTestId('practice-tap')).toHaveProperty('disabled', true);
    space();
    expect(fake.callsTo('practice.count')).toHaveLength(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000);
    });
    expect(screen.getByTestId('practice-tap')).toHaveProperty('disabled', false);
    space();
    await waitFor(() => expect(shownCount()).toBe('1'));
    expect(fake.callsTo('practice.count')).toHaveLength(2);
  });

  it('ends a practice with a suggested dedication', async () => {
    const fake = renderPage();
    await screen.findByTestId('practice-mantra');
    fireEvent.click(await screen.findByTestId('practice-end'));
    fireEvent.click(screen.getByTestId('practice-suggest-dedication'));
    await waitFor(() => expect((screen.getByTestId('practice-dedication-text') as HTMLTextAreaElement).value).toBe('A dedication for you.'));
    expect(fake.callsTo('practice.write')[0]).toMatchObject({ mantraId: MANTRA.id, kind: 'dedication' });
  });

  it('starts the voiced prayer wheel through the player and offers Stop', async () => {
    const fake = renderPage();
    await screen.findByTestId('practice-mantra');
    fireEvent.mouseDown(screen.getByTestId('practice-tab-voiced'));
    fireEvent.click(await screen.findByTestId('practice-voiced-play'));
    await screen.findByTestId('practice-voiced-stop');
    expect(fake.callsTo('practice.play')).toEqual([{ mantraId: MANTRA.id }]);
    // A bell in the audio: main reports the round, the page says so.
    act(() => fake.emit('practice.updated', { mantraId: MANTRA.id, roundsCompleted: 1 }));
    expect(await screen.findByText(/A round complete/)).toBeTruthy();
    // Typing a bad count shows why and saves nothing.
    fireEvent.change(screen.getByTestId('practice-voiced-count'), { target: { value: '0' } });
    expect(await screen.findByText(/between 1 and 10,800/)).toBeTruthy();
  });

  it('refuses an empty mantra of your own before sending it', async () => {
    const fake = renderPage();
    await screen.findByTestId('practice-mantra');
    fireEvent.click(screen.getByTestId('mantra-new'));
    fireEvent.click(await screen.findByTestId('mantra-save'));
    expect((await screen.findByTestId('mantra-error')).textContent).toMatch(/cannot be empty/i);
    expect(fake.callsTo('practice.mantras.create')).toHaveLength(0);
  });
});
