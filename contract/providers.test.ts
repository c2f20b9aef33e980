import { describe, expect, it } from 'vitest';
import { channels } from './channels';
import { events } from './events';
import {
  baseUrlProblem,
  canWrite,
  KEYED_PROVIDERS,
  OFFLINE,
  PROVIDER_IDS,
  PROVIDERS,
  ProviderSettings,
  ProviderSettingsPatch,
  providersThat,
  speechModelOf,
  voiceOf,
} from './providers';

describe('the provider table', () => {
  it('derives ids, keyed ids and defaults from the entries', () => {
    expect(PROVIDER_IDS).toEqual(Object.keys(PROVIDERS));
    expect(KEYED_PROVIDERS).toEqual(PROVIDER_IDS.filter((p) => p !== OFFLINE));
    const s = ProviderSettings.parse({});
    // The default order is every speaker in table order; the writer is the first that writes.
    expect(s.speechOrder).toEqual(providersThat('speech'));
    expect(s.speechOrder.at(-1)).toBe(OFFLINE);
    expect(s.writer).toBe(providersThat('text')[0]);
    for (const p of PROVIDER_IDS) {
      for (const [name, f] of Object.entries(PROVIDERS[p].fields)) expect((s[p] as Record<string, unknown>)[name], `${p}.${name}`).toEqual(f.default);
    }
    expect(s.elevenlabs.concurrency).toBe(PROVIDERS.elevenlabs.concurrency);
  });

  it('every cloud vendor names its environment variables and an https default endpoint', () => {
    for (const p of KEYED_PROVIDERS) {
      const c = PROVIDERS[p].cloud;
      expect(c.keyEnv).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(c.baseUrlEnv).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(c.baseUrlEnv).not.toBe(c.keyEnv);
      expect(new URL(c.defaultBaseUrl).protocol).toBe('https:');
    }
  });

  it('patches carry only what was sent and refuse keys and unknown fields', () => {
    expect(ProviderSettingsPatch.parse({ openai: { textModel: 'llama3' } })).toEqual({ openai: { textModel: 'llama3' } });
    expect(ProviderSettingsPatch.safeParse({ openai: { apiKey: 'sk-x' } }).success).toBe(false);
    expect(ProviderSettingsPatch.safeParse({ offline: { textModel: 'x' } }).success).toBe(false);
  });

  it('base URLs: https anywhere, plain http only on this machine, no credentials in the address', () => {
    for (const ok of ['https://api.example.com/v1', 'http://localhost:11434/v1', 'http://127.0.0.1:1234', 'http://[::1]:8080/v1']) expect(baseUrlProblem(ok), ok).toBeNull();
    expect(baseUrlProblem('http://192.168.1.20:11434/v1')).toMatch(/Use https/);
    expect(baseUrlProblem('http://evil.example/v1')).toMatch(/only allowed for a server on this machine/);
    expect(baseUrlProblem('http://127.0.0.1.evil.example/v1')).toMatch(/Use https/);
    expect(baseUrlProblem('https://user:pw@api.example.com')).toMatch(/user name or password/);
    expect(baseUrlProblem('ftp://files.example')).toMatch(/https/);
    expect(baseUrlProblem('not a url')).toMatch(/full address/);
    const r = ProviderSettingsPatch.safeParse({ gemini: { baseUrl: 'http://10.0.0.2' } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['gemini', 'baseUrl'], message: expect.stringMatching(/^Use https/) });
  });

  it('the speech order holds only speakers and the writer only writers', () => {
    expect(ProviderSettingsPatch.safeParse({ writer: 'elevenlabs' }).success).toBe(canWrite('elevenlabs'));
    expect(ProviderSettingsPatch.safeParse({ writer: OFFLINE }).success).toBe(true);
    expect(ProviderSettingsPatch.safeParse({ speechOrder: ['nobody'] }).success).toBe(false);
  });

  it('names each provider’s voice and speech model for caching', () => {
    const s = ProviderSettings.parse({ openai: { voice: 'nova' } });
    expect(voiceOf(s, 'openai')).toBe('nova');
    expect(speechModelOf(s, 'openai')).toBe('gpt-4o-mini-tts');
    expect(speechModelOf(s, OFFLINE)).toBe('espeak-ng');
  });

  it('is spread into the app channel and event lists; keys are only taken for keyed providers', () => {
    expect(channels['providers.preview']).toBeDefined();
    expect(events['providers.status']).toBeDefined();
    expect(channels['providers.setKey'].input.safeParse({ provider: OFFLINE, key: 'abcdefghij' }).success).toBe(false);
    expect(channels['providers.setKey'].input.safeParse({ provider: 'openai', key: 'abcdefghij' }).success).toBe(true);
  });
});
