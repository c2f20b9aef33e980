import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FFT from 'fft.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_LINES, makeSpeechFixture, TONE_AMP, TONE_HZ, type SpeechFixture } from '../../test/dubbing-fixture';
import { readWav } from '../../test/audio-files';
import { OPENAI_MOCK_KEY, startOpenAIMock, translatingReply, type MockServer } from '../../test/mocks';
import { Settings } from '../../contract/settings';
import { createFileRegistry } from '../files';
import { createMemorySecretStore } from '../secrets';
import { createOfflineSpeech, createProviders, defaultProviderSettings } from '../providers';
import { createFileStore, createJobRepo, openDatabase } from '../storage';
import { trimSilence } from './fit';
import { createDubbingService } from './service';

let dir: string;
let fx: SpeechFixture;
let openai: MockServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'koru-dub-'));
  fx = await makeSpeechFixture(dir);
  openai = await startOpenAIMock({ lines: FIXTURE_LINES, reply: translatingReply('[fr]') });
}, 60_000);
afterAll(async () => {
  await openai.close();
  rmSync(dir, { recursive: true, force: true });
});

function setup(name: string, keys: Record<string, string> = { openai: OPENAI_MOCK_KEY }, mock = openai) {
  const data = join(dir, name);
  const db = openDatabase(join(data, 'koru.db'));
  const registry = createFileRegistry({ dataDir: data, exportDir: join(data, 'exports'), downloadPath: '/files' });
  const env = keys.openai ? { OPENAI_BASE_URL: `${mock.url}/v1` } : {};
  const providers = createProviders({ secrets: createMemorySecretStore(keys), settings: { ...defaultProviderSettings(), speechOrder: ['offline'] }, env, queue: { baseDelayMs: 5 } });
  const service = createDubbingService({ db, files: createFileStore(join(data, 'files')), registry, providers, emit: () => undefined, log: () => undefined, getSettings: () => Settings.parse({ maxVolume: 1 }), exportDir: join(data, 'exports') });
  /** What the dub's last job logged, in order. */
  const logOf = (id: string) => {
    const jobs = createJobRepo(db);
    return jobs.logs(jobs.list({ kind: 'dub', subject: id, limit: 1 })[0]!.id).map((e) => `${e.level}: ${e.action}`);
  };
  return { service, registry, db, data, logOf };
}

/** First sample above `threshold` from `fromSec` on, in seconds. */
function onset(x: Float32Array, rate: number, fromSec: number, threshold = 0.02): number {
  for (let i = Math.max(0, Math.round(fromSec * rate)); i < x.length; i++) if (Math.abs(x[i]!) > threshold) return i / rate;
  return Infinity;
}

/** Level of `hz` in a 0.37 s Hann window at `atSec` (FFT magnitude, relative). */
function toneLevel(x: Float32Array, rate: number, atSec: number, hz: number): number {
  const n = 16384;
  const fft = new FFT(n);
  const input = new Array<number>(n);
  const from = Math.round(atSec * rate);
  for (let i = 0; i < n; i++) input[i] = (x[from + i] ?? 0) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
  const out = fft.createComplexArray() as number[];
  fft.realTransform(out, input);
  const k = Math.round((hz * n) / rate);
  let best = 0;
  for (let j = k - 2; j <= k + 2; j++) best = Math.max(best, Math.hypot(out[2 * j]!, out[2 * j + 1]!));
  return best;
}

