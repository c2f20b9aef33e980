import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ELEVENLABS_MOCK_KEY, GEMINI_MOCK_KEY, OPENAI_MOCK_KEY, startAllMocks } from '../../test/mocks';
import { createMemorySecretStore } from '../secrets';
import { rms } from './audio';
import { createProviders, type ProvidersOptions } from './registry';
import { defaultProviderSettings } from './settings';

let mocks: Awaited<ReturnType<typeof startAllMocks>>;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  mocks = await startAllMocks();
  env = { OPENAI_BASE_URL: `${mocks.openai.url}/v1`, ELEVENLABS_BASE_URL: mocks.elevenlabs.url, GEMINI_BASE_URL: mocks.gemini.url };
});
afterAll(() => mocks.close());
beforeEach(() => [mocks.openai, mocks.elevenlabs, mocks.gemini].forEach((m) => m.reset()));

const make = (keys: Parameters<typeof createMemorySecretStore>[0], extra: Partial<ProvidersOptions> = {}) =>
  createProviders({ secrets: createMemorySecretStore(keys), settings: defaultProviderSettings(), env, queue: { baseDelayMs: 5 }, ...extra });

describe('provider registry', () => {
  it('falls back: ElevenLabs rejects the key (401) → OpenAI speaks, with its own voice', async () => {
    const logged: unknown[] = [];
    const p = make({ elevenlabs: 'el-revoked-key-000', openai: OPENAI_MOCK_KEY }, { log: (...a) => logged.push(a) });
    const chain = p.speech(['elevenlabs', 'openai']);
    expect(chain.providers).toEqual(['elevenlabs', 'openai', 'offline']);
    const r = await chain.speakDetailed({ text: 'Settle in.', voice: '21m00Tcm4TlvDq8ikWAM' });
    expect(r.provider).toBe('openai');
    expect(r.voice).toBe('alloy');
    expect(r.skipped.map((s) => [s.provider, (s.error as { failure?: string }).failure])).toEqual([['elevenlabs', 'auth']]);
    expect(r.skipped[0]!.error.message).toBe('ElevenLabs rejected the API key — check it in Settings → Providers');
    expect(mocks.elevenlabs.total('POST /v1/text-to-speech/:voice_id')).toBe(1); // auth: not retried
    expect(rms(r.audio.samples)).toBeGreaterThan(0.1);
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toContain('el-revoked-key-000'); // keys never reach the log
    expect(JSON.stringify(logged)).not.toContain(OPENAI_MOCK_KEY);
  });

  it('with no keys at all the chain is the offline voice alone, speaking with its own voice', async () => {
    const p = make({});
    const chain = p.speech();
    expect(chain.providers).toEqual(['offline']);
    // The ElevenLabs voice the person picked means nothing to espeak: the offline voice is used.
    const r = await chain.speakDetailed({ text: 'Welcome.', voice: '21m00Tcm4TlvDq8ikWAM' });
    expect(r.provider).toBe('offline');
    expect(r.voice).toBe('en');
    expect(chain.primary).toBe('elevenlabs'); // the default order's head, even though it has no key
    expect(rms(r.audio.samples)).toBeGreaterThan(0.02);
    expect(mocks.openai.total() + mocks.elevenlabs.total() + mocks.gemini.total()).toBe(0);
  });

  it('when every online provider is exhausted, offline still speaks', async () => {
    const p = make({ openai: OPENAI_MOCK_KEY }, { queue: { baseDelayMs: 2, maxRetries: 2 } });
    mocks.openai.inject({ kind: 'server' }, 3);
    const r = await p.speech(['openai']).speakDetailed({ text: 'Still here.', voice: 'alloy' });
    expect(r.provider).toBe('offline');
    expect(r.skipped[0]!.error.message).toContain('OpenAI had a server error');
    expect(p.stats().openai).toMatchObject({ attempts: 3, retries: 2, failed: 1 });
    expect(mocks.openai.total('POST /v1/audio/speech')).toBe(3);
  });

  it('writes with OpenAI or Gemini and refuses providers that do not write', async () => {
    const p = make({ openai: OPENAI_MOCK_KEY, gemini: GEMINI_MOCK_KEY });
    expect(await p.writer('openai').write({ messages: [{ role: 'user', content: 'a' }] })).toBe('You said: a');
    expect(await p.writer('gemini').write({ messages: [{ role: 'user', content: 'b' }] })).toBe('You said: b');
    expect(() => p.writer('elevenlabs')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => make({}).writer('openai')).toThrow(/No OpenAI API key is set/);
    const t = await p.transcriber().transcribe({ audio: new Uint8Array(10), filename: 'a.wav' });
    expect(t.segments).toHaveLength(2);
  });

  it('tests connections with a cheap real call and reports failures in words', async () => {
    const p = make({ openai: OPENAI_MOCK_KEY, elevenlabs: 'el-wrong-key-123', gemini: GEMINI_MOCK_KEY });
    expect(await p.testConnection('openai')).toMatchObject({ ok: true, message: 'Connected to OpenAI (3 models available)' });
    expect(await p.testConnection('gemini')).toMatchObject({ ok: true });
    expect(await p.testConnection('elevenlabs')).toMatchObject({ ok: false, message: 'ElevenLabs rejected the API key — check it in Settings → Providers' });
    expect(await p.testConnection('offline')).toMatchObject({ ok: true });
    const down = make({ openai: OPENAI_MOCK_KEY }, { env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
    expect((await down.testConnection('openai')).message).toContain('could not reach OpenAI');
  });

  it('lists voices per provider and reports key-free status', async () => {
    const p = make({ elevenlabs: ELEVENLABS_MOCK_KEY }, { env: { ...env, GEMINI_API_KEY: GEMINI_MOCK_KEY } });
    expect((await p.voices('elevenlabs')).map((v) => v.name)).toEqual(['Rachel', 'Domi']);
    expect((await p.voices('offline')).length).toBeGreaterThan(3);
    const status = p.status();
    expect(status.map((s) => [s.provider, s.configured])).toEqual([
      ['openai', false],
      ['elevenlabs', true],
      ['gemini', true],
      ['offline', true],
    ]);
    expect(JSON.stringify(status)).not.toContain(ELEVENLABS_MOCK_KEY);
  });

  it('applies the ElevenLabs concurrency from settings', async () => {
    mocks.elevenlabs.latencyMs = 20;
    const settings = defaultProviderSettings();
    settings.elevenlabs.concurrency = 1;
    const p = make({ elevenlabs: ELEVENLABS_MOCK_KEY }, { settings: () => settings });
    const chain = p.speech(['elevenlabs']);
    await Promise.all(['One.', 'Two.', 'Three.'].map((text) => chain.speak({ text, voice: '21m00Tcm4TlvDq8ikWAM' })));
    expect(mocks.elevenlabs.maxInFlight).toBe(1);
  });
});
