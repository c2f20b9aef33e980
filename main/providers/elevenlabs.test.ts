import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ELEVENLABS_MOCK_KEY, realisticLatency, startElevenLabsMock, type MockServer } from '../../test/mocks';
import { rms } from './audio';
import { ProviderError } from './errors';
import { createElevenLabsSpeech, ELEVENLABS_DEFAULT_MAX_CHARS } from './elevenlabs';
import { createQueue } from './queue';
import { queuedSpeech } from './queued';

let mock: MockServer;
const VOICE = '21m00Tcm4TlvDq8ikWAM';
const opts = () => ({ apiKey: ELEVENLABS_MOCK_KEY, baseUrl: mock.url });

beforeAll(async () => {
  mock = await startElevenLabsMock({ maxChars: 7500 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('ElevenLabs speech against the mock (real SDK)', () => {
  it('speaks pcm_24000 with output_format in the query and previous/next text in the body', async () => {
    const synth = createElevenLabsSpeech(opts());
    const audio = await synth.speak({ text: 'Let the shoulders soften.', voice: VOICE, previousText: 'Breathe in.', nextText: 'And rest.' });
    expect(audio.sampleRate).toBe(24_000);
    expect(audio.samples.length).toBeGreaterThan(24_000); // ~1.5 s of mock speech
    expect(rms(audio.samples)).toBeGreaterThan(0.1);
    const req = mock.requests.at(-1)!;
    expect(req.query.output_format).toBe('pcm_24000');
    expect(req.json).toMatchObject({ text: 'Let the shoulders soften.', model_id: 'eleven_multilingual_v2', previous_text: 'Breathe in.', next_text: 'And rest.' });
  });

  it('decodes an MP3 reply with the wasm decoder', async () => {
    const synth = createElevenLabsSpeech({ ...opts(), outputFormat: 'mp3_44100_128' });
    const audio = await synth.speak({ text: 'Let the shoulders soften.', voice: VOICE });
    expect(audio.sampleRate).toBe(44_100);
    // 25 chars × 60 ms = 1.5 s; MP3 adds a little encoder padding.
    expect(audio.samples.length / audio.sampleRate).toBeGreaterThan(1.4);
    expect(audio.samples.length / audio.sampleRate).toBeLessThan(1.7);
    expect(rms(audio.samples)).toBeGreaterThan(0.1);
  });

  it('reads the per-model character limit from /v1/models once', async () => {
    const synth = createElevenLabsSpeech(opts());
    expect(synth.maxChars).toBe(ELEVENLABS_DEFAULT_MAX_CHARS);
    await synth.prepare();
    await synth.prepare();
    expect(synth.maxChars).toBe(7500);
    expect(mock.calls['GET /v1/models']).toBe(1);
  });

  it('lists voices', async () => {
    const voices = await createElevenLabsSpeech(opts()).voices();
    expect(voices[0]).toEqual({ id: VOICE, name: 'Rachel', language: 'en' });
    expect(voices).toHaveLength(2);
  });

  it.each([
    ['el_concurrency', 'concurrency'],
    ['el_busy', 'busy'],
    ['auth', 'auth'],
    ['server', 'server'],
    ['not_audio', 'bad_reply'],
    ['drop', 'network'],
  ] as const)('maps %s to %s', async (kind, failure) => {
    mock.inject({ kind, retryAfter: '2' });
    const q = createQueue({ provider: 'elevenlabs', concurrency: 1, maxRetries: 0, maxConcurrencyRetries: 0 });
    const err = await queuedSpeech(createElevenLabsSpeech(opts()), q).speak({ text: 'Hi.', voice: VOICE }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).failure).toBe(failure);
    expect((err as ProviderError).message).toContain('ElevenLabs');
    if (kind.startsWith('el_')) expect((err as ProviderError).retryAfterMs).toBe(2000);
    expect(mock.total()).toBe(1); // the SDK's own retries are off
  });

  it('an unknown voice is a bad request, not retried', async () => {
    const q = createQueue({ provider: 'elevenlabs', concurrency: 1, baseDelayMs: 1 });
    const err = await queuedSpeech(createElevenLabsSpeech(opts()), q).speak({ text: 'Hi.', voice: 'nope' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'bad_request', status: 404 });
    expect(mock.total()).toBe(1);
  });

  it('concurrency refusals shrink the parallelism and wait for a slot; busy backs off', async () => {
    mock.latencyMs = 30;
    const q = createQueue({ provider: 'elevenlabs', concurrency: 3, baseDelayMs: 20, concurrencyRecoveryMs: 60_000 });
    const synth = queuedSpeech(createElevenLabsSpeech(opts()), q);
    mock.inject({ kind: 'el_concurrency', endpoint: 'POST /v1/text-to-speech/:voice_id' }, 2);
    const texts = Array.from({ length: 6 }, (_, i) => `Sentence number ${i}.`);
    const out = await Promise.all(texts.map((text) => synth.speak({ text, voice: VOICE })));
    expect(out).toHaveLength(6);
    const st = q.stats();
    expect(st.failures.concurrency).toBe(2);
    expect(st.effectiveConcurrency).toBeLessThan(3); // lowered, recovers later
    expect(st.retries).toBe(2);

    mock.reset();
    const t0 = Date.now();
    mock.inject({ kind: 'el_busy', retryAfter: '0.2' });
    await synth.speak({ text: 'Once more.', voice: VOICE });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200); // honoured Retry-After
    expect(q.stats().failures.busy).toBe(1);
  });

  it('the mock can answer with realistic latency (speech slower than listings, longer text slower)', async () => {
    mock.latencyMs = realisticLatency(0.2); // a fifth of real: speech ≥ 60 ms, listings ≈ 16 ms
    const synth = createElevenLabsSpeech(opts());
    let t0 = performance.now();
    await synth.voices();
    const list = performance.now() - t0;
    t0 = performance.now();
    await synth.speak({ text: 'Soften. '.repeat(40), voice: VOICE });
    const speech = performance.now() - t0;
    expect(list).toBeGreaterThanOrEqual(15);
    expect(speech).toBeGreaterThanOrEqual(0.2 * (300 + 1.5 * 320));
    expect(speech).toBeGreaterThan(list * 3);
  });
});
