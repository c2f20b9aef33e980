import { encodeWav16 } from './audio';
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KoruError } from '../../contract/errors';
import type { ProviderStatus } from '../../contract/providers';
import { ELEVENLABS_MOCK_KEY, GEMINI_MOCK_KEY, OPENAI_MOCK_KEY, startAllMocks, startListener, type AllMocks, type Listener } from '../../test/mocks';
import { createMemorySecretStore } from '../secrets';
import { decodeWav, rms } from './audio';
import { KEYLESS } from './endpoint';
import { createProviders, type ProvidersOptions } from './registry';
import { defaultProviderSettings } from './settings';

let mocks: AllMocks;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  mocks = await startAllMocks();
  env = { OPENAI_BASE_URL: `${mocks.openai.url}/v1`, ELEVENLABS_BASE_URL: mocks.elevenlabs.url, GEMINI_BASE_URL: mocks.gemini.url };
});
afterAll(() => mocks.close());
beforeEach(() => [mocks.openai, mocks.elevenlabs, mocks.gemini].forEach((m) => m.reset()));

/** A port nothing listens on (one that was just free). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Keys given as bare strings follow the environment rule: here, the mocks' base URLs. */
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

  it('with no keys and the vendors’ own endpoints the chain is the offline voice alone', async () => {
    const p = make({}, { env: {} });
    const chain = p.speech();
    expect(chain.providers).toEqual(['offline']);
    // The ElevenLabs voice the person picked means nothing to espeak: the offline voice is used.
    const r = await chain.speakDetailed({ text: 'Welcome.', voice: '21m00Tcm4TlvDq8ikWAM' });
    expect(r.provider).toBe('offline');
    expect(r.voice).toBe('en-gb');
    expect(chain.primary).toBe('elevenlabs'); // the default order's head, even though it has no key
    expect(rms(r.audio.samples)).toBeGreaterThan(0.02);
  });

  it('a server on this machine is used without a key: it gets a placeholder, never a key', async () => {
    const p = make({}, { env: { OPENAI_BASE_URL: `${mocks.openai.url}/v1` } });
    expect(p.status().find((s) => s.provider === 'openai')).toMatchObject({ configured: true, source: 'local', endpoint: new URL(mocks.openai.url).host });
    expect(p.speech(['openai']).providers).toEqual(['openai', 'offline']);
    await p.testConnection('openai'); // the mock wants its key, so this one fails: what matters is what was sent
    expect(mocks.openai.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEYLESS}`);
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

  it('a refused connection fails at once instead of backing off', async () => {
    const port = await closedPort();
    const p = make({ openai: OPENAI_MOCK_KEY }, { env: { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` }, queue: { baseDelayMs: 2_000 } });
    const r = await p.speech(['openai']).speakDetailed({ text: 'Anyone there?', voice: 'alloy' });
    expect(r.provider).toBe('offline');
    expect(r.skipped[0]!.error).toMatchObject({ failure: 'unreachable', message: expect.stringContaining('Koru could not reach OpenAI (connection refused)') });
    expect(p.stats().openai).toMatchObject({ attempts: 1, retries: 0 });
  });

  it('writes with OpenAI or Gemini and refuses providers that do not write', async () => {
    const p = make({ openai: OPENAI_MOCK_KEY, gemini: GEMINI_MOCK_KEY });
    expect(await p.writer('openai').write({ messages: [{ role: 'user', content: 'a' }] })).toBe('You said: a');
    expect(await p.writer('gemini').write({ messages: [{ role: 'user', content: 'b' }] })).toBe('You said: b');
    expect(() => p.writer('elevenlabs')).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/use OpenAI or Gemini/) }));
    expect(() => make({}, { env: {} }).writer('openai')).toThrow(/No OpenAI API key is set/);
    // OpenAI hears the two tones as two lines.
    const tones = new Float32Array(16_000 * 3).map((_, i) => (i < 16_000 || i > 32_000 ? 0.3 * Math.sin(i / 5) : 0));
    const t = await p.transcriber('openai').transcribe({ audio: encodeWav16({ samples: tones, sampleRate: 16_000 }), filename: 'a.wav' });
    expect(t.segments).toHaveLength(2);
    expect(() => p.transcriber('offline')).toThrow(/does not transcribe/);
  });

  it('tests connections with a cheap real call and reports failures in words', async () => {
    const p = make({ openai: OPENAI_MOCK_KEY, elevenlabs: 'el-wrong-key-123', gemini: GEMINI_MOCK_KEY });
    expect(await p.testConnection('openai')).toMatchObject({ ok: true, message: `Connected to OpenAI at ${new URL(mocks.openai.url).host} (3 models available)` });
    expect(await p.testConnection('gemini')).toMatchObject({ ok: true });
    expect(await p.testConnection('elevenlabs')).toMatchObject({ ok: false, message: 'ElevenLabs rejected the API key — check it in Settings → Providers' });
    expect(await p.testConnection('offline')).toMatchObject({ ok: true });
    const down = make({ openai: OPENAI_MOCK_KEY }, { env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
    expect((await down.testConnection('openai')).message).toContain('could not reach OpenAI');
    const plainHttp = make({ openai: OPENAI_MOCK_KEY }, { env: { OPENAI_BASE_URL: 'http://192.0.2.1/v1' } });
    expect((await plainHttp.testConnection('openai')).message).toMatch(/^OPENAI_BASE_URL in the environment cannot be used: Use https/);
  });

  it('a failing provider shows in its status, is announced, and clears on the next success', async () => {
    const pushed: ProviderStatus[][] = [];
    const p = make({ elevenlabs: ELEVENLABS_MOCK_KEY }, { onStatus: (s) => void pushed.push(s), queue: { baseDelayMs: 1, maxRetries: 0 } });
    const el = () => p.status().find((s) => s.provider === 'elevenlabs')!;
    mocks.elevenlabs.inject({ kind: 'auth' });
    await p.speech(['elevenlabs']).speak({ text: 'One.', voice: '21m00Tcm4TlvDq8ikWAM' });
    expect(el()).toMatchObject({ configured: true, source: 'store', problem: 'ElevenLabs rejected the API key — check it in Settings → Providers' });
    expect(pushed.at(-1)?.find((s) => s.provider === 'elevenlabs')?.problem).toMatch(/rejected the API key/);
    await p.speech(['elevenlabs']).speak({ text: 'Two.', voice: '21m00Tcm4TlvDq8ikWAM' });
    expect(el().problem).toBeNull();
    expect(pushed.at(-1)?.find((s) => s.provider === 'elevenlabs')?.problem).toBeNull();
  });

  it('a stored key that cannot be decrypted is the provider’s problem, not a silent "configured"', async () => {
    const store = createMemorySecretStore({ openai: { key: OPENAI_MOCK_KEY, origin: 'https://api.openai.com' } });
    store.get = () => {
      throw new KoruError('STORAGE', 'the stored openai key could not be decrypted — enter it again in Settings → Providers');
    };
    const p = createProviders({ secrets: store, settings: defaultProviderSettings(), env: {} });
    expect((await p.testConnection('openai')).message).toBe('No OpenAI API key is set — add one in Settings → Providers');
    expect(p.status().find((s) => s.provider === 'openai')).toMatchObject({ source: 'store', problem: expect.stringMatching(/could not be decrypted/) });
  });

  it('lists voices per provider and reports key-free status', async () => {
    const p = make({ elevenlabs: ELEVENLABS_MOCK_KEY }, { env: { ELEVENLABS_BASE_URL: mocks.elevenlabs.url, GEMINI_API_KEY: GEMINI_MOCK_KEY } });
    expect((await p.voices('elevenlabs')).map((v) => v.name)).toEqual(['Rachel', 'Domi']);
    expect((await p.voices('offline')).length).toBeGreaterThan(3);
    const status = p.status();
    expect(status.map((s) => [s.provider, s.configured, s.source])).toEqual([
      ['elevenlabs', true, 'store'],
      ['openai', false, 'none'],
      ['gemini', true, 'env'],
      ['anthropic', false, 'none'],
      ['github', false, 'none'],
      ['deepgram', false, 'none'],
      ['offline', true, 'builtin'],
    ]);
    expect(JSON.stringify(status)).not.toContain(ELEVENLABS_MOCK_KEY);
    expect(JSON.stringify(status)).not.toContain(GEMINI_MOCK_KEY);
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

  it('previews a voice as a short WAV, and a second click costs no call', async () => {
    const p = make({ openai: OPENAI_MOCK_KEY });
    const long = 'A sentence to speak slowly. '.repeat(7).trim(); // the mock speaks ~60 ms per character
    const first = await p.preview({ provider: 'openai', voice: 'nova', text: long });
    const audio = decodeWav(Buffer.from(first.wav, 'base64'));
    expect(first).toMatchObject({ sampleRate: 24_000, durationSec: 6 });
    expect(audio.samples.length).toBe(6 * 24_000);
    expect(rms(audio.samples)).toBeGreaterThan(0.05);
    expect(Math.abs(audio.samples.at(-1)!)).toBeLessThan(0.01); // faded at the cut
    expect(await p.preview({ provider: 'openai', voice: 'nova', text: long })).toEqual(first);
    expect(mocks.openai.total('POST /v1/audio/speech')).toBe(1);
    expect((mocks.openai.requests[0]!.json as { voice: string }).voice).toBe('nova');
    await expect(p.preview({ provider: 'offline', voice: 'nobody' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/unknown offline voice/) });
  });
});

describe('keys stay with the endpoint they were entered for', () => {
  let listener: Listener;
  beforeEach(async () => {
    listener = await startListener();
    return () => listener.close();
  });

  it('a stored key is not sent to a base URL set later, and is sent again once it is set back', async () => {
    const settings = defaultProviderSettings();
    settings.openai.baseUrl = `${mocks.openai.url}/v1`;
    const p = createProviders({ secrets: createMemorySecretStore(), settings: () => settings, env: {} });
    p.setKey('openai', OPENAI_MOCK_KEY);
    expect((await p.testConnection('openai')).ok).toBe(true);
    settings.openai.baseUrl = `${listener.url}/v1`;
    expect(p.status().find((s) => s.provider === 'openai')).toMatchObject({ source: 'local', detachedKey: { host: new URL(mocks.openai.url).host, source: 'store' } });
    await p.testConnection('openai');
    await p.speech(['openai']).speak({ text: 'Hello.', voice: 'alloy' });
    expect(listener.received.length).toBeGreaterThan(0);
    expect(listener.everything()).not.toContain(OPENAI_MOCK_KEY);
    settings.openai.baseUrl = `${mocks.openai.url}/v1`;
    expect((await p.testConnection('openai')).ok).toBe(true);
  });

  it('an environment key goes only to the environment’s endpoint', async () => {
    const settings = defaultProviderSettings();
    settings.gemini.baseUrl = listener.url; // set through the UI: the env key is not for it
    const p = createProviders({ secrets: createMemorySecretStore(), settings: () => settings, env: { GEMINI_API_KEY: GEMINI_MOCK_KEY } });
    expect(p.status().find((s) => s.provider === 'gemini')).toMatchObject({ source: 'local', detachedKey: { host: 'generativelanguage.googleapis.com', source: 'env' } });
    await p.testConnection('gemini');
    expect(listener.received.length).toBe(1);
    expect(listener.everything()).not.toContain(GEMINI_MOCK_KEY);
  });

  it('a redirect to another server is refused before anything is sent there', async () => {
    const p = make({ elevenlabs: ELEVENLABS_MOCK_KEY });
    mocks.elevenlabs.inject({ kind: 'redirect', location: `${listener.url}/` }, 2);
    const test = await p.testConnection('elevenlabs');
    expect(test).toMatchObject({ ok: false, message: expect.stringContaining(`redirected Koru to ${new URL(listener.url).host}`) });
    const r = await p.speech(['elevenlabs']).speakDetailed({ text: 'Hello.', voice: '21m00Tcm4TlvDq8ikWAM' });
    expect(r.provider).toBe('offline');
    expect(r.skipped[0]!.error).toMatchObject({ failure: 'redirect' });
    expect(listener.received).toEqual([]);
    expect(mocks.elevenlabs.total('POST /v1/text-to-speech/:voice_id')).toBe(1); // not retried
  });
});
