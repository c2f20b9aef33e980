import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import NodeID3 from 'node-id3';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ELEVENLABS_MOCK_KEY, startElevenLabsMock } from '../../test/mocks';
import { createJobRunner } from '../jobs';
import { createProviders } from '../providers';
import { createMemorySecretStore } from '../secrets';
import { createFileStore, createJobRepo, openDatabase } from '../storage';
import { createStoryService } from '../stories';
import { fixtureFiles, writeFiles } from '../stories/source/testing';
import { storyProviders, voiceSynth } from '../stories/testing';
import { ProviderSettings } from '../../contract/providers';
import { main } from './index';
import { storyCommand } from './story';
import { builtKoru, KORU_BIN } from './testing';

const dir = mkdtempSync(join(tmpdir(), 'koru-cli-story-'));
const repo = join(dir, 'atlas');
writeFiles(repo, fixtureFiles());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stderr = '';
const sink = { write: (s: string) => ((stderr += s), true), isTTY: false } as unknown as NodeJS.WriteStream;
beforeEach(() => {
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
});

describe('koru story', () => {
  it('tells a folder as a podcast to an MP3 with chapters, the chapters JSON and the transcript; progress and the log on stderr', async () => {
    const v = voiceSynth({ provider: 'elevenlabs' });
    const out = join(dir, 'atlas.mp3');
    const r = await storyCommand(
      repo,
      { style: 'podcast', minutes: '3', message: 'the routing, please', voice: 'bella,antoni', output: out, chapters: join(dir, 'atlas.json'), transcript: join(dir, 'atlas.md'), dataDir: dir },
      { providers: () => storyProviders(v.synth), stderr: sink },
    );
    expect(r.durationSec).toBeGreaterThan(100);
    const tags = NodeID3.read(readFileSync(out));
    expect(tags.chapter?.length).toBeGreaterThan(3);
    const json = JSON.parse(readFileSync(join(dir, 'atlas.json'), 'utf8')) as { chapters: Array<{ startTime: number }> };
    expect(json.chapters.map((c) => Math.round(c.startTime * 1000))).toEqual(tags.chapter!.map((c) => c.startTimeMs));
    expect(readFileSync(join(dir, 'atlas.md'), 'utf8')).toMatch(/^# /);
    expect(new Set(v.calls.map((c) => c.voice))).toEqual(new Set(['EXAVITQu4vr4xnSDxMaL', 'ErXwobaYiN019PkySvjV'])); // Bella and Antoni
    expect(stderr).toMatch(/intent: a \d+-minute podcast .*focus routing/);
    expect(stderr).toMatch(/^analyzing \d+%$/m);
    expect(stderr).toMatch(/^synthesizing \d+%$/m);
    expect(stderr).toMatch(/^architect: The offline writer wrote/m);
    expect(stderr).toMatch(/wrote .*atlas\.mp3/);
  });

  it('exits 2 with a clear message on bad input, 1 on a run-time failure', async () => {
    const o = (...a: string[]) => main(['story', ...a, '-o', join(dir, 'x.mp3'), '--data-dir', dir]);
    expect(await o(repo, '--minutes', '90')).toBe(2);
    expect(stderr).toMatch(/minutes must be between 3 and 60/i);
    expect(await o(repo, '--style', 'opera')).toBe(2);
    expect(stderr).toMatch(/--style must be one of documentary, tutorial, technical, fiction, podcast/);
    expect(await o(repo, '--voice', 'hal')).toBe(2);
    expect(stderr).toMatch(/--voice must be one of rachel, drew, bella, antoni/);
    expect(await main(['story', repo, '-o', join(dir, 'x.ogg')])).toBe(2);
    expect(stderr).toMatch(/\.wav or \.mp3/);
    expect(await o(join(dir, 'no-such-folder'), '--provider', 'offline')).toBe(2);
    expect(stderr).toMatch(/There is no folder/);
    expect(await o('http://127.0.0.1:9/a/b.git', '--provider', 'offline')).toBe(1);
    expect(stderr).toMatch(/could not reach|no answer/i);
  });
});

describe('koru story killed mid-synthesis', () => {
  it('asks only for the missing segments when the app starts again, and nothing at all the next time', async () => {
    await builtKoru();
    const mock = await startElevenLabsMock();
    mock.latencyMs = 60;
    const data = join(dir, 'killed');
    const env = { ...process.env, KORU_DATA_DIR: data, ELEVENLABS_API_KEY: ELEVENLABS_MOCK_KEY, ELEVENLABS_BASE_URL: mock.url, OPENAI_API_KEY: '', GEMINI_API_KEY: '', ANTHROPIC_API_KEY: '' };
    const speech = 'POST /v1/text-to-speech/:voice_id';
    try {
      const child = spawn(process.execPath, [KORU_BIN, 'story', repo, '--provider', 'elevenlabs', '--minutes', '3', '-o', join(dir, 'killed.wav')], { env, stdio: 'ignore' });
      await vi.waitFor(() => expect(mock.total(speech)).toBeGreaterThanOrEqual(8), { timeout: 60_000, interval: 20 });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const before = mock.requests.filter((r) => r.endpoint === speech).map((r) => (r.json as { text: string }).text);

      // The app starts again on the same data folder and resumes the interrupted story.
      const db = openDatabase(join(data, 'koru.db'));
      const settings = ProviderSettings.parse({});
      const providers = createProviders({ secrets: createMemorySecretStore(), settings, env });
      const jobs = createJobRunner({ repo: createJobRepo(db), emit: () => undefined, log: () => undefined });
      const service = createStoryService({ db, jobs, files: createFileStore(join(data, 'files')), providers, emit: () => undefined, log: () => undefined, getSettings: () => ({ outputDevice: null, sampleRate: 44100, maxVolume: 1 }), getProviderSettings: () => settings, exportDir: data, sourcesDir: join(data, 'stories', 'sources') });
      expect(jobs.recoverInterrupted()).toHaveLength(1);
      expect(service.recoverInterrupted()).toBe(1);
      const [killed] = service.list();
      expect(killed).toMatchObject({ status: 'failed' });
      const look = new Database(join(data, 'koru.db'), { readonly: true });
      const voiced = look.prepare('SELECT text FROM story_segments WHERE hash IS NOT NULL').pluck().all() as string[];
      const planned = look.prepare('SELECT text FROM story_segments').pluck().all() as string[];
      look.close();
      expect(voiced.length).toBeGreaterThan(0);
      mock.reset();
      service.resume(killed!.id);
      const s = (await service.whenDone(killed!.id))!;
      expect(s.status).toBe('completed');
      // What the resumed voice step asked for (a resize afterwards may add new lines of its own).
      const after = mock.requests.filter((r) => r.endpoint === speech).map((r) => (r.json as { text: string }).text).filter((t) => planned.includes(t));
      // Nothing voiced before the kill is asked for again; what the killed process was still
      // waiting for (asked, never stored) is.
      expect(after.filter((t) => voiced.includes(t))).toEqual([]);
      expect(after.length).toBeGreaterThan(0);
      expect(after.length).toBeLessThanOrEqual(planned.length - voiced.length);
      expect(before.length).toBeGreaterThanOrEqual(voiced.length);
      await jobs.close();
      db.close();

      // The same story again, from the command line: every segment from the cache.
      mock.reset();
      const again = spawn(process.execPath, [KORU_BIN, 'story', repo, '--provider', 'elevenlabs', '--minutes', '3', '-o', join(dir, 'again.wav')], { env, stdio: 'ignore' });
      expect(await new Promise((r) => again.once('exit', r))).toBe(0);
      expect(mock.total(speech)).toBe(0);

    } finally {
      await mock.close();
    }
  }, 120_000);
});
