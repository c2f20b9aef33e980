// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Ritual, RITUAL_PAGE, RitualRequest, type RitualSummary } from '../../../contract/rituals';
import { IDLE } from '../playback/usePlayback';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { RitualList } from './RitualList';

beforeAll(installDomShims);
afterEach(cleanup);

const summary = (id: string, title: string, intention: string): RitualSummary => ({
  id,
  title,
  intention,
  minutes: 10,
  status: 'ready',
  durationSec: 600,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

function setup(initial = [summary('a', 'Evening calm', 'sleep well'), summary('b', 'Morning focus', 'start clear')]) {
  let rows = initial;
  const fake = fakeClient({
    'playback.status': () => IDLE,
    // Main searches title, intention and script; here the intention stands in for all three.
    'rituals.list': ({ query, limit = RITUAL_PAGE } = {}) =>
      rows.filter((r) => !query || `${r.title} ${r.intention}`.toLowerCase().includes(query.toLowerCase())).slice(0, limit),
    'rituals.rename': ({ id, title }) => {
      rows = rows.map((r) => (r.id === id ? { ...r, title } : r));
      return Ritual.parse({
        ...rows.find((r) => r.id === id),
        request: RitualRequest.parse({ intention: 'sleep well', minutes: 10 }),
        script: null,
        error: null,
        segments: { done: 0, total: 0 },
        speech: null,
      });
    },
    'rituals.delete': ({ id }) => {
      rows = rows.filter((r) => r.id !== id);
      return { ok: true as const };
    },
  });
  const onDeleted = vi.fn();
  renderWithClient(<RitualList selectedId="a" onSelect={() => undefined} onDeleted={onDeleted} />, fake.client);
  return { fake, onDeleted };
}

const titles = () => screen.queryAllByTestId('ritual-row-title').map((e) => e.textContent);

describe('ritual library', () => {
  it('searches as you type, asking main once typing pauses', async () => {
    const { fake } = setup();
    await waitFor(() => expect(titles()).toEqual(['Evening calm', 'Morning focus']));
    fireEvent.change(screen.getByTestId('ritual-search'), { target: { value: 'cle' } });
    fireEvent.change(screen.getByTestId('ritual-search'), { target: { value: 'clear' } });
    await waitFor(() => expect(titles()).toEqual(['Morning focus']));
    expect(fake.callsTo('rituals.list')).toEqual([{ limit: RITUAL_PAGE }, { query: 'clear', limit: RITUAL_PAGE }]);
    expect(screen.queryByTestId('ritual-more')).toBeNull();
  });

  it('lists a large library a page at a time, with Show more for the next page', async () => {
    const many = Array.from({ length: RITUAL_PAGE + 30 }, (_, i) => summary(`r${i}`, `Ritual ${i}`, 'breathe'));
    const { fake } = setup(many);
    await waitFor(() => expect(titles()).toHaveLength(RITUAL_PAGE));
    fireEvent.click(screen.getByTestId('ritual-more'));
    await waitFor(() => expect(titles()).toHaveLength(RITUAL_PAGE + 30));
    expect(fake.callsTo('rituals.list').at(-1)).toEqual({ limit: 2 * RITUAL_PAGE });
    expect(screen.queryByTestId('ritual-more')).toBeNull();
  });

  it('renames in place with Enter, and Escape leaves the title alone', async () => {
    const { fake } = setup();
    await waitFor(() => expect(titles()).toHaveLength(2));
    const row = screen.getAllByTestId('ritual-row')[0]!;
    fireEvent.click(within(row).getByTestId('ritual-rename'));
    fireEvent.keyDown(screen.getByTestId('ritual-rename-input'), { key: 'Escape' });
    expect(screen.queryByTestId('ritual-rename-input')).toBeNull();

    fireEvent.click(within(row).getByTestId('ritual-rename'));
    const input = screen.getByTestId('ritual-rename-input') as HTMLInputElement;
    expect(input.value).toBe('Evening calm');
    fireEvent.change(input, { target: { value: '  Night calm ' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(titles()).toEqual(['Night calm', 'Morning focus']));
    expect(fake.callsTo('rituals.rename')).toEqual([{ id: 'a', title: 'Night calm' }]);
  });

  it('deletes only after the confirmation', async () => {
    const { fake, onDeleted } = setup();
    await waitFor(() => expect(titles()).toHaveLength(2));
    fireEvent.click(within(screen.getAllByTestId('ritual-row')[1]!).getByTestId('ritual-delete'));
    expect(fake.callsTo('rituals.delete')).toHaveLength(0);
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('Morning focus');
    fireEvent.click(screen.getByTestId('confirm'));
    await waitFor(() => expect(titles()).toEqual(['Evening calm']));
    expect(fake.callsTo('rituals.delete')).toEqual([{ id: 'b' }]);
    expect(onDeleted).toHaveBeenCalledWith('b');
  });
});
