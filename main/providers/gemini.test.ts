import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GEMINI_MOCK_KEY, startGeminiMock, type MockServer } from '../../test/mocks';
import { rms } from './audio';
import { ProviderError } from './errors';
import { createGeminiClient, createGeminiSpeech, createGeminiWriter, listGeminiModels } from './gemini';
import { createQueue } from './queue';
import { queuedWriter } from './queued';

let mock: MockServer;
const opts = () => ({ apiKey: GEMINI_MOCK_KEY, baseUrl: mock.url });

beforeAll(async () => {
  mock = await startGeminiMock();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('Gemini clients against the mock (real SDK)', () => {
  it('writes JSON with responseMimeType and a system instruction', async () => {
    const w = createGeminiWriter({ ...opts(), textModel: 'gemini-x' });
    const out = await w.write({ messages: [{ role: 'system', content: 'Be kind.' }, { role: 'user', content: 'gratitude' }], json: true });
    expect(JSON.parse(out)).toEqual({ echo: 'gratitude' });
    const req = mock.requests.at(-1)!;
    expect(mock.calls['POST /v1beta/models/:model:generateContent']).toBe(1);
    expect(req.json).toMatchObject({ generationConfig: { responseMimeType: 'application/json' }, systemInstruction: { parts: [{ text: 'Be kind.' }] } });
  });

  it('speaks: base64 L16 inline data at the rate named in the mimeType', async () => {
    const s = createGeminiSpeech(opts());
    const audio = await s.speak({ text: 'Rest here for a while.', voice: 'Kore' });
    expect(audio.sampleRate).toBe(24_000);
    expect(audio.samples.length).toBeCloseTo(22 * 0.06 * 24_000, -2);
    expect(rms(audio.samples)).toBeGreaterThan(0.1);
    expect(mock.requests.at(-1)!.json).toMatchObject({
      generationConfig: { responseModalities: ['AUDIO'], speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } } },
    });
  });

  it('a text model asked for audio is a bad request', async () => {
    const s = createGeminiSpeech({ ...opts(), speechModel: 'gemini-2.5-flash' });
    const q = createQueue({ provider: 'gemini', concurrency: 1 });
    const err = await q.run((signal) => s.speak({ text: 'Hi.', voice: 'Kore', signal })).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'bad_request', status: 400 });
  });

  it('lists models for the connection test', async () => {
    expect(await listGeminiModels(createGeminiClient(opts()))).toContain('models/gemini-2.5-flash');
  });

  it.each([
    ['auth', 'auth'],
    ['rate_limit', 'rate_limited'],
    ['server', 'server'],
    ['unavailable', 'busy'],
    ['malformed', 'bad_reply'],
    ['drop', 'network'],
  ] as const)('maps %s to %s', async (kind, failure) => {
    mock.inject({ kind });
    const q = createQueue({ provider: 'gemini', concurrency: 1, maxRetries: 0 });
    const w = queuedWriter(createGeminiWriter(opts()), q);
    const err = await w.write({ messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).failure).toBe(failure);
    expect((err as ProviderError).message).toContain('Gemini');
    expect(mock.total()).toBe(1); // the SDK's own retries are off: the queue owns retrying
  });

  it('honours the RetryInfo delay Gemini puts in a 429 body', async () => {
    mock.inject({ kind: 'rate_limit', retryAfterMs: 150 });
    const q = createQueue({ provider: 'gemini', concurrency: 1, baseDelayMs: 1 });
    const t0 = Date.now();
    const out = await queuedWriter(createGeminiWriter(opts()), q).write({ messages: [{ role: 'user', content: 'again' }] });
    expect(out).toBe('You said: again');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expect(q.stats()).toMatchObject({ retries: 1, failures: { rate_limited: 1 } });
  });
});