describe('dubbing end to end in main (real SDK on the mocks, offline voice)', () => {
  it('transcribes, translates, voices and mixes in sync: starts within 20 ms, no overlap, exact length, the bed ducked by FFT', async () => {
    const { service, registry } = setup('full');
    const file = registry.adopt(fx.wav, 'audio');
    const created = service.create({ fileId: file.fileId, to: 'French', transcriber: 'openai', writer: 'openai', speechProvider: 'offline' });
    const dub = await service.whenDone(created.id)!;
    expect(dub.error).toBeNull();
    expect(dub.status).toBe('ready');
    expect(dub.sourceLanguage).toBe('english');
    expect(dub.steps.every((s) => s.state === 'done')).toBe(true);
    expect(dub.segments.map((s) => s.targetText)).toEqual(FIXTURE_LINES.map((l) => `[fr] ${l}`));
    // The lines the mock heard are where the fixture put them.
    dub.segments.forEach((s, i) => expect(Math.abs(s.sourceStart - fx.lines[i]!.start)).toBeLessThan(0.06));
    dub.segments.slice(1).forEach((s, i) => expect(s.dubStart!).toBeGreaterThanOrEqual(dub.segments[i]!.dubEnd!));

    // Dub only: where each line really starts in the rendered file.
    service.updateOptions(dub.id, { mix: 'dub-only' });
    const alone = await service.export(dub.id, 'wav', { path: join(dir, 'alone.wav'), texts: {} });
    const a = readWav(alone.audio.path);
    expect(a.samples.length / a.channels).toBe(fx.frames); // exactly the source's length
    const left = a.channel(0);
    const errors = dub.segments.map((s) => Math.abs(onset(left, a.sampleRate, s.sourceStart - 0.3) - s.sourceStart));
    expect(Math.max(...errors)).toBeLessThan(0.02);

    // Over the original: the tone carries on under the dub, ducked by the default 18 dB.
    service.updateOptions(dub.id, { mix: 'over' });
    const over = await service.export(dub.id, 'wav', { path: join(dir, 'over.wav') });
    const o = readWav(over.audio.path);
    expect(o.samples.length / o.channels).toBe(fx.frames);
    const mid = (dub.segments[1]!.dubStart! + dub.segments[1]!.dubEnd!) / 2 - 0.18;
    const original = Float32Array.from({ length: fx.frames }, (_, i) => fx.samples[2 * i]!);
    const depth = 20 * Math.log10(toneLevel(o.channel(0), o.sampleRate, mid, TONE_HZ) / toneLevel(original, fx.sampleRate, mid, TONE_HZ));
    expect(depth).toBeGreaterThan(-18 - 2);
    expect(depth).toBeLessThan(-18 + 2);
    // Before the first line the bed is untouched.
    const before = 20 * Math.log10(toneLevel(o.channel(0), o.sampleRate, 0.05, TONE_HZ) / (TONE_AMP * 16384 * 0.25));
    expect(Math.abs(before)).toBeLessThan(1.5);

    const texts = Object.fromEntries(over.texts.map((p) => [p.split('.').slice(-2).join('.'), readFileSync(p, 'utf8')]));
    expect(texts['source.srt']).toContain('Welcome to the lesson.');
    expect(texts['French.vtt']).toMatch(/^WEBVTT/);
    expect(texts['French.vtt']).toContain('[fr] Today we breathe slowly.');
    const json = JSON.parse(texts['segments.json']!) as { segments: Array<Record<string, unknown>> };
    expect(Object.keys(json.segments[0]!)).toEqual(['id', 'sourceStart', 'sourceEnd', 'dubStart', 'dubEnd', 'stretch', 'sourceText', 'targetText']);
    expect(texts['transcript.txt']).toContain('English → French');
  }, 90_000);

  it('editing one line re-voices that line alone: exactly one new speech call', async () => {
    const { service, registry } = setup('edit');
    const file = registry.adopt(fx.wav, 'audio');
    const d = service.create({ fileId: file.fileId, to: 'French', transcriber: 'openai', writer: 'openai', speechProvider: 'openai', voice: 'alloy' });
    await service.whenDone(d.id);
    const speech = () => openai.total('POST /v1/audio/speech');
    const before = speech();
    const chats = openai.total('POST /v1/chat/completions');
    const after = service.updateSegment(d.id, 's2', { targetText: 'Aujourd’hui nous respirons lentement.' });
    expect(after.status).toBe('working');
    const done = await service.whenDone(d.id)!;
    expect(done.status).toBe('ready');
    expect(speech() - before).toBe(1);
    expect(openai.total('POST /v1/chat/completions')).toBe(chats);
    expect(done.segments[1]).toMatchObject({ targetText: 'Aujourd’hui nous respirons lentement.', voiced: true });
    expect(done.segments[1]!.dubStart).toBeCloseTo(done.segments[1]!.sourceStart, 6);
  }, 60_000);

  it('the same words at two stretches that round alike are fitted into two files: the export reads each line whole', async () => {
    // Each line's stretch is its speech over its cue's length; the cues are cut so that the
    // two stretches (about 1.1001 and 1.1003) round to the same thousandth but give lengths that differ.
    const text = 'Breathe in slowly through the nose, hold the breath for a moment, and let it go through the mouth as the shoulders soften.';
    mkdirSync(join(dir, 'repeat'), { recursive: true });
    const long = await makeSpeechFixture(join(dir, 'repeat'), { lines: [text, text], pauseSec: 2 });
    const voice = createOfflineSpeech();
    const spoken = await voice.speak({ text, voice: 'en-gb' }).finally(() => voice.close());
    const speechSec = trimSilence(spoken.samples, spoken.sampleRate).length / spoken.sampleRate;
    const stamp = (ms: number) => new Date(ms).toISOString().slice(11, 23).replace('.', ',');
    const cues = [1.1001, 1.1003].map((stretch, k) => {
      const from = Math.round(long.lines[k]!.start * 1000);
      return `${k + 1}\n${stamp(from)} --> ${stamp(from + Math.round((speechSec / stretch) * 1000))}\n${text}\n`;
    });
    const srt = join(dir, 'repeat.srt');
    writeFileSync(srt, cues.join('\n'));
    const { service, registry } = setup('repeat', {});
    const d = service.create({ fileId: registry.adopt(long.wav, 'audio').fileId, to: 'en', from: 'en', transcriptFileId: registry.adopt(srt, 'subtitles').fileId, mix: 'dub-only' });
    const done = await service.whenDone(d.id)!;
    expect(done.status).toBe('ready');
    const [a, b] = done.segments;
    expect(Math.round(a!.stretch! * 1000)).toBe(Math.round(b!.stretch! * 1000));
    expect(a!.stretch).not.toBe(b!.stretch);
    const out = await service.export(d.id, 'wav', { path: join(dir, 'repeat.wav'), texts: {} });
    expect(readWav(out.audio.path).samples.length / 2).toBe(long.frames);
  }, 60_000);

  it('voice replacement from an imported SRT works with no key at all; bad transcripts are refused with the step kept', async () => {
    const { service, registry } = setup('offline', {});
    const srt = join(dir, 'talk.srt');
    const cue = (i: number, a: string, b: string, t: string) => `${i}\n${a} --> ${b}\n${t}\n`;
    writeFileSync(srt, [cue(1, '00:00:00,600', '00:00:02,000', 'Welcome to the lesson.'), cue(2, '00:00:02,900', '00:00:04,500', 'Today we breathe slowly.')].join('\n'));
    const file = registry.adopt(fx.wav, 'audio');
    const d = service.create({ fileId: file.fileId, to: 'en', from: 'English', transcriptFileId: registry.adopt(srt, 'subtitles').fileId });
    const done = await service.whenDone(d.id)!;
    expect(done).toMatchObject({ status: 'ready', voiceReplacement: true });
    expect(done.segments.map((s) => s.targetText)).toEqual(['Welcome to the lesson.', 'Today we breathe slowly.']);

    const overlapping = join(dir, 'bad.srt');
    writeFileSync(overlapping, [cue(1, '00:00:00,600', '00:00:03,000', 'One.'), cue(2, '00:00:02,000', '00:00:04,000', 'Two.')].join('\n'));
    const bad = service.create({ fileId: file.fileId, to: 'en', from: 'en', transcriptFileId: registry.adopt(overlapping, 'subtitles').fileId });
    const failed = await service.whenDone(bad.id)!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/cue 1 .* overlaps cue 2/);
    expect(failed.steps.map((s) => s.state)).toEqual(['done', 'failed', 'pending', 'pending', 'pending']);
    expect(failed.source).not.toBeNull(); // the decoded file is kept for the next try

    const late = join(dir, 'late.srt');
    writeFileSync(late, cue(1, '00:00:01,000', '00:09:00,000', 'Far too long.'));
    const past = service.create({ fileId: file.fileId, to: 'en', from: 'en', transcriptFileId: registry.adopt(late, 'subtitles').fileId });
    expect((await service.whenDone(past.id)!).error).toMatch(/past the end of the recording/);

    // Translating with no text provider says so, and what works offline.
    const french = service.create({ fileId: file.fileId, to: 'fr', from: 'en', transcriptFileId: registry.adopt(srt, 'subtitles').fileId });
    expect((await service.whenDone(french.id)!).error).toMatch(/needs a text provider .* Offline, Koru can only re-voice in the source language/);
  }, 60_000);
});

