import { describe, expect, it, vi } from 'vitest';
import { ProviderSettings, type ProviderSettingsPatch, type ProviderStatus } from '../../contract/providers';
import { createMemorySecretStore } from '../secrets';
import { buildProviderHandlers } from './handlers';
import { createProviders } from './registry';

const ctx = { transport: 'web' as const, client: 'test' };

function setup() {
  let settings = ProviderSettings.parse({});
  const secrets = createMemorySecretStore();
  const pushed: ProviderStatus[][] = [];
  const providers = createProviders({ secrets, settings: () => settings, env: {}, onStatus: (s) => void pushed.push(s) });
  const store = {
    get: () => settings,
    update: (patch: ProviderSettingsPatch) => (settings = ProviderSettings.parse({ ...settings, ...patch, openai: { ...settings.openai, ...patch.openai } })),
  };
  const h = buildProviderHandlers({ providers, settings: store });
  return { h, secrets, pushed };
}

describe('provider handlers', () => {
  it('store a key bound to the endpoint in effect, and answer with a status that never contains it', async () => {
    const { h, secrets, pushed } = setup();
    const reply = await h['providers.setKey']({ provider: 'openai', key: 'sk-secret-123456' }, ctx);
    expect(secrets.get('openai')).toEqual({ key: 'sk-secret-123456', origin: 'https://api.openai.com' });
    expect(JSON.stringify(reply)).not.toContain('sk-secret');
    expect(reply.find((s) => s.provider === 'openai')).toMatchObject({ configured: true, source: 'store', endpoint: 'api.openai.com' });
    expect(pushed.at(-1)).toEqual(reply); // pushed to every window too
    const cleared = await h['providers.clearKey']({ provider: 'openai' }, ctx);
    expect(cleared.find((s) => s.provider === 'openai')?.configured).toBe(false);
  });

  it('a moved base URL leaves the key behind and says whose it is; moving back re-attaches it', async () => {
    const { h, pushed } = setup();
    await h['providers.setKey']({ provider: 'openai', key: 'sk-secret-123456' }, ctx);
    await h['providers.settings.update']({ openai: { baseUrl: 'https://llm.example.net/v1' } }, ctx);
    expect(pushed.at(-1)?.find((s) => s.provider === 'openai')).toMatchObject({
      configured: false,
      source: 'none',
      endpoint: 'llm.example.net',
      endpointSource: 'settings',
      detachedKey: { host: 'api.openai.com', source: 'store' },
    });
    const test = await h['providers.test']({ provider: 'openai' }, ctx);
    expect(test).toMatchObject({ ok: false, message: expect.stringContaining('was entered for api.openai.com, so Koru does not send it to llm.example.net') });
    await h['providers.settings.update']({ openai: { baseUrl: null } }, ctx);
    expect((await h['providers.status']({}, ctx)).find((s) => s.provider === 'openai')).toMatchObject({ configured: true, source: 'store', detachedKey: null });
  });

  it('report a voice-list failure as an error string, not a thrown call', async () => {
    const { h } = setup();
    expect((await h['providers.voices']({ provider: 'openai' }, ctx)).error).toBe('No OpenAI API key is set — add one in Settings → Providers');
    const offline = await h['providers.voices']({ provider: 'offline' }, ctx);
    expect(offline.error).toBeNull();
    expect(offline.voices.find((v) => v.id === ProviderSettings.parse({}).offline.voice)?.name).toBe('English (Great Britain)');
  });

  it('preview passes the voice and an optional text through', async () => {
    const preview = vi.fn(async () => ({ wav: 'UklGRg==', sampleRate: 24000, durationSec: 1 }));
    const status = vi.fn(() => []);
    const h = buildProviderHandlers({
      providers: { preview, status, setKey: status, clearKey: status, testConnection: vi.fn(), voices: vi.fn(), settingsChanged: vi.fn() },
      settings: { get: () => ProviderSettings.parse({}), update: () => ProviderSettings.parse({}) },
    });
    await h['providers.preview']({ provider: 'openai', voice: 'nova' }, ctx);
    await h['providers.preview']({ provider: 'openai', voice: 'nova', text: 'Hello there.' }, ctx);
    expect(preview.mock.calls).toEqual([[{ provider: 'openai', voice: 'nova' }], [{ provider: 'openai', voice: 'nova', text: 'Hello there.' }]]);
  });
});
