// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ProviderSettings, ProviderSettingsPatch, type ProviderStatus } from '../../../contract/providers';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { ProvidersSection } from './ProvidersSection';
import { providerStatuses } from './testing';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const KEY = 'sk-test-0123456789abcdef';

function setup(initial: ProviderStatus[] = providerStatuses({ openai: { configured: true, source: 'store' }, gemini: { configured: true, source: 'env' } })) {
  // By default OpenAI has a stored key, Gemini's comes from the environment, ElevenLabs has none.
  let statuses = initial;
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
      statuses = statuses.map((s) => (s.provider === provider ? { ...s, configured: true, source: 'store', detachedKey: null } : s));
      return statuses;
    },
    'providers.clearKey': ({ provider }) => {
      statuses = statuses.map((s) => (s.provider === provider ? { ...s, configured: false, source: 'none' } : s));
      return statuses;
    },
    'providers.test': ({ provider }) => ({ ok: provider === 'openai', message: provider === 'openai' ? 'gpt-4o-mini answered' : 'no key', latencyMs: 42.4 }),
    'providers.preview': ({ voice }) => {
      if (voice === 'nova') throw Object.assign(new Error('OpenAI rejected the API key — check it in Settings → Providers'), { code: 'PROVIDER' });
      return { wav: 'UklGRiQAAABXQVZF', sampleRate: 24_000, durationSec: 1 };
    },
  });
  renderWithClient(<ProvidersSection />, fake.client);
  return fake;
}

const keyField = (p: string) => screen.getByTestId(`provider-${p}-key`) as HTMLInputElement;
const banner = () => screen.findByTestId('providers-banner');

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

  it('says "add a key" only when no provider is usable, and names the voices when some are', async () => {
    setup(providerStatuses());
    expect((await banner()).textContent).toMatch(/Add a key for natural voices/);
    cleanup();
    setup();
    expect((await banner()).textContent).toBe('Rituals are voiced by OpenAI, Gemini in the order below; the offline voice stands in whenever none of them answers.');
  });

  it('a failing provider is in the banner and on its card, as soon as main says so', async () => {
    const fake = setup();
    await banner();
    const problem = 'ElevenLabs rejected the API key — check it in Settings → Providers';
    act(() => fake.emit('providers.status', providerStatuses({ elevenlabs: { configured: true, source: 'store', problem } })));
    await waitFor(() => expect(screen.getByTestId('providers-banner').getAttribute('role')).toBe('alert'));
    const alert = screen.getByTestId('providers-banner');
    expect(within(alert).getByText('ElevenLabs is failing')).toBeTruthy();
    expect(alert.textContent).toContain(problem);
    expect(screen.getByTestId('providers-banner').textContent).not.toMatch(/add a key/i);
    expect(screen.getByTestId('provider-elevenlabs-problem').textContent).toBe(problem);
    expect(screen.getByTestId('provider-elevenlabs-status').textContent).toBe('Failing');
  });

  it('a key entered for another endpoint: the card says whose it is and asks for this one’s', async () => {
    setup(
      providerStatuses({
        openai: { configured: true, source: 'local', endpoint: '127.0.0.1:11434', endpointSource: 'settings', detachedKey: { host: 'api.openai.com', source: 'store' } },
        elevenlabs: { configured: false, source: 'none', endpoint: 'tts.example', detachedKey: { host: 'api.elevenlabs.io', source: 'env' } },
      }),
    );
    const openai = await screen.findByTestId('provider-openai-detached');
    expect(openai.textContent).toBe(
      'The key was entered for api.openai.com, so Koru does not send it to 127.0.0.1:11434. Enter the key for 127.0.0.1:11434, or set the base URL back. This server is on this machine, so it is used without a key.',
    );
    expect(keyField('openai').placeholder).toBe('Enter the key for 127.0.0.1:11434');
    expect(screen.getByTestId('provider-openai-status').textContent).toBe('Local server, no key');
    expect(screen.getByTestId('provider-elevenlabs-detached').textContent).toMatch(/^ELEVENLABS_API_KEY is for api\.elevenlabs\.io, so Koru does not send it to tts\.example\. Set ELEVENLABS_BASE_URL as well/);
    expect(screen.getByTestId('provider-elevenlabs-status').textContent).toBe('Key is for api.elevenlabs.io');
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

  it('edits models, base URL and voice, sending only what changed; refuses plain http to another machine', async () => {
    const fake = setup();
    const url = (await screen.findByTestId('provider-openai-baseUrl')) as HTMLInputElement;
    fireEvent.change(url, { target: { value: 'not a url' } });
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByTestId('provider-openai-save-settings') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(url, { target: { value: 'http://192.168.1.20:11434/v1' } });
    expect(document.getElementById(url.getAttribute('aria-describedby')!)?.textContent).toMatch(/^Use https: plain http is only allowed for a server on this machine/);

    fireEvent.change(url, { target: { value: 'http://127.0.0.1:11434/v1' } });
    await screen.findByRole('option', { name: 'Nova' });
    fireEvent.change(screen.getByTestId('provider-openai-voice'), { target: { value: 'nova' } });
    fireEvent.click(screen.getByTestId('provider-openai-save-settings'));
    await waitFor(() => expect(fake.callsTo('providers.settings.update')).toEqual([{ openai: { baseUrl: 'http://127.0.0.1:11434/v1', voice: 'nova' } }]));
  });

  it('previews the chosen voice, and says why when it cannot', async () => {
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    const fake = setup();
    await screen.findByRole('option', { name: 'Alloy' });
    fireEvent.click(screen.getByTestId('provider-openai-preview'));
    await waitFor(() => expect(play).toHaveBeenCalledTimes(1));
    expect(fake.callsTo('providers.preview')).toEqual([{ provider: 'openai', voice: 'alloy' }]);
    expect((play.mock.contexts[0] as HTMLAudioElement).src).toBe('data:audio/wav;base64,UklGRiQAAABXQVZF');
    expect(screen.getByTestId('provider-openai-preview').textContent).toContain('Stop');

    fireEvent.change(screen.getByTestId('provider-openai-voice'), { target: { value: 'nova' } });
    fireEvent.click(screen.getByTestId('provider-openai-preview'));
    await waitFor(() => expect(screen.getByTestId('provider-openai-preview-status').textContent).toBe('OpenAI rejected the API key — check it in Settings → Providers'));
    expect(play).toHaveBeenCalledTimes(1);
  });
});
