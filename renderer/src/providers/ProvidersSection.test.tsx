// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderSettings, ProviderSettingsPatch, type ProviderStatus } from '../../../contract/rituals';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { ProvidersSection } from './ProvidersSection';

beforeAll(installDomShims);
afterEach(cleanup);

const KEY = 'sk-test-0123456789abcdef';

function setup() {
  // OpenAI already has a stored key, Gemini's comes from the environment, ElevenLabs has none.
  let statuses: ProviderStatus[] = [
    { provider: 'openai', configured: true, source: 'store', capabilities: ['text', 'speech', 'transcribe'] },
    { provider: 'elevenlabs', configured: false, source: 'none', capabilities: ['speech'] },
    { provider: 'gemini', configured: true, source: 'env', capabilities: ['text', 'speech'] },
    { provider: 'offline', configured: true, source: 'builtin', capabilities: ['text', 'speech'] },
  ];
  let settings = ProviderSettings.parse({});
  const fake = fakeClient({
    'providers.status': () => statuses,
    'providers.settings.get': () => settings,
    'providers.settings.update': (patch) => {
      const p = ProviderSettingsPatch.parse(patch);
      settings = ProviderSettings.parse({ ...settings, ...p, openai: { ...settings.openai, ...p.openai } });
      return settings;
    },
    'providers.voices': ({ provider }) => ({ voices: provider === 'openai' ? [{ id: 'alloy', name: 'Alloy' }, { id: 'nova', name: 'Nova' }] : [], error: null }),
    'providers.setKey': ({ provider }) => {
      statuses = statuses.map((s) => (s.provider === provider ? { ...s, configured: true, source: 'store' } : s));
      return statuses;
    },
    'providers.clearKey': ({ provider }) => {
      statuses = statuses.map((s) => (s.provider === provider ? { ...s, configured: false, source: 'none' } : s));
      return statuses;
    },
    'providers.test': ({ provider }) => ({ ok: provider === 'openai', message: provider === 'openai' ? 'gpt-4o-mini answered' : 'no key', latencyMs: 42.4 }),
  });
  renderWithClient(<ProvidersSection />, fake.client);
  return fake;
}

const keyField = (p: string) => screen.getByTestId(`provider-${p}-key`) as HTMLInputElement;

describe('Settings → Providers', () => {
  it('shows each key’s status in words, never a key', async () => {
    setup();
    expect((await screen.findByTestId('provider-openai-status')).textContent).toBe('Configured');
    expect(screen.getByTestId('provider-elevenlabs-status').textContent).toBe('Missing');
    expect(screen.getByTestId('provider-gemini-status').textContent).toBe('From environment');
    expect(screen.getByTestId('provider-offline-status').textContent).toBe('Built in');
    // A stored key leaves the field empty: there is nothing to show and nothing is shown.
    expect(keyField('openai').value).toBe('');
    expect(keyField('openai').type).toBe('password');
  });

  it('sends a typed key to providers.setKey once and clears the field', async () => {
    const fake = setup();
    await screen.findByTestId('provider-elevenlabs-key');
    const save = screen.getByTestId('provider-elevenlabs-save') as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(keyField('elevenlabs'), { target: { value: KEY } });
    expect(keyField('elevenlabs').type).toBe('password');
    fireEvent.click(save);

    await waitFor(() => expect(screen.getByTestId('provider-elevenlabs-status').textContent).toBe('Configured'));
    expect(fake.callsTo('providers.setKey')).toEqual([{ provider: 'elevenlabs', key: KEY }]);
    expect(keyField('elevenlabs').value).toBe('');
    expect(document.body.innerHTML).not.toContain(KEY);
  });

  it('clears a stored key and tests a connection with its latency', async () => {
    const fake = setup();
    fireEvent.click(await screen.findByTestId('provider-openai-clear'));
    await waitFor(() => expect(screen.getByTestId('provider-openai-status').textContent).toBe('Missing'));
    expect(fake.callsTo('providers.clearKey')).toEqual([{ provider: 'openai' }]);

    fireEvent.click(screen.getByTestId('provider-openai-test'));
    await waitFor(() => expect(screen.getByTestId('provider-openai-test-result').textContent).toBe('Connected — gpt-4o-mini answered (42 ms)'));
  });

  it('reorders the speech fallback chain with the arrow buttons', async () => {
    const fake = setup();
    const order = await screen.findByTestId('speech-order');
    const names = () => within(order).getAllByRole('listitem').map((li) => li.getAttribute('data-testid'));
    expect(names()).toEqual(['speech-order-elevenlabs', 'speech-order-openai', 'speech-order-gemini', 'speech-order-offline']);
    fireEvent.click(screen.getByLabelText('Move OpenAI up'));
    await waitFor(() => expect(names()[0]).toBe('speech-order-openai'));
    expect(fake.callsTo('providers.settings.update')).toEqual([{ speechOrder: ['openai', 'elevenlabs', 'gemini', 'offline'] }]);
    expect((screen.getByLabelText('Move OpenAI up') as HTMLButtonElement).disabled).toBe(true);
  });

  it('edits models, base URL and voice, sending only what changed', async () => {
    const fake = setup();
    const url = (await screen.findByTestId('provider-openai-baseUrl')) as HTMLInputElement;
    fireEvent.change(url, { target: { value: 'not a url' } });
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByTestId('provider-openai-save-settings') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(url, { target: { value: 'http://127.0.0.1:11434/v1' } });
    await screen.findByRole('option', { name: 'Nova' });
    fireEvent.change(screen.getByTestId('provider-openai-voice'), { target: { value: 'nova' } });
    fireEvent.click(screen.getByTestId('provider-openai-save-settings'));
    await waitFor(() => expect(fake.callsTo('providers.settings.update')).toEqual([{ openai: { baseUrl: 'http://127.0.0.1:11434/v1', voice: 'nova' } }]));
  });
});
