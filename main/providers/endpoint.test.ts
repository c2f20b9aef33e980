import { describe, expect, it } from 'vitest';
import { missingKeyError, resolveCredential, resolveEndpoint } from './endpoint';

const OPENAI = 'https://api.openai.com';

describe('endpoints and the keys that may go to them', () => {
  it('the environment’s base URL wins, then the settings’, then the vendor’s own', () => {
    expect(resolveEndpoint('openai', null, {})).toMatchObject({ baseUrl: 'https://api.openai.com/v1', origin: OPENAI, source: 'default' });
    expect(resolveEndpoint('openai', 'http://localhost:11434/v1', {})).toMatchObject({ origin: 'http://localhost:11434', host: 'localhost:11434', source: 'settings' });
    expect(resolveEndpoint('openai', 'http://localhost:11434/v1', { OPENAI_BASE_URL: 'https://proxy.example/v1' })).toMatchObject({ origin: 'https://proxy.example', source: 'env' });
    expect(() => resolveEndpoint('openai', null, { OPENAI_BASE_URL: 'http://10.1.2.3/v1' })).toThrow(/OPENAI_BASE_URL in the environment cannot be used: Use https/);
  });

  it('a stored key is used only at the origin it was entered for', () => {
    const at = (url: string | null, env: NodeJS.ProcessEnv = {}) => resolveEndpoint('openai', url, env);
    expect(resolveCredential('openai', at(null), { origin: OPENAI }, {})).toEqual({ use: 'store', detached: null });
    expect(resolveCredential('openai', at('https://api.openai.com/other'), { origin: OPENAI }, {})).toMatchObject({ use: 'store' }); // same origin
    expect(resolveCredential('openai', at('https://evil.example/v1'), { origin: OPENAI }, {})).toEqual({ use: 'none', detached: { host: 'api.openai.com', source: 'store' } });
    expect(resolveCredential('openai', at('https://api.openai.com:8443/v1'), { origin: OPENAI }, {}).use).toBe('none'); // another port
    expect(resolveCredential('openai', at('http://127.0.0.1:8080/v1'), { origin: OPENAI }, {})).toEqual({ use: 'local', detached: { host: 'api.openai.com', source: 'store' } });
    expect(resolveCredential('openai', at(null), undefined, {})).toEqual({ use: 'none', detached: null });
  });

  it('an environment key belongs to the environment’s base URL, else to the vendor', () => {
    const env = { OPENAI_API_KEY: 'sk-env-0123456789' };
    expect(resolveCredential('openai', resolveEndpoint('openai', null, env), undefined, env).use).toBe('env');
    expect(resolveCredential('openai', resolveEndpoint('openai', 'https://other.example/v1', env), undefined, env)).toEqual({ use: 'none', detached: { host: 'api.openai.com', source: 'env' } });
    const both = { ...env, OPENAI_BASE_URL: 'https://proxy.example/v1' };
    expect(resolveCredential('openai', resolveEndpoint('openai', 'https://other.example/v1', both), { origin: OPENAI }, both).use).toBe('env');
    // A store filled by the process itself (the CLI, tests) follows the same rule.
    expect(resolveCredential('openai', resolveEndpoint('openai', null, {}), { origin: null }, {}).use).toBe('store');
    expect(resolveCredential('openai', resolveEndpoint('openai', 'https://other.example/v1', {}), { origin: null }, {}).use).toBe('none');
  });

  it('says why no request can go out', () => {
    const ep = resolveEndpoint('elevenlabs', 'https://tts.example', {});
    expect(missingKeyError('elevenlabs', ep, null).message).toBe('No ElevenLabs API key is set — add one in Settings → Providers');
    expect(missingKeyError('elevenlabs', ep, { host: 'api.elevenlabs.io', source: 'store' }).message).toMatch(/^Your ElevenLabs key was entered for api\.elevenlabs\.io, so Koru does not send it to tts\.example/);
    expect(missingKeyError('elevenlabs', ep, { host: 'api.elevenlabs.io', source: 'env' }).message).toMatch(/^ELEVENLABS_API_KEY belongs to api\.elevenlabs\.io.*set ELEVENLABS_BASE_URL as well/);
  });
});
