import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KoruError } from '../../contract/errors';
import { OPENAI_MOCK_KEY, startOpenAIMock, type MockServer } from '../../test/mocks';
import { rms } from './audio';
import { ProviderError } from './errors';
import { createOpenAISpeech, createOpenAITranscriber, createOpenAIWriter, OPENAI_PCM_RATE } from './openai';
import { createQueue } from './queue';
import { queuedSpeech } from './queued';

let mock: MockServer;
const opts = () => ({ apiKey: OPENAI_MOCK_KEY, baseURL: `${mock.url}/v1` });

beforeAll(async () => {
  mock = await startOpenAIMock();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('OpenAI clients against the mock (real SDK)', () => {
  it('speaks: pcm reply becomes Float32 at 24 kHz, length grows with the text', async () => {
    const synth = createOpenAISpeech(opts());
    const short = await synth.speak({ text: 'Breathe in.', voice: 'alloy' });
    const long = await synth.speak({ text: 'Breathe in slowly, and let the breath settle low in the belly.', voice: 'alloy' });
    expect(short.sampleRate).toBe(OPENAI_PCM_RATE);
    expect(long.samples.length).toBeGreaterThan(short.samples.length * 3);
    expect(rms(long.samples)).toBeGreaterThan(0.1);
    const sent = mock.requests.at(-1)!.json as { response_format: string; voice: string; model: string };
    expect(sent).toMatchObject({ response_format: 'pcm', voice: 'alloy', model: 'gpt-4o-mini-tts' });
  });

  it('writes text, asking for a JSON object when json is set', async () => {
    const writer = createOpenAIWriter({ ...opts(), textModel: 'llama3' });
    const out = await writer.write({ messages: [{ role: 'system', content: 'Be calm.' }, { role: 'user', content: 'sleep' }], json: true });
    expect(JSON.parse(out)).toEqual({ echo: 'sleep' });
    const sent = mock.requests.at(-1)!.json as { model: string; response_format: unknown };
    expect(sent.model).toBe('llama3');
    expect(sent.response_format).toEqual({ type: 'json_object' });
  });

  it('refuses oversize input before sending anything', async () => {
    const t = createOpenAITranscriber(opts());
    await expect(t.transcribe({ audio: new Uint8Array(25 * 1024 * 1024 + 1), filename: 'big.wav' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const synth = createOpenAISpeech(opts());
    await expect(synth.speak({ text: 'a'.repeat(4097), voice: 'alloy' })).rejects.toBeInstanceOf(KoruError);
    expect(mock.total()).toBe(0);
  });

  it.each([
    ['auth', 'auth', 'OpenAI rejected the API key'],
    ['rate_limit', 'rate_limited', 'OpenAI is rate-limiting Koru'],
    ['server', 'server', 'OpenAI had a server error'],
    ['unavailable', 'busy', 'OpenAI is overloaded'],
    ['bad_request', 'bad_request', 'OpenAI refused the request'],
    ['not_audio', 'bad_reply', 'OpenAI sent something that is not audio'],
    ['drop', 'network', 'could not reach OpenAI'],
  ] as const)('maps a %s fault to failure %s with a message saying what to do', async (kind, failure, message) => {
    mock.inject({ kind });
    const q = createQueue({ provider: 'openai', concurrency: 1, maxRetries: 0 });
    const err = await queuedSpeech(createOpenAISpeech(opts()), q).speak({ text: 'Hello.', voice: 'alloy' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).failure).toBe(failure);
    expect((err as ProviderError).message).toContain(message);
    expect((err as ProviderError).code).toBe('PROVIDER');
    expect(mock.total()).toBe(1); // the SDK's own retries are off
  });

  it('maps malformed JSON in a chat reply to bad_reply, and a slow reply past the attempt timeout to timeout', async () => {
    mock.inject({ kind: 'malformed' });
    const q = createQueue({ provider: 'openai', concurrency: 1, maxRetries: 0, attemptTimeoutMs: 150 });
    const writer = createOpenAIWriter(opts());
    const run = () => q.run((signal) => writer.write({ messages: [{ role: 'user', content: 'x' }], signal }));
    await expect(run()).rejects.toMatchObject({ failure: 'bad_reply' });
    mock.inject({ kind: 'slow', delayMs: 1000 });
    const t0 = Date.now();
    await expect(run()).rejects.toMatchObject({ failure: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(900);
  });

  it('a wrong key is auth, never retried', async () => {
    const q = createQueue({ provider: 'openai', concurrency: 1, baseDelayMs: 1 });
    const synth = queuedSpeech(createOpenAISpeech({ ...opts(), apiKey: 'sk-wrong-key' }), q);
    await expect(synth.speak({ text: 'Hi.', voice: 'alloy' })).rejects.toMatchObject({ failure: 'auth', status: 401 });
    expect(mock.total()).toBe(1);
    expect(q.stats().retries).toBe(0);
  });
});
