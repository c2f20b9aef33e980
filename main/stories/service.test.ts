/**
 * The story pipeline end to end in this process: the fixture repository (a folder, and over a real
 * git server on loopback), the offline writer in every style, the Anthropic writer on its mock
 * (thinking blocks, an invalid reply retried with its validation error), the voice director with
 * its cache (a second identical story costs no call), resume at the step and segment it stopped,
 * the chapters read back from the decoded MP3, and every bad input a typed error.
 */
import fs from 'node:fs';
import path from 'node:path';
import NodeID3 from 'node-id3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STORY_STYLES, type Story } from '../../contract/stories';
import type { RenderSpec } from '../audio';
import type { Player } from '../playback';
import { presets } from '../sessions';
import { readMp3 } from '../../test/audio-files';
import { ANTHROPIC_MOCK_KEY, startAnthropicMock, type MockServer } from '../../test/mocks';
import { createAnthropicWriter } from '../providers/anthropic';
import { createOfflineSpeech } from '../providers/offline';
import { providerVoice } from './voices';
import { ProviderError } from '../providers/errors';
import { createQueue } from '../providers/queue';
import { queuedWriter } from '../providers/queued';
import { commitRepo, fixtureFiles, startGitServer, writeFiles, type GitServer } from './source/testing';
import { storyEnv, storyProviders, voiceSynth } from './testing';

const envs: Array<{ cleanup(): void }> = [];
afterEach(() => envs.splice(0).forEach((e) => e.cleanup()));
const make = (...args: Parameters<typeof storyEnv>) => {
  const e = storyEnv(...args);
  envs.push(e);
  return e;
};
const folder = (p: string) => ({ kind: 'folder' as const, path: p });

