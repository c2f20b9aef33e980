// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OFFLINE, ProviderSettings } from '../../../contract/providers';
import { providerStatuses } from '../providers/testing';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { RitualForm } from './RitualForm';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  localStorage.clear();
  vi.restoreAllMocks();
});

const OFFLINE_VOICES = [
  { id: 'en-gb', name: 'English (Great Britain)', language: 'en' },
  { id: 'de', name: 'German', language: 'de' },
];

function renderForm() {
  const fake = fakeClient({
    'presets.list': () => [],
    'providers.status': () => providerStatuses(),
    'providers.settings.get': () => ProviderSettings.parse({}),
    'providers.voices': ({ provider }) => ({ voices: provider === OFFLINE ? OFFLINE_VOICES : [], error: null }),
    'providers.preview': () => ({ wav: 'UklGRiQAAABXQVZF', sampleRate: 22_050, durationSec: 1.5 }),
  });
  renderWithClient(<RitualForm onStarted={() => {}} />, fake.client);
  return fake;
}

describe('ritual form: choosing and hearing a voice', () => {
  it('lists offline voices by name and previews the default voice, then the chosen one', async () => {
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    const fake = renderForm();
    fireEvent.change(await screen.findByTestId('ritual-provider'), { target: { value: OFFLINE } });
    expect(await screen.findByRole('option', { name: 'German (de)' })).toBeTruthy();
    expect(screen.queryByRole('option', { name: /^en-gb/ })).toBeNull();

    const preview = screen.getByTestId('ritual-voice-preview') as HTMLButtonElement;
    await waitFor(() => expect(preview.disabled).toBe(false)); // the settings' default voice is known
    fireEvent.click(preview);
    await waitFor(() => expect(play).toHaveBeenCalledTimes(1));
    fireEvent.change(screen.getByTestId('ritual-voice'), { target: { value: 'de' } });
    fireEvent.click(screen.getByTestId('ritual-voice-preview'));
    await waitFor(() => expect(play).toHaveBeenCalledTimes(2));
    expect(fake.callsTo('providers.preview')).toEqual([
      { provider: OFFLINE, voice: ProviderSettings.parse({}).offline.voice },
      { provider: OFFLINE, voice: 'de' },
    ]);
  });

  it('a provider without a key has nothing to preview', async () => {
    renderForm();
    fireEvent.change(await screen.findByTestId('ritual-provider'), { target: { value: 'openai' } });
    expect(((await screen.findByTestId('ritual-voice-preview')) as HTMLButtonElement).disabled).toBe(true);
  });
});
