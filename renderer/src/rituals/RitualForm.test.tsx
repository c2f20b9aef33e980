// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_MINUTES, MIN_MINUTES, RitualRequest } from '../../../contract/rituals';
import { providerStatuses } from '../providers/testing';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { validateRitualForm, blankRitualForm, loadRitualDraft } from './form';
import { RitualForm } from './RitualForm';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  localStorage.clear(); // the form keeps its draft there
});

const offlineOnly = providerStatuses();

function renderForm(statuses = offlineOnly) {
  const fake = fakeClient({
    'presets.list': () => [],
    'providers.status': () => statuses,
    'providers.voices': () => ({ voices: [], error: null }),
    'rituals.generate': (input) => {
      RitualRequest.parse(input); // main would refuse anything the contract refuses
      return { id: 'r1' };
    },
  });
  const onStarted = vi.fn();
  renderWithClient(<RitualForm onStarted={onStarted} />, fake.client);
  return { fake, onStarted };
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const errorOf = (testId: string) => document.getElementById(screen.getByTestId(testId).getAttribute('aria-describedby') ?? '')?.textContent;

describe('ritual request form', () => {
  it('shows the allowed range, and the range error next to minutes, and sends nothing invalid', async () => {
    const { fake } = renderForm();
    // The range is visible before anything goes wrong.
    expect(errorOf('ritual-minutes')).toBe(`${MIN_MINUTES}–${MAX_MINUTES} minutes`);

    type('ritual-intention', 'I want to reduce stress before sleep');
    type('ritual-minutes', '200');
    const minutes = screen.getByTestId('ritual-minutes');
    expect(minutes.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf('ritual-minutes')).toBe(`minutes must be between ${MIN_MINUTES} and ${MAX_MINUTES}`);

    fireEvent.click(screen.getByTestId('ritual-generate'));
    await screen.findByText('Fix the highlighted fields first.');
    expect(fake.callsTo('rituals.generate')).toHaveLength(0);

    type('ritual-minutes', '0.5');
    expect(errorOf('ritual-minutes')).toBe(`minutes must be between ${MIN_MINUTES} and ${MAX_MINUTES}`);
    type('ritual-minutes', 'ten');
    expect(errorOf('ritual-minutes')).toBe('enter a number of minutes');
  });

  it('only names problems with the intention once it is touched or Generate is pressed', () => {
    const { fake } = renderForm();
    expect(screen.getByTestId('ritual-intention').getAttribute('aria-invalid')).toBeNull();
    fireEvent.click(screen.getByTestId('ritual-generate'));
    expect(errorOf('ritual-intention')).toBe('the intention needs at least 3 characters');
    expect(fake.callsTo('rituals.generate')).toHaveLength(0);
  });

  it('sends a valid request with focus areas, style and bed, and opens the new ritual', async () => {
    const { fake, onStarted } = renderForm();
    type('ritual-intention', '  Calm before sleep ');
    type('ritual-minutes', '1');
    fireEvent.click(screen.getByTestId('focus-breathing'));
    fireEvent.click(screen.getByTestId('focus-sleep'));
    fireEvent.click(screen.getByTestId('focus-breathing')); // toggled off again
    expect(screen.getByTestId('focus-sleep').getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByTestId('ritual-style-poetic'));
    type('ritual-bed', 'none');
    fireEvent.click(screen.getByTestId('ritual-generate'));

    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('r1'));
    expect(fake.callsTo('rituals.generate')).toEqual([
      { intention: 'Calm before sleep', minutes: 1, focus: ['sleep'], style: 'poetic', bed: 'none', balance: 0.7 },
    ]);
  });

  it('says the offline voice is used when no provider has a key, and not when one has', async () => {
    renderForm();
    expect((await screen.findByTestId('offline-note')).textContent).toMatch(/Offline voice — add a key in Settings → Providers/);
    cleanup();
    renderForm(providerStatuses({ elevenlabs: { configured: true, source: 'store' } }));
    // Once statuses have loaded (ElevenLabs listed as usable), there is still no offline note.
    await screen.findByRole('option', { name: 'ElevenLabs' });
    expect(screen.queryByTestId('offline-note')).toBeNull();
  });

  it('validates with the contract: more than 8 focus areas is refused', () => {
    const { errors, request } = validateRitualForm({ ...blankRitualForm(), intention: 'calm', focus: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] });
    expect(request).toBeNull();
    expect(errors.focus).toBe('at most 8 focus areas');
  });

  it('keeps an unfinished request across a page visit, and starts blank after Generate', async () => {
    renderForm();
    type('ritual-intention', 'Calm before a hard conversation');
    type('ritual-minutes', '7');
    fireEvent.click(screen.getByTestId('focus-breathing'));
    cleanup(); // e.g. off to Settings to add a key

    const { onStarted } = renderForm();
    expect((screen.getByTestId('ritual-intention') as HTMLTextAreaElement).value).toBe('Calm before a hard conversation');
    expect((screen.getByTestId('ritual-minutes') as HTMLInputElement).value).toBe('7');
    expect(screen.getByTestId('focus-breathing').getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(screen.getByTestId('ritual-generate'));
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('r1'));
    cleanup();
    renderForm();
    expect((screen.getByTestId('ritual-intention') as HTMLTextAreaElement).value).toBe('');
  });

  it('ignores a stored draft that is not JSON or has fields of the wrong type', () => {
    localStorage.setItem('koru.ritual-draft', '{not json');
    expect(loadRitualDraft()).toEqual(blankRitualForm());
    localStorage.setItem('koru.ritual-draft', JSON.stringify({ intention: 'kept', minutes: 'ten', focus: [1, 2], style: null }));
    expect(loadRitualDraft()).toEqual({ ...blankRitualForm(), intention: 'kept' });
  });
});
