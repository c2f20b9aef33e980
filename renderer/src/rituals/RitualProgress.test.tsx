// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { toast } from 'sonner';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Ritual, RitualRequest } from '../../../contract/rituals';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { progressFraction, useRitualEvents } from './useRituals';
import { RitualView } from './RitualView';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));

beforeAll(installDomShims);
afterEach(cleanup);

function stored(over: Partial<Ritual> = {}): Ritual {
  return Ritual.parse({
    id: 'r1',
    title: 'Calm before sleep',
    request: RitualRequest.parse({ intention: 'Calm before sleep', minutes: 1 }),
    script: null,
    status: 'writing',
    error: null,
    segments: { done: 0, total: 0 },
    speech: null,
    durationSec: 0,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...over,
  });
}

/** The page-level subscription plus one view, as the Rituals page mounts them. */
function Harness() {
  useRitualEvents();
  return <RitualView id="r1" />;
}

function setup() {
  let current = stored();
  const fake = fakeClient({
    'rituals.get': () => current,
    'rituals.cancel': () => ({ ok: true as const }),
    'rituals.resume': ({ id }) => ({ id }),
  });
  renderWithClient(<Harness />, fake.client);
  return { fake, store: (r: Ritual) => (current = r) };
}

const bar = () => screen.getByTestId('ritual-progress');
const pct = () => Number(bar().getAttribute('aria-valuenow'));
// The query cache notifies React on its next tick, so each push is awaited through waitFor.
const barAt = (value: number) => waitFor(() => expect(pct()).toBe(value));

describe('ritual progress', () => {
  it('moves the bar with ritual.progress events, and Cancel asks main to cancel', async () => {
    const { fake, store } = setup();
    await screen.findByTestId('ritual-progress');
    expect(pct()).toBe(0);
    expect(screen.getByTestId('ritual-stage').textContent).toBe('Writing the script…');

    act(() => fake.emit('ritual.progress', { id: 'r1', stage: 'voicing', done: 0, total: 4, message: 'Script written: 4 sections' }));
    await barAt(20);
    expect(screen.getByTestId('ritual-stage').textContent).toBe('Voicing segment 1 of 4');
    expect(screen.getByTestId('ritual-progress-message').textContent).toBe('Script written: 4 sections');

    act(() => fake.emit('ritual.progress', { id: 'r1', stage: 'voicing', done: 2, total: 4, message: 'Offline voice: segment 2 done' }));
    await barAt(60);
    // Another ritual's progress does not move this bar.
    act(() => fake.emit('ritual.progress', { id: 'other', stage: 'voicing', done: 4, total: 5, message: '' }));
    expect(pct()).toBe(60);

    fireEvent.click(screen.getByTestId('ritual-cancel'));
    await waitFor(() => expect(fake.callsTo('rituals.cancel')).toEqual([{ id: 'r1' }]));

    // Main reports the end; the view refetches the stored ritual and the bar goes away.
    store(stored({ status: 'cancelled', segments: { done: 2, total: 4 } }));
    act(() => fake.emit('ritual.progress', { id: 'r1', stage: 'cancelled', done: 2, total: 4, message: 'Cancelled' }));
    await waitFor(() => expect(screen.queryByTestId('ritual-progress')).toBeNull());
    expect(screen.getByTestId('ritual-status').textContent).toBe('cancelled');
  });

  it('enables Play once the first segment is voiced, and shows the script when ready', async () => {
    const { fake, store } = setup();
    await screen.findByTestId('ritual-progress');
    const play = () => screen.getByTestId('ritual-play') as HTMLButtonElement;
    expect(play().disabled).toBe(true);
    act(() => fake.emit('ritual.progress', { id: 'r1', stage: 'voicing', done: 1, total: 3, message: '' }));
    await waitFor(() => expect(play().disabled).toBe(false));

    store(
      stored({
        status: 'ready',
        segments: { done: 3, total: 3 },
        speech: { provider: 'offline', voice: 'en', model: 'espeak-ng' },
        durationSec: 60,
        script: { title: 'Calm before sleep', sections: [{ kind: 'opening', text: 'Settle in.', pauseAfterSec: 5 }] },
      }),
    );
    act(() => fake.emit('ritual.progress', { id: 'r1', stage: 'ready', done: 3, total: 3, message: 'Ready' }));
    await screen.findByTestId('ritual-section');
    expect(screen.queryByTestId('ritual-progress')).toBeNull();
    expect(screen.getByTestId('ritual-offline-voice').textContent).toMatch(/Offline voice/);
  });

  it('turns a failed job into a toast with main’s message, and an alert in the view', async () => {
    const { fake, store } = setup();
    await screen.findByTestId('ritual-progress');
    const message = 'ElevenLabs refused the key (401): check it in Settings → Providers, or move ElevenLabs down the speech order';
    store(stored({ status: 'failed', error: message }));
    act(() => fake.emit('ritual.progress', { id: 'r1', stage: 'failed', done: 0, total: 4, message }));
    expect(toast.error).toHaveBeenCalledWith(message, expect.objectContaining({ description: 'Ritual' }));
    expect((await screen.findByTestId('ritual-error')).textContent).toContain(message);
    expect(screen.queryByTestId('ritual-progress')).toBeNull();
  });

  it('offers Resume on a failed ritual and asks main to run it again', async () => {
    const { fake, store } = setup();
    await screen.findByTestId('ritual-progress');
    store(stored({ status: 'failed', error: 'Interrupted when Koru closed — press Resume to finish it.', segments: { done: 2, total: 4 } }));
    act(() => fake.emit('ritual.progress', { id: 'r1', stage: 'failed', done: 2, total: 4, message: 'Interrupted' }));
    fireEvent.click(await screen.findByTestId('ritual-resume'));
    await waitFor(() => expect(fake.callsTo('rituals.resume')).toEqual([{ id: 'r1' }]));
  });

  it('counts writing as the first step of the job', () => {
    expect(progressFraction('writing', 0, 0)).toBe(0);
    expect(progressFraction('voicing', 0, 4)).toBeCloseTo(0.2);
    expect(progressFraction('voicing', 4, 4)).toBe(1);
    expect(progressFraction('ready', 0, 0)).toBe(1);
  });
});