describe('story pipeline, offline writer', () => {
  it('writes every style from the analysis alone; a podcast alternates two distinct voices; the same story again costs no call', async () => {
    const v = voiceSynth();
    const e = make(storyProviders(v.synth));
    const stories: Story[] = [];
    for (const style of STORY_STYLES) stories.push(await e.run({ source: folder(e.repoDir), style, minutes: 3, message: 'I want to understand the routing system' }));
    for (const s of stories) {
      expect(s).toMatchObject({ status: 'completed', progress: 100, error: null });
      expect(s.script!.chapters.length).toBeGreaterThan(3);
      // Sized by words per minute, corrected by the measured length: near the 3 minutes asked.
      expect(s.durationSec).toBeGreaterThan(0.8 * 180);
      expect(s.durationSec).toBeLessThan(1.2 * 180);
      // Heard, not read: no code punctuation reaches a voice.
      expect(s.script!.chapters.flatMap((c) => c.lines.map((l) => l.text)).join(' ')).not.toMatch(/[`{};]|=>|\.ts\b/);
      expect(s.chapters.map((c) => c.startSec)).toEqual([...s.chapters.map((c) => c.startSec)].sort((a, b) => a - b));
      expect(s.transcript.length).toBeGreaterThan(10);
    }
    // Focus from the message: the chapter with the router comes right after the overview.
    expect(stories[0]!.intent!.focus).toContain('routing');
    expect(stories[0]!.script!.chapters[1]!.lines.map((l) => l.text).join(' ')).toMatch(/router/i);
    const podcast = stories[STORY_STYLES.indexOf('podcast')]!;
    const speakers = podcast.script!.chapters.flatMap((c) => c.lines.map((l) => l.speaker));
    expect(new Set(speakers)).toEqual(new Set(['host', 'guest']));
    const switches = speakers.filter((sp, i) => i > 0 && sp !== speakers[i - 1]).length;
    expect(switches).toBeGreaterThan(speakers.length / 3);
    expect(podcast.speakers.map((s) => s.voice)).toEqual(['nova', 'onyx']); // Rachel and Drew on OpenAI
    const heardBy = new Map<string, Set<string>>();
    for (const c of v.calls) heardBy.set(c.voice, (heardBy.get(c.voice) ?? new Set()).add(c.text));
    expect(heardBy.get('nova')?.size).toBeGreaterThan(5);
    expect(heardBy.get('onyx')?.size).toBeGreaterThan(5);

    const calls = v.calls.length;
    const again = await e.run({ source: folder(e.repoDir), style: 'podcast', minutes: 3, message: 'I want to understand the routing system' });
    expect(again.status).toBe('completed');
    expect(v.calls.length).toBe(calls);
    expect(again.chapters).toEqual(podcast.chapters);
    expect(e.service.log(again.id).map((l) => l.step)).toEqual(expect.arrayContaining(['source', 'intent', 'analyzer', 'architect', 'voice', 'fit', 'finish']));
    expect(e.service.list('routing').length).toBeGreaterThan(0);
  });

  it('exports an MP3 whose CHAP frames start within 1 ms of each chapter’s first sample, with chapters JSON and transcript that agree', async () => {
    const v = voiceSynth();
    const e = make(storyProviders(v.synth));
    const s = await e.run({ source: folder(e.repoDir), style: 'podcast', minutes: 3 });
    const out = path.join(e.dir, 'out', 'atlas.mp3');
    const r = await e.service.export(s.id, 'mp3', { path: out, parts: false });
    const tags = NodeID3.read(fs.readFileSync(out));
    const chaps = tags.chapter ?? [];
    expect(chaps.map((c) => c.tags?.title)).toEqual(s.script!.chapters.map((c) => c.title));
    expect(tags.tableOfContents?.[0]?.elements).toEqual(chaps.map((c) => c.elementID));
    const audio = await readMp3(out);
    const rate = audio.sampleRate;
    for (const c of chaps) {
      // The first sample of the chapter's first words: where the signal first rises out of the
      // pause before it (the pause is digital silence, the words a tone).
      const from = Math.round((c.startTimeMs / 1000 - 0.3) * rate);
      let onset = -1;
      for (let i = Math.max(0, from); i < audio.left.length; i++) {
        if (Math.abs(audio.left[i]!) > 0.02) {
          onset = i;
          break;
        }
      }
      expect(Math.abs((onset / rate) * 1000 - c.startTimeMs)).toBeLessThan(1);
    }
    const json = JSON.parse(fs.readFileSync(r.files.find((f) => f.kind === 'chapters')!.path, 'utf8')) as { version: string; chapters: Array<{ startTime: number; title: string }> };
    expect(json.version).toBe('1.2.0');
    expect(json.chapters.map((c) => Math.round(c.startTime * 1000))).toEqual(chaps.map((c) => c.startTimeMs));
    const md = fs.readFileSync(r.files.find((f) => f.kind === 'transcript')!.path, 'utf8');
    const heads = [...md.matchAll(/^## \[(\d+):(\d+)\.(\d+)\] (.+)$/gm)].map((m) => ({ ms: (Number(m[1]) * 60 + Number(m[2])) * 1000 + Number(m[3]), title: m[4] }));
    expect(heads.map((h) => h.ms)).toEqual(chaps.map((c) => c.startTimeMs));
    expect(md).toMatch(/\*\*Guest:\*\*/);
    const cover = fs.readFileSync(r.files.find((f) => f.kind === 'cover')!.path);
    expect(cover.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Long stories also come as a file per chapter (the seed's audio chunks).
    const wav = await e.service.export(s.id, 'wav', { path: path.join(e.dir, 'out', 'atlas.wav'), parts: true, coverPath: null });
    const parts = wav.files.filter((f) => f.kind === 'part');
    expect(parts.map((p) => p.title)).toEqual(s.script!.chapters.map((c) => c.title));
    expect(parts.every((p) => fs.statSync(p.path).size === p.bytes && p.bytes > 44)).toBe(true);
  });

  it('says when the offline writer runs out of things to say before the minutes asked, rather than pad them', async () => {
    const e = make(storyProviders(voiceSynth().synth));
    const s = await e.run({ source: folder(e.repoDir), minutes: 30 });
    expect(s.status).toBe('completed');
    expect(s.durationSec).toBeLessThan(0.8 * 30 * 60); // a small repository: far less to tell
    const minutes = Math.round(s.durationSec / 60);
    expect(s.message).toBe(`Ready: ${minutes} of the 30 minutes asked, all the offline writer found to say`);
    expect(e.service.log(s.id).filter((l) => l.level === 'warn').map((l) => l.action)).toContainEqual(expect.stringMatching(/^The offline writer said all it found in this repository in \d+ of the 30 minutes asked; a text provider/));
    const near = await e.run({ source: folder(e.repoDir), minutes: 3 });
    expect(near.message).toBe('Ready');
  });

  it('the offline voice gives a podcast’s host and guest different pitches (Rachel and Drew as eSpeak variants)', async () => {
    const synth = createOfflineSpeech();
    const text = 'The router keeps a table of routes, and the first one that matches wins.';
    const rate = (a: { samples: Float32Array; sampleRate: number }) => {
      let zc = 0;
      for (let i = 1; i < a.samples.length; i++) if (a.samples[i - 1]! < 0 !== a.samples[i]! < 0) zc++;
      return zc / (a.samples.length / a.sampleRate);
    };
    const host = await synth.speak({ text, voice: providerVoice('offline', 'rachel')! });
    const guest = await synth.speak({ text, voice: providerVoice('offline', 'drew')! });
    await synth.close();
    expect(rate(guest)).toBeLessThan(0.85 * rate(host));
  });

  it('resumes a cancelled story at the voice step: only the missing segments are asked for', async () => {
    const v = voiceSynth({ delayMs: 15 });
    const e = make(storyProviders(v.synth), { concurrency: 1 });
    const { id } = await e.service.generate({ source: folder(e.repoDir), style: 'documentary', minutes: 3 });
    await expect.poll(() => v.calls.length, { timeout: 10_000, interval: 5 }).toBeGreaterThanOrEqual(6);
    await e.service.cancel(id);
    const stopped = e.service.get(id);
    expect(stopped.status).toBe('cancelled');
    const done = stopped.segments.done;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(stopped.segments.total);
    const key = (c: { voice: string; text: string }) => `${c.voice}|${c.text}`;
    const before = new Set(v.calls.map(key));
    const n = v.calls.length;
    e.service.resume(id);
    const s = await e.service.whenDone(id)!;
    expect(s.status).toBe('completed');
    // Only what is missing: nothing voiced before is asked for again, and every line is voiced.
    const after = v.calls.slice(n).map(key);
    expect(after.filter((k) => before.has(k))).toEqual([]);
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBeLessThanOrEqual(s.segments.total - done);
    expect(s.segments.done).toBe(s.segments.total);
    expect(e.service.log(id).filter((l) => l.action === 'Resumed')).toHaveLength(1);
    // Restart: a new job from the first step; everything it needs is cached, so no call.
    const calls = v.calls.length;
    await e.service.restart(id);
    const again = (await e.service.whenDone(id))!;
    expect(again.status).toBe('completed');
    expect(again.chapters).toEqual(s.chapters);
    expect(v.calls.length).toBe(calls);
    expect(e.jobs.list({ kind: 'story', subject: id })).toHaveLength(2);
  });

  it('plays through the player while later chapters are still voiced, with a quiet tone bed only when asked', async () => {
    const started: Array<{ spec: RenderSpec | undefined; durationSec: number }> = [];
    const added: number[] = [];
    let closed = 0;
    const player = {
      start: async (session: { durationSec: number }, opts?: { spec?: RenderSpec }) => (started.push({ spec: opts?.spec, durationSec: session.durationSec }), {} as never),
      addSegment: (_id: string, ref: { index: number }) => void added.push(ref.index),
      segmentsDone: () => void closed++,
      status: () => ({ sessionId: null }),
    } as unknown as Player;
    const v = voiceSynth({ delayMs: 10 });
    const e = make(storyProviders(v.synth), { player, concurrency: 1 });
    const { id } = await e.service.generate({ source: folder(e.repoDir), minutes: 3, bed: 'alpha-relax' });
    await expect.poll(() => e.service.get(id).segments.done, { timeout: 10_000, interval: 5 }).toBeGreaterThanOrEqual(2);
    await e.service.play(id);
    const live = started[0]!.spec!;
    expect(live.kind).toBe('narration');
    if (live.kind !== 'narration') return;
    expect(live.open).toBe(true);
    expect(live.segments.length).toBeLessThan(e.service.get(id).segments.total);
    expect(live.bed).toEqual(presets.find((p) => p.id === 'alpha-relax')!.draft.program);
    expect(live.balance).toBe(0.85);
    const s = (await e.service.whenDone(id))!;
    expect(s.status).toBe('completed');
    // Every segment voiced after Play reached the player, then it was told no more will come.
    expect(new Set([...live.segments.map((r) => r.index), ...added]).size).toBe(s.segments.total);
    await expect.poll(() => closed).toBe(1);
    const plain = await e.run({ source: folder(e.repoDir), minutes: 3 });
    await e.service.play(plain.id);
    const quiet = started[1]!.spec!;
    expect(quiet.kind === 'narration' && quiet.bed === null && quiet.balance === 1 && !quiet.open).toBe(true);
  });

  it('a provider that revokes its key mid-job fails the story with a typed error; it resumes once the voice works again', async () => {
    let revoked = true;
    const v = voiceSynth({ fail: (n) => (n > 4 && revoked ? new ProviderError('openai', 'auth', { status: 401 }) : null) });
    const e = make(storyProviders(v.synth));
    const s = await e.run({ source: folder(e.repoDir), minutes: 3 });
    expect(s).toMatchObject({ status: 'failed', problem: 'provider_auth', error: expect.stringMatching(/OpenAI rejected the API key/) });
    expect(s.segments.done).toBeGreaterThan(0);
    revoked = false;
    e.service.resume(s.id);
    expect((await e.service.whenDone(s.id))!.status).toBe('completed');
  });
});

describe('story pipeline, Anthropic writer (mock with thinking blocks)', () => {
  let mock: MockServer;
  let badReplies = 0;
  beforeAll(async () => {
    mock = await startAnthropicMock({
      reply(prompt, system) {
        if (/settings/.test(system)) return JSON.stringify({ focus: ['routing'], depth: 'beginner', style: 'podcast', minutes: 3, instructions: 'keep it light' });
        if (/Summarise/.test(prompt)) return JSON.stringify({ summary: 'Atlas routes HTTP requests through a Router class that matches patterns.' });
        if (badReplies > 0) {
          badReplies--;
          return JSON.stringify({ title: 'Atlas', chapters: 'none' });
        }
        const line = (speaker: string, text: string) => ({ speaker, text });
        return JSON.stringify({
          title: 'Inside Atlas',
          summary: 'Two hosts walk through Atlas. They start at the router.',
          chapters: [
            { title: 'The router', lines: [line('host', 'What does `Router` do?'), line('guest', 'It keeps a table of routes; `find` returns the first whose pattern matches, in src/router.ts.')] },
            { title: 'Matching', lines: [line('host', 'And matching?'), line('guest', 'A pattern ending in a star matches any path that starts with the rest.')] },
          ],
        });
      },
    });
  });
  afterAll(() => mock.close());

  const claude = () => queuedWriter(createAnthropicWriter({ apiKey: ANTHROPIC_MOCK_KEY, baseURL: mock.url, thinkingBudget: 2048 }), createQueue({ provider: 'anthropic', concurrency: 2, maxRetries: 0 }));

  it('reads the intent, summarises and writes through Claude; thinking is never spoken; a repeat costs no call', async () => {
    mock.reset();
    const v = voiceSynth();
    const e = make(storyProviders(v.synth, claude()));
    const s = await e.run({ source: folder(e.repoDir), style: 'podcast', minutes: 3, writer: 'anthropic', message: 'the routing, for a beginner' });
    expect(s).toMatchObject({ status: 'completed', writer: 'anthropic', title: 'Inside Atlas' });
    expect(s.intent).toMatchObject({ focus: ['routing'], instructions: 'keep it light' });
    const spoken = v.calls.map((c) => c.text).join(' ');
    expect(spoken).not.toMatch(/Let me look|not the answer|`|router\.ts/);
    expect(spoken).toMatch(/router dot T S/);
    const calls = mock.total('POST /v1/messages');
    expect(calls).toBeGreaterThanOrEqual(3);
    expect((mock.requests.find((r) => r.endpoint === 'POST /v1/messages')!.json as { thinking?: unknown }).thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    const again = await e.run({ source: folder(e.repoDir), style: 'podcast', minutes: 3, writer: 'anthropic', message: 'the routing, for a beginner' });
    expect(again.status).toBe('completed');
    expect(mock.total('POST /v1/messages')).toBe(calls);
  });

  it('an invalid script is retried once with the validation error; twice invalid is a clear failure, resumable', async () => {
    mock.reset();
    const v = voiceSynth();
    const e = make(storyProviders(v.synth, claude()));
    badReplies = 1;
    const ok = await e.run({ source: folder(e.repoDir), minutes: 4, writer: 'anthropic' });
    expect(ok.status).toBe('completed');
    const retry = mock.requests.filter((r) => r.endpoint === 'POST /v1/messages').map((r) => JSON.stringify(r.json)).find((b) => b.includes('cannot be used'));
    expect(retry).toMatch(/did not match the required shape/);
    badReplies = 2;
    const bad = await e.run({ source: folder(e.repoDir), minutes: 5, writer: 'anthropic' });
    expect(bad).toMatchObject({ status: 'failed', problem: 'bad_llm_output', error: expect.stringMatching(/Anthropic returned unusable JSON twice/) });
    expect(bad.script).toBeNull();
    e.service.resume(bad.id);
    expect((await e.service.whenDone(bad.id))!.status).toBe('completed');
  });
});

describe('story sources and bad input', () => {
  let server: GitServer;
  let url: string;
  let hidden: string;
  let work: string;
  const TOKEN = 'ghp_storyToken0123456789abcdefABCDEF012';
  beforeAll(async () => {
    const e = make(storyProviders(voiceSynth().synth));
    work = e.tmp();
    server = await startGitServer({ root: path.join(work, 'srv'), token: TOKEN });
    commitRepo(path.join(work, 'atlas'), fixtureFiles());
    url = server.publish('koru', 'atlas', path.join(work, 'atlas'));
    hidden = server.publish('koru', 'hidden', path.join(work, 'atlas'), { private: true });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('clones the fixture over smart HTTP from a real git server, once per commit', async () => {
    const v = voiceSynth();
    const e = make(storyProviders(v.synth));
    const s = await e.run({ source: { kind: 'git', url }, minutes: 3 });
    expect(s).toMatchObject({ status: 'completed', repo: { url, files: expect.any(Number) } });
    expect(s.repo!.commit).toMatch(/^[0-9a-f]{40}$/);
    const packs = () => server.requests.filter((r) => r.path.includes('git-upload-pack') && r.method === 'POST').length;
    const fetched = packs();
    await e.run({ source: { kind: 'git', url }, minutes: 3 });
    expect(packs()).toBe(fetched);
  });

  it('says what is wrong with each bad source, as a typed problem on a failed, resumable story', async () => {
    const e = make(storyProviders(voiceSynth().synth), { maxSourceBytes: 2000 });
    const empty = e.tmp();
    const binary = e.tmp();
    writeFiles(binary, { 'a.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0, 0]), 'b.bin': Buffer.alloc(64, 0) });
    const cases: Array<[object, string, RegExp]> = [
      [folder(path.join(empty, 'nope')), 'missing_folder', /There is no folder/],
      [folder(empty), 'empty', /no files to read/],
      [folder(binary), 'binary_only', /only binary files/],
      [{ kind: 'git', url: hidden }, 'private', /token/i],
      [{ kind: 'git', url: `${server.url}/koru/nothing.git` }, 'not_a_repository', /no git repository/],
      [{ kind: 'git', url, ref: 'no-such-branch' }, 'unknown_ref', /no-such-branch/],
      [{ kind: 'git', url: 'http://127.0.0.1:9/nobody/nothing.git' }, 'unreachable', /could not reach|no answer/i],
      [{ kind: 'git', url }, 'too_large', /larger than 2 KB/],
    ];
    for (const [source, problem, message] of cases) {
      const s = await e.run({ source, minutes: 3 });
      expect(s, problem).toMatchObject({ status: 'failed', problem, error: expect.stringMatching(message) });
      expect(s.script).toBeNull();
    }
  });

  it('refuses a bad request before anything is stored', async () => {
    const e = make(storyProviders(voiceSynth().synth));
    const bad: Array<[object, RegExp]> = [
      [{ source: folder(e.repoDir), minutes: 2 }, /minutes must be between 3 and 60/i],
      [{ source: folder(e.repoDir), style: 'opera' }, /style/i],
      [{ source: { kind: 'git', url: 'ftp://x/y.git' } }, /http\(s\) address/],
      [{ source: folder(e.repoDir), writer: 'gemini' }, /Gemini has no API key/],
      [{ source: folder(e.repoDir), provider: 'github' }, /does not speak/],
      [{ source: folder(e.repoDir), bed: 'disco' }, /Unknown tone bed "disco"/],
    ];
    for (const [input, message] of bad) await expect(e.service.generate(input as never)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(message) });
    expect(e.service.list()).toEqual([]);
  });
});
