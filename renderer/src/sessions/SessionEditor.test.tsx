// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Toaster } from 'sonner';
import { SessionDraft, type PlaybackStatus, type Session } from '../../../contract';
import { VISIBLE_TOASTS } from '../app/toasts';
import { NowPlayingBar } from '../playback/NowPlayingBar';
import { IDLE } from '../playback/usePlayback';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { blankDraft, toForm } from './draft';
import { SessionEditor } from './SessionEditor';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  localStorage.clear(); // unsaved edits are kept there
});

function renderNew(onSaved = vi.fn()) {
  const fake = fakeClient({
    'sessions.create': (draft) => {
      const d = SessionDraft.parse(draft);
      return { ...d, id: 'abc123', createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z' } satisfies Session;
    },
  });
  renderWithClient(<SessionEditor sessionId={null} initial={blankDraft()} onSaved={onSaved} onDeleted={() => undefined} />, fake.client);
  return fake;
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('voice editor', () => {
  it('shows exactly the fields of each voice kind', () => {
    renderNew();
    // The blank draft starts with a binaural voice: carrier, beat, amplitude.
    expect(screen.getByTestId('set-0-voice-0-carrier')).toBeTruthy();
    expect(screen.getByTestId('set-0-voice-0-beat')).toBeTruthy();
    expect(screen.queryByTestId('set-0-voice-0-freq')).toBeNull();

    type('set-0-voice-0-kind', 'bowl');
    for (const f of ['freq', 'amp', 'strikeEvery', 'decay']) expect(screen.getByTestId(`set-0-voice-0-${f}`)).toBeTruthy();
    expect(screen.queryByTestId('set-0-voice-0-carrier')).toBeNull();
    // The pitch carries over from the carrier it replaced.
    expect((screen.getByTestId('set-0-voice-0-freq') as HTMLInputElement).value).toBe('200');

    type('set-0-voice-0-kind', 'isochronic');
    expect(screen.getByTestId('set-0-voice-0-pulse')).toBeTruthy();
    expect(screen.queryByTestId('set-0-voice-0-strikeEvery')).toBeNull();

    type('set-0-voice-0-kind', 'noise');
    expect((screen.getByTestId('set-0-voice-0-color') as HTMLSelectElement).value).toBe('pink');
    expect(screen.queryByTestId('set-0-voice-0-carrier')).toBeNull();

    type('set-0-voice-0-kind', 'sine');
    expect(screen.getByTestId('set-0-voice-0-pan')).toBeTruthy();

    type('set-0-voice-0-kind', 'spin');
    for (const f of ['color', 'width', 'rate', 'amp', 'slot']) expect(screen.getByTestId(`set-0-voice-0-${f}`)).toBeTruthy();

    type('set-0-voice-0-kind', 'wave');
    type('set-0-voice-0-shape', '0 3, 5 3 0');
    expect(screen.getByTestId('set-0-voice-0-carrier')).toBeTruthy();

    // An input-audio voice asks for the file it mixes in.
    type('set-0-voice-0-kind', 'mix');
    expect(screen.getByTestId('mix-input').textContent).toMatch(/No file attached/);
  });

  it('moves a voice to another SBaGen slot', () => {
    renderNew();
    expect((screen.getByTestId('set-0-voice-0-slot') as HTMLInputElement).value).toBe('1');
    type('set-0-voice-0-slot', '3');
    expect((screen.getByTestId('set-0-voice-0-slot') as HTMLInputElement).value).toBe('3');
  });

  it('shows the schema’s errors inline, next to the field, before saving', () => {
    const fake = renderNew();
    type('set-0-voice-0-carrier', '30000');
    const carrier = screen.getByTestId('set-0-voice-0-carrier');
    expect(carrier.getAttribute('aria-invalid')).toBe('true');
    const errorId = carrier.getAttribute('aria-describedby');
    expect(errorId && document.getElementById(errorId)?.textContent).toBe('must be at most 20000');

    type('set-0-voice-0-amp', 'loud');
    const amp = screen.getByTestId('set-0-voice-0-amp');
    expect(document.getElementById(amp.getAttribute('aria-describedby') ?? '')?.textContent).toBe('enter a number');
    expect(within(screen.getByTestId('problems')).getByText(/2 problems/)).toBeTruthy();

    // Saving an invalid draft never reaches main.
    fireEvent.click(screen.getByTestId('save-session'));
    expect(fake.callsTo('sessions.create')).toHaveLength(0);

    type('set-0-voice-0-carrier', '432');
    type('set-0-voice-0-amp', '0.4');
    expect(screen.getByTestId('set-0-voice-0-carrier').getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByTestId('problems')).toBeNull();
  });

  it('adds and removes voices', () => {
    renderNew();
    fireEvent.click(screen.getByTestId('set-0-add-voice'));
    expect(screen.getAllByTestId('voice')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Remove voice 1' }));
    const voices = screen.getAllByTestId('voice');
    expect(voices).toHaveLength(1);
    expect(voices[0]?.getAttribute('data-kind')).toBe('sine');
  });
});

describe('saving', () => {
  it('sends a draft the contract accepts to sessions.create', async () => {
    const onSaved = vi.fn();
    const fake = renderNew(onSaved);
    type('session-name', '  Evening calm ');
    type('session-tags', 'sleep, calm,');
    type('session-duration', '30');
    type('set-0-voice-0-beat', '6.5');
    fireEvent.click(screen.getByTestId('add-row'));
    fireEvent.click(screen.getByTestId('save-session'));

    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    const sent = fake.callsTo('sessions.create');
    expect(sent).toHaveLength(1);
    const draft = SessionDraft.parse(sent[0]);
    expect(draft.name).toBe('Evening calm');
    expect(draft.tags).toEqual(['sleep', 'calm']);
    expect(draft.durationSec).toBe(1800);
    expect(draft.program.sets[0]?.voices[0]).toMatchObject({ kind: 'binaural', carrier: 200, beat: 6.5 });
    expect(draft.program.timeline.map((e) => e.at)).toEqual([0, 60]);
    expect(onSaved.mock.calls[0]?.[0]).toMatchObject({ id: 'abc123', name: 'Evening calm' });
  });

  it('renaming a tone-set carries the timeline with it', async () => {
    const fake = renderNew();
    type('set-0-name', 'alpha');
    expect((screen.getByTestId('row-0-set') as HTMLSelectElement).value).toBe('alpha');
    fireEvent.click(screen.getByTestId('save-session'));
    await waitFor(() => expect(fake.callsTo('sessions.create')).toHaveLength(1));
    expect(SessionDraft.parse(fake.callsTo('sessions.create')[0]).program.timeline[0]?.set).toBe('alpha');
  });
});

describe('unsaved edits of a stored session', () => {
  const stored: Session = { ...SessionDraft.parse({ ...blankDraft(), name: 'Morning' }), id: 's1', createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z' };
  const renderStored = (session: Session = stored) =>
    renderWithClient(
      <SessionEditor sessionId={session.id} initial={toForm(session)} onSaved={() => undefined} onDeleted={() => undefined} />,
      fakeClient({ 'sessions.update': ({ draft }) => ({ ...stored, ...SessionDraft.parse(draft) }) }).client,
    );
  const value = (testId: string) => (screen.getByTestId(testId) as HTMLInputElement).value;

  it('come back after the editor is closed (another page, a reload, a crash), even unreadable numbers', () => {
    renderStored();
    type('session-name', 'Morning, longer');
    type('set-0-voice-0-beat', 'fast'); // NaN in the draft
    cleanup();

    renderStored();
    expect(value('session-name')).toBe('Morning, longer');
    expect(screen.getByTestId('set-0-voice-0-beat').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('save-state').textContent).toBe('Unsaved changes');

    // Revert goes back to what is stored, and nothing is restored next time.
    fireEvent.click(screen.getByTestId('revert-session'));
    expect(value('session-name')).toBe('Morning');
    expect(screen.getByTestId('save-state').textContent).toBe('Saved');
    cleanup();
    renderStored();
    expect(value('session-name')).toBe('Morning');
  });

  it('are dropped once saved, and never laid over a session that changed since', async () => {
    renderStored();
    type('session-name', 'Morning, edited');
    cleanup();
    // The stored session changed meanwhile (an import, another window): its own text wins.
    renderStored({ ...stored, name: 'Morning (renamed elsewhere)' });
    expect(value('session-name')).toBe('Morning (renamed elsewhere)');
    cleanup();

    renderStored();
    type('session-name', 'Morning, saved');
    fireEvent.click(screen.getByTestId('save-session'));
    await waitFor(() => expect(screen.getByTestId('save-state').textContent).toBe('Saved'));
    expect(localStorage.length).toBe(0);
  });

  it('saving the session that plays says it applies to what is playing, in one toast however often', async () => {
    const playingStatus: PlaybackStatus = { ...IDLE, state: 'playing', sessionId: 's1', sessionName: 'Morning', durationSec: 600, elapsedSec: 30 };
    const fake = fakeClient({ 'sessions.update': ({ draft }) => ({ ...stored, ...SessionDraft.parse(draft) }), 'playback.status': () => playingStatus });
    renderWithClient(
      <>
        <SessionEditor sessionId="s1" initial={toForm(stored)} onSaved={() => undefined} onDeleted={() => undefined} />
        <NowPlayingBar selected={null} />
        <Toaster visibleToasts={VISIBLE_TOASTS} />
      </>,
      fake.client,
    );
    await waitFor(() => expect(screen.getByTestId('playback-state').textContent).toBe('playing'));
    for (const name of ['Morning, edited', 'Morning, edited again']) {
      type('session-name', name);
      fireEvent.click(screen.getByTestId('save-session'));
      await waitFor(() => expect(fake.callsTo('sessions.update').at(-1)).toMatchObject({ draft: { name } }));
    }
    await waitFor(() => expect(screen.getByText('Saved “Morning, edited again”')).toBeTruthy());
    expect(screen.getAllByText('Applied to what is playing now, from where it is.')).toHaveLength(1);
    expect(screen.queryByText('Saved “Morning, edited”')).toBeNull(); // folded into the newer one
  });
});


describe('timeline editor', () => {
  it('flags rows that start after the session ends, and draws the program graph', () => {
    renderNew();
    fireEvent.click(screen.getByTestId('add-row'));
    // The new row starts a minute later; shorten the session so it falls past the end.
    type('row-1-at', '30:00');
    const rows = screen.getAllByTestId('timeline-row');
    expect(rows[1]!.getAttribute('data-past-end')).toBe('true');
    expect(screen.getByTestId('row-1-past-end').textContent).toMatch(/after the end \(20:00\)/);
    expect(rows[0]!.getAttribute('data-past-end')).toBeNull();
    const graph = screen.getByTestId('program-graph');
    expect(graph.querySelector('svg')!.getAttribute('role')).toBe('img');
    expect(graph.textContent).toMatch(/Slot 1 · binaural/);
    expect(graph.querySelectorAll('path.program-graph__line').length).toBeGreaterThan(0);
  });
});

describe('.sbg export', () => {
  it('asks main for the schedule text and hands it to the browser as a file', async () => {
    const session = { ...blankDraft(), id: 'abc123', createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z' } satisfies Session;
    const fake = fakeClient({ 'sessions.exportSbg': () => ({ fileName: 'New-session.sbg', text: '-S\nmain: 200+10/30\n00:00:00 main\n', warnings: [] }) });
    const made = vi.fn((_b: Blob) => 'blob:sbg');
    const clicked = vi.fn();
    Object.assign(URL, { createObjectURL: made, revokeObjectURL: () => undefined });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked(this.download, this.href);
    });
    renderWithClient(<SessionEditor sessionId="abc123" initial={toForm(session)} onSaved={() => undefined} onDeleted={() => undefined} />, fake.client);
    fireEvent.click(screen.getByTestId('export-sbg'));
    await waitFor(() => expect(clicked).toHaveBeenCalledWith('New-session.sbg', 'blob:sbg'));
    expect(made.mock.calls[0]![0].size).toBe('-S\nmain: 200+10/30\n00:00:00 main\n'.length);
    click.mockRestore();
  });
});
