import { describe, expect, it, vi } from 'vitest';
import { ProviderSettings, type ProviderStatus } from '../../contract/rituals';
import { buildRitualHandlers } from './handlers';
import type { RitualService } from './service';

const ctx = { transport: 'web' as const, client: 'test' };

function setup() {
  const keys = new Map<string, string>();
  const status = (): ProviderStatus[] => (['openai', 'elevenlabs', 'gemini', 'offline'] as const).map((provider) => ({
    provider,
    configured: provider === 'offline' || keys.has(provider),
    source: provider === 'offline' ? 'builtin' : keys.has(provider) ? 'store' : 'none',
    capabilities: ['speech'],
  }));
  const rituals = { generate: vi.fn(async () => ({ id: 'r1' })), list: vi.fn(() => []) } as unknown as RitualService;
  let settings = ProviderSettings.parse({});
  const h = buildRitualHandlers({
    rituals,
    providers: {
      status,
      voices: async (id) => {
        if (id === 'gemini') throw new Error('Gemini has no API key');
        return [{ id: 'alloy', name: 'Alloy' }];
      },
      testConnection: async () => ({ ok: true, message: 'ok', latencyMs: 3 }),
    },
    secrets: { set: (p, k) => void keys.set(p, k), clear: (p) => void keys.delete(p) },
    providerSettings: { get: () => settings, update: (patch) => (settings = ProviderSettings.parse({ ...settings, ...patch, openai: { ...settings.openai, ...patch.openai } })) },
  });
  return { h, keys, rituals };
}

describe('ritual handlers', () => {
  it('stores a key and answers with a status that never contains it', async () => {
    const { h, keys } = setup();
    const reply = await h['providers.setKey']({ provider: 'openai', key: 'sk-secret-123456' }, ctx);
    expect(keys.get('openai')).toBe('sk-secret-123456');
    expect(JSON.stringify(reply)).not.toContain('sk-secret');
    expect(reply.find((s) => s.provider === 'openai')).toMatchObject({ configured: true, source: 'store' });
    const cleared = await h['providers.clearKey']({ provider: 'openai' }, ctx);
    expect(cleared.find((s) => s.provider === 'openai')?.configured).toBe(false);
  });

  it('reports a voice-list failure as an error string, not a thrown call', async () => {
    const { h } = setup();
    expect(await h['providers.voices']({ provider: 'openai' }, ctx)).toEqual({ voices: [{ id: 'alloy', name: 'Alloy' }], error: null });
    expect(await h['providers.voices']({ provider: 'gemini' }, ctx)).toEqual({ voices: [], error: 'Gemini has no API key' });
  });

  it('passes requests and settings patches through', async () => {
    const { h, rituals } = setup();
    await h['rituals.generate']({ intention: 'calm', minutes: 5, focus: [], style: 'gentle', bed: 'none', balance: 0.5 }, ctx);
    expect(rituals.generate).toHaveBeenCalledWith(expect.objectContaining({ intention: 'calm' }));
    const s = await h['providers.settings.update']({ openai: { textModel: 'llama3' } }, ctx);
    expect(s.openai).toMatchObject({ textModel: 'llama3', speechModel: 'gpt-4o-mini-tts' });
  });
});
