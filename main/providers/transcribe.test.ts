import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELEVENLABS_MOCK_KEY, GEMINI_MOCK_KEY, OPENAI_MOCK_KEY, startElevenLabsMock, startGeminiMock, startOpenAIMock, type MockServer } from '../../test/mocks';
import { encodeWav16 } from './audio';
import { createElevenLabsTranscriber } from './elevenlabs';
import { ProviderError } from './errors';
import { createGeminiTranscriber } from './gemini';
import { createOpenAITranscriber } from './openai';
import { createQueue } from './queue';
import { queuedTranscriber } from './queued';

/** Tones where speech would be: [start, end] seconds, silence between. */
function clip(regions: Array<[number, number]>, seconds: number, rate = 16_000): Uint8Array {
  const samples = new Float32Array(Math.round(seconds * rate));
  for (const [a, b] of regions) for (let i = Math.round(a * rate); i < Math.round(b * rate); i++) samples[i] = 0.3 * Math.sin((2 * Math.PI * 200 * i) / rate);
  return encodeWav16({ samples, sampleRate: rate });
}

const REGIONS: Array<[number, number]> = [
  [0.5, 2.0],
  [3.0, 4.2],
];
const LINES = ['Hello there, friend.', 'Breathe in.'];

let openai: MockServer, eleven: MockServer, gemini: MockServer;
beforeAll(async () => {
  [openai, eleven, gemini] = await Promise.all([startOpenAIMock({ lines: LINES }), startElevenLabsMock({ lines: LINES }), startGeminiMock({ lines: LINES })]);
});
afterAll(() => Promise.all([openai.close(), eleven.close(), gemini.close()]));

const near = (x: number, y: number) => Math.abs(x - y) < 0.05;

describe('transcription on the real SDKs against the mocks', () => {
  it('whisper-1: verbose_json with segment and word times, language as a name', async () => {
    openai.reset();
    const t = createOpenAITranscriber({ apiKey: OPENAI_MOCK_KEY, baseURL: `${openai.url}/v1` });
    expect(t.timed).toBe(true);
    const res = await t.transcribe({ audio: clip(REGIONS, 5), filename: 'a.wav' });
    expect(res.language).toBe('english');
    expect(res.segments.map((s) => s.text)).toEqual(LINES);
    expect(near(res.segments[1]!.start, 3.0)).toBe(true);
    expect(res.words?.map((w) => w.text)).toEqual(['Hello', 'there,', 'friend.', 'Breathe', 'in.']);
    const sent = openai.requests.at(-1)!;
    expect(sent.endpoint).toBe('POST /v1/audio/transcriptions');
  });

  it('gpt-4o-transcribe: json, text only, and the client says it is untimed', async () => {
    const t = createOpenAITranscriber({ apiKey: OPENAI_MOCK_KEY, baseURL: `${openai.url}/v1`, transcribeModel: 'gpt-4o-transcribe' });
    expect(t.timed).toBe(false);
    const res = await t.transcribe({ audio: clip([[0.2, 1]], 1.5), filename: 'a.wav' });
    expect(res).toEqual({ text: LINES[0], segments: [] });
  });

  it('ElevenLabs Scribe: words with speakers grouped into lines', async () => {
    const t = createElevenLabsTranscriber({ apiKey: ELEVENLABS_MOCK_KEY, baseUrl: eleven.url });
    const res = await t.transcribe({ audio: clip(REGIONS, 5), filename: 'a.wav' });
    expect(res.segments.map((s) => [s.text, s.speaker])).toEqual([
      [LINES[0], 'speaker_0'],
      [LINES[1], 'speaker_1'],
    ]);
    expect(near(res.segments[0]!.start, 0.5) && near(res.segments[1]!.end, 4.2)).toBe(true);
    expect(res.words).toHaveLength(5); // spacing entries are not words
  });

  it('Gemini: a timed JSON transcript, validated', async () => {
    const t = createGeminiTranscriber({ apiKey: GEMINI_MOCK_KEY, baseUrl: gemini.url });
    const res = await t.transcribe({ audio: clip(REGIONS, 5), filename: 'a.wav' });
    expect(res.segments.map((s) => s.text)).toEqual(LINES);
    expect(near(res.segments[1]!.start, 3.0)).toBe(true);
  });

  it('a 429 then a 500 are retried by the queue; a file the server cannot read is a bad request', async () => {
    openai.reset();
    openai.inject({ kind: 'rate_limit', retryAfterMs: 10, endpoint: 'POST /v1/audio/transcriptions' });
    openai.inject({ kind: 'server', endpoint: 'POST /v1/audio/transcriptions' });
    const q = createQueue({ provider: 'openai', concurrency: 1, baseDelayMs: 5 });
    const t = queuedTranscriber(createOpenAITranscriber({ apiKey: OPENAI_MOCK_KEY, baseURL: `${openai.url}/v1` }), q);
    expect(t.maxUploadBytes).toBe(25 * 1024 * 1024);
    const res = await t.transcribe({ audio: clip(REGIONS, 5), filename: 'a.wav' });
    expect(res.segments).toHaveLength(2);
    expect(openai.total('POST /v1/audio/transcriptions')).toBe(3);
    const err = await t.transcribe({ audio: new Uint8Array(2000).fill(7), filename: 'noise.bin' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).failure).toBe('bad_request');
  });
});