describe('bad input from providers: typed errors, nothing half-stored, every finished step kept', () => {
  it('a translation that drops lines is asked for again, then reported by id; Resume translates without transcribing again', async () => {
    let broken = true;
    const good = translatingReply('[fr]');
    // Twice wrong: every batch comes back with its lines merged into the first.
    const mock = await startOpenAIMock({
      lines: FIXTURE_LINES,
      reply: (prompt, json) => {
        if (!broken) return good(prompt, json);
        const req = JSON.parse(prompt.startsWith('{') ? prompt : '{"segments":[{"id":"s1","text":"?"}]}') as { segments: Array<{ id: string; text: string }> };
        return JSON.stringify({ segments: [{ id: req.segments[0]!.id, text: req.segments.map((x) => x.text).join(' ') }] });
      },
    });
    try {
      const { service, registry } = setup('merged', { openai: OPENAI_MOCK_KEY }, mock);
      const d = service.create({ fileId: registry.adopt(fx.wav, 'audio').fileId, to: 'fr', transcriber: 'openai', writer: 'openai', speechProvider: 'offline' });
      const failed = await service.whenDone(d.id)!;
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/dropped or merged s2, s3 \(lines s1–s3\), twice/);
      expect(failed.steps.map((x) => x.state)).toEqual(['done', 'done', 'failed', 'pending', 'pending']);
      expect(failed.segments.map((x) => x.targetText)).toEqual([null, null, null]); // nothing half-stored
      expect(mock.total('POST /v1/chat/completions')).toBe(2);

      broken = false;
      service.resume(d.id);
      const done = await service.whenDone(d.id)!;
      expect(done.status).toBe('ready');
      expect(done.segments.map((x) => x.targetText)).toEqual(FIXTURE_LINES.map((l) => `[fr] ${l}`));
      expect(mock.total('POST /v1/audio/transcriptions')).toBe(1);
    } finally {
      await mock.close();
    }
  }, 60_000);

  it('a voice that sends something that is not audio is named, and the offline voice speaks that line', async () => {
    const { service, registry, logOf } = setup('not-audio');
    // A bad reply is asked for once more: four for three lines voiced at once leave one line
    // with two in a row.
    openai.reset();
    openai.inject({ kind: 'not_audio', endpoint: 'POST /v1/audio/speech' }, 4);
    const d = service.create({ fileId: registry.adopt(fx.wav, 'audio').fileId, to: 'French', transcriber: 'openai', writer: 'openai', speechProvider: 'openai', voice: 'alloy' });
    const done = await service.whenDone(d.id)!;
    expect(done.status).toBe('ready');
    expect(done.segments.every((x) => x.voiced && x.stretch !== null)).toBe(true);
    expect(openai.faultsServed.not_audio).toBe(4);
    expect(logOf(d.id)).toContainEqual(expect.stringMatching(/^warn: OpenAI could not speak \(OpenAI sent something that is not audio .*\); Offline voice spoke instead$/));
  }, 60_000);

  it('a transcription that cannot be read fails the step with the provider named; the decoded source is kept for Resume', async () => {
    const { service, registry } = setup('unreadable');
    openai.reset();
    openai.inject({ kind: 'malformed', endpoint: 'POST /v1/audio/transcriptions' }, 4);
    const d = service.create({ fileId: registry.adopt(fx.wav, 'audio').fileId, to: 'French', transcriber: 'openai', writer: 'openai', speechProvider: 'offline' });
    const failed = await service.whenDone(d.id)!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^OpenAI sent a reply Koru could not use/);
    expect(failed.steps.map((x) => x.state)).toEqual(['done', 'failed', 'pending', 'pending', 'pending']);
    expect(failed.source).not.toBeNull();
    expect(failed.segments).toEqual([]);
    openai.reset();
    service.resume(d.id);
    const done = await service.whenDone(d.id)!;
    expect(done.status).toBe('ready');
    expect(done.segments).toHaveLength(FIXTURE_LINES.length);
  }, 60_000);
});
