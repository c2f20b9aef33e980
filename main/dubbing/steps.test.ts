import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAI_MOCK_KEY, startOpenAIMock, type MockServer } from '../../test/mocks';
import type { DubSource } from '../../contract/dubbing';
import { createOpenAITranscriber, createOpenAIWriter, createQueue, queuedTranscriber } from '../providers';
import { planFit, timeStretch } from './fit';
import { sameLanguage } from './language';
import { buildSubtitles, parseSubtitles } from './subtitles';
import { transcribeSource } from './transcribe';
import { translateLines } from './translate';

let dir: string;
let openai: MockServer;
let replies: Array<(ids: string[], texts: string[]) => unknown> = [];
let asked: Array<{ id: string; text: string }> = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'koru-dub-steps-'));
  openai = await startOpenAIMock({
    // The first ask carries the lines as JSON; a second ask (after a bad reply) names the ids again.
    reply: (prompt) => {
      if (prompt.startsWith('{')) asked = (JSON.parse(prompt) as { segments: Array<{ id: string; text: string }> }).segments;
      const segs = asked;
      const next = replies.shift() ?? ((ids: string[], texts: string[]) => ({ segments: ids.map((id, i) => ({ id, text: `FR ${texts[i]}` })) }));
      return JSON.stringify(next(segs.map((s) => s.id), segs.map((s) => s.text)));
    },
  });
});
afterAll(async () => {
  await openai.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('transcription of a recording over the 25 MB upload limit', () => {
  it('is split in pauses into uploads under the limit, and the times are moved back into place', async () => {
    // 14 minutes at 16 kHz mono: 26.9 MB as a WAV. Two seconds of a 1 kHz tone every three seconds
    // (one period tabled: 13 M calls to Math.sin cost more than the rest of the test).
    const rate = 16_000;
    const seconds = 14 * 60;
    const period = Array.from({ length: 16 }, (_, k) => Math.round(8000 * Math.sin((2 * Math.PI * k) / 16)));
    const pcm = new Uint8Array(rate * seconds * 2);
    const view = new DataView(pcm.buffer);
    for (let i = 0; i < rate * seconds; i++) if (i % (3 * rate) < 2 * rate) view.setInt16(i * 2, period[i & 15]!, true);
    const path = join(dir, 'long.s16');
    writeFileSync(path, pcm);
    const source: DubSource = { name: 'long.wav', format: 'WAV', video: false, sampleRate: rate, channels: 1, frames: rate * seconds, durationSec: seconds };
    openai.reset();
    openai.inject({ kind: 'rate_limit', retryAfterMs: 5, endpoint: 'POST /v1/audio/transcriptions' });
    openai.inject({ kind: 'server', endpoint: 'POST /v1/audio/transcriptions' });
    const t = queuedTranscriber(createOpenAITranscriber({ apiKey: OPENAI_MOCK_KEY, baseURL: `${openai.url}/v1` }), createQueue({ provider: 'openai', concurrency: 2, baseDelayMs: 5 }));
    const res = await transcribeSource({ transcriber: t, path, source, signal: new AbortController().signal });
    const uploads = openai.requests.filter((r) => r.endpoint === 'POST /v1/audio/transcriptions');
    expect(res.requests).toBe(2);
    expect(uploads).toHaveLength(4); // two pieces, one 429 and one 500 retried
    for (const u of uploads) expect(u.bytes).toBeLessThan(25 * 1024 * 1024);
    expect(res.segments).toHaveLength(seconds / 3);
    // Every line where its tone is, across the cut: k·3 s … k·3 + 2 s.
    res.segments.forEach((s, k) => {
      expect(Math.abs(s.start - 3 * k)).toBeLessThan(0.05);
      expect(Math.abs(s.end - (3 * k + 2))).toBeLessThan(0.05);
    });
  }, 60_000);
});

describe('translation keeps every line by id', () => {
  const lines = ['One.', 'Two.', 'Three.'].map((text, i) => ({ id: `s${i + 1}`, text, seconds: 2 }));
  const run = () => translateLines({ writer: createOpenAIWriter({ apiKey: OPENAI_MOCK_KEY, baseURL: `${openai.url}/v1` }), lines, all: lines, from: 'English', to: 'French', glossary: ['Koru'], signal: new AbortController().signal });

  it('sends ids, budgets, context and the glossary, and reads the reply back by id', async () => {
    openai.reset();
    const got = await run();
    expect([...got]).toEqual([['s1', 'FR One.'], ['s2', 'FR Two.'], ['s3', 'FR Three.']]);
    const sent = openai.requests.at(-1)!.json as { messages: Array<{ role: string; content: string }>; response_format: unknown };
    expect(sent.response_format).toEqual({ type: 'json_object' });
    expect(sent.messages[0]!.content).toContain('"Koru"');
    expect(JSON.parse(sent.messages[1]!.content)).toMatchObject({ segments: [{ id: 's1', text: 'One.', budget: 28 }, { id: 's2' }, { id: 's3' }] });
  });

  it('a dropped or merged line is asked for once more', async () => {
    openai.reset();
    replies = [(ids, texts) => ({ segments: [{ id: ids[0], text: `${texts[0]} ${texts[1]}` }, { id: ids[2], text: texts[2] }] })];
    const got = await run();
    expect(got.get('s2')).toBe('FR Two.');
    expect(openai.total('POST /v1/chat/completions')).toBe(2);
  });

  it('twice wrong: the error names the lines', async () => {
    const merged = (ids: string[], texts: string[]) => ({ segments: [{ id: ids[0], text: texts.join(' ') }] });
    replies = [merged, merged];
    await expect(run()).rejects.toMatchObject({ code: 'PROVIDER', message: expect.stringMatching(/dropped or merged s2, s3 .*twice/) });
  });
});

describe('fitting, subtitles and languages', () => {
  it('stretches up to the limit, then borrows the pause, then goes over the limit rather than overlap', async () => {
    expect(planFit(1.0, 1.2, 2, 1.25)).toEqual({ stretch: 1, overLimit: false });
    expect(planFit(1.2, 1.0, 2, 1.25)).toMatchObject({ stretch: 1.2, overLimit: false });
    expect(planFit(1.5, 1.0, 2, 1.25)).toMatchObject({ stretch: 1.25, overLimit: false }); // 1.2 s, borrows 0.2 s of pause
    expect(planFit(1.5, 1.0, 1.1, 1.25)).toMatchObject({ overLimit: true });
    expect(1.5 / planFit(1.5, 1.0, 1.1, 1.25).stretch).toBeLessThanOrEqual(1.1 - 0.02 + 1e-9);
    const rate = 22_050;
    const x = Float32Array.from({ length: rate }, (_, i) => Math.sin((2 * Math.PI * 200 * i) / rate));
    const y = await timeStretch(x, rate, 1.25);
    expect(y.length).toBe(Math.round(rate / 1.25));
    // Same pitch: zero crossings per second unchanged.
    const crossings = (s: Float32Array) => s.slice(1).filter((v, i) => (v >= 0) !== (s[i]! >= 0)).length / (s.length / rate);
    expect(Math.abs(crossings(y.subarray(2000, 15000)) - 400)).toBeLessThan(10);
  });

  it('SRT and VTT round-trip; overlapping or out-of-order cues are refused with their numbers', () => {
    const cues = [{ start: 0.5, end: 1.75, text: 'Hello.' }, { start: 2, end: 3.5, text: 'Breathe.' }];
    expect(parseSubtitles(buildSubtitles(cues, 'srt'), 'a.srt')).toEqual(cues);
    expect(parseSubtitles(buildSubtitles(cues, 'vtt'), 'a.vtt')).toEqual(cues);
    expect(() => parseSubtitles('just some words', 'x.srt')).toThrow(/not SRT or VTT/);
    const bad = buildSubtitles([{ start: 2, end: 3, text: 'B' }, { start: 0.5, end: 1, text: 'A' }], 'srt');
    expect(() => parseSubtitles(bad, 'b.srt')).toThrow(/cue 2 .* starts before cue 1/);
  });

  it('knows a language however it is written', () => {
    expect(sameLanguage('English', 'english')).toBe(true);
    expect(sameLanguage('en-GB', 'eng')).toBe(true);
    expect(sameLanguage('fr', 'French')).toBe(true);
    expect(sameLanguage('fr', 'de')).toBe(false);
  });
});
