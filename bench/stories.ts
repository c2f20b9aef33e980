/**
 * Code-story benchmarks, side by side in one run:
 *  1. an offline 10-minute story of Koru's own source end to end (offline writer, offline eSpeak
 *     voice, then a 192 kbps MP3 with chapters): time per stage, audio length, peak RSS;
 *  2. with the real OpenAI SDK talking to the local mock at realistic latency (offline writer):
 *     "generate" → first narrated sample at the sink, against the first segment's synthesis
 *     (target: ≤ synthesis + 200 ms — play starts while later chapters are voiced);
 *  3. provider calls made by a second, identical story (the caches).
 * Run standalone: `npx tsx bench/stories.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProviderSettings } from '../contract/providers';
import type { StoryRequestInput } from '../contract/stories';
import { createPlayer, processHostLink } from '../main/playback';
import type { SpeechChain } from '../main/providers/fallback';
import { createProviders } from '../main/providers/registry';
import { createMemorySecretStore } from '../main/secrets';
import { createFileStore, openDatabase } from '../main/storage';
import { createStoryService } from '../main/stories/service';
import { createAnalysisThread } from '../main/stories/analysis/thread';
import { fixtureFiles, writeFiles } from '../main/stories/source/testing';
import type { StoryProviders } from '../main/stories/types';
import { ensureMainBuilt } from '../scripts/main-bundle.mjs';
import { OPENAI_MOCK_KEY, realisticLatency, startOpenAIMock } from '../test/mocks';

const settings48k = { outputDevice: null, sampleRate: 48000 as const, maxVolume: 1 };

async function until(cond: () => boolean, ms = 120_000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

function service(dir: string, providers: StoryProviders, settings: ProviderSettings, extra: Partial<Parameters<typeof createStoryService>[0]> = {}) {
  const db = openDatabase(path.join(dir, 'koru.db'));
  const s = createStoryService({
    db,
    files: createFileStore(path.join(dir, 'files')),
    providers,
    emit: () => undefined,
    log: () => undefined,
    getSettings: () => settings48k,
    getProviderSettings: () => settings,
    exportDir: path.join(dir, 'exports'),
    sourcesDir: path.join(dir, 'sources'),
    ...extra,
  });
  return { s, db };
}

async function offlineTenMinutes(dir: string, repo: string): Promise<Record<string, number>> {
  const settings = ProviderSettings.parse({ speechOrder: ['offline'], writer: 'offline' });
  const providers = createProviders({ secrets: createMemorySecretStore(), settings, env: {} });
  const { s, db } = service(dir, providers, settings);
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const t0 = performance.now();
    const { id } = await s.generate({ source: { kind: 'folder', path: repo }, style: 'documentary', minutes: 10, provider: 'offline', writer: 'offline' });
    let scripted = NaN;
    await until(() => {
      if (Number.isNaN(scripted) && s.get(id).script) scripted = performance.now();
      return s.get(id).status === 'completed' || s.get(id).status === 'failed';
    }, 600_000);
    const story = s.get(id);
    if (story.status !== 'completed') throw new Error(`the offline story ended ${story.status}: ${story.error}`);
    const voiced = performance.now();
    const out = await s.export(id, 'mp3', { path: path.join(dir, 'story.mp3'), coverPath: null });
    const done = performance.now();
    return {
      'offline 10 min: script written (s)': (scripted - t0) / 1000,
      'offline 10 min: voiced, all segments (s)': (voiced - t0) / 1000,
      'offline 10 min: MP3 export (s)': (done - voiced) / 1000,
      'offline 10 min: end to end (s)': (done - t0) / 1000,
      'offline 10 min: audio length (s)': out.durationSec,
      'offline 10 min: chapters': story.chapters.length,
      'offline 10 min: peak RSS (MB)': peak / 1e6,
    };
  } finally {
    clearInterval(sample);
    await s.close();
    db.close();
  }
}

export async function firstAudio(dir: string, repo: string): Promise<Record<string, number>> {
  const mock = await startOpenAIMock();
  mock.latencyMs = realisticLatency(1);
  const settings = ProviderSettings.parse({ speechOrder: ['openai', 'offline'], writer: 'offline' });
  const registry = createProviders({ secrets: createMemorySecretStore({ openai: OPENAI_MOCK_KEY }), settings, env: { OPENAI_BASE_URL: `${mock.url}/v1` } });
  const calls = new Map<string, { start: number; end: number }>();
  const providers: StoryProviders = {
    ...registry,
    speech(order) {
      const chain = registry.speech(order);
      const timed: SpeechChain = Object.create(chain);
      timed.speakDetailed = async (req) => {
        const t = { start: performance.now(), end: 0 };
        calls.set(req.text, t);
        try {
          return await chain.speakDetailed(req);
        } finally {
          t.end = performance.now();
        }
      };
      return timed;
    },
  };
  const player = createPlayer({ link: processHostLink({ log: () => undefined }), getSettings: () => settings48k, emit: () => undefined, log: () => undefined, sink: { kind: 'simulated' } });
  await player.warm();
  // The analysis thread as the app runs it (built), up before Generate: the Stories page started
  // it when it opened (stories.list), while the user filled in the form.
  const thread = createAnalysisThread({ entry: new URL('../dist-main/story-analysis.js', import.meta.url) });
  const { s, db } = service(dir, providers, settings, { player, thread });
  try {
    s.list();
    await thread.ready();
    const request: StoryRequestInput = { source: { kind: 'folder', path: repo }, style: 'podcast', minutes: 5, provider: 'openai', writer: 'offline' };
    const t0 = performance.now();
    const { id } = await s.generate(request);
    await until(() => s.get(id).script !== null);
    await s.play(id);
    let firstSound = NaN;
    for (const end = performance.now() + 60_000; Number.isNaN(firstSound) && performance.now() < end; ) {
      const at = (await player.stats()).firstSoundAtMs;
      if (at !== null) firstSound = at - performance.timeOrigin;
      else await new Promise((r) => setTimeout(r, 5));
    }
    if (Number.isNaN(firstSound)) throw new Error('no narration reached the engine');
    const firstText = db.prepare<[string], string>('SELECT text FROM story_segments WHERE story_id = ? AND idx = 0').pluck().get(id);
    const first = firstText === undefined ? undefined : calls.get(firstText);
    if (!first) throw new Error('the first segment was never voiced');
    await player.stop();
    await s.whenDone(id);
    const speechCalls = mock.total('POST /v1/audio/speech');
    mock.reset();
    const { id: again } = await s.generate(request);
    const second = await s.whenDone(again);
    if (second?.status !== 'completed') throw new Error(`the second story ended ${second?.status}`);
    const synth = first.end - first.start;
    return {
      'mocks: first segment synthesis (ms)': synth,
      'mocks: generate → first narration at sink (ms)': firstSound - t0,
      '  of which generate → first request (ms)': first.start - t0,
      '  of which voiced → at sink (ms)': firstSound - first.end,
      'mocks: first audio − first synthesis (ms, target ≤ 200)': firstSound - t0 - synth,
      'mocks: segments voiced': speechCalls,
      'second identical story: provider calls': mock.total(),
    };
  } finally {
    await s.close();
    await player.close();
    await thread.close();
    db.close();
    await mock.close();
  }
}

export async function benchStories(): Promise<Record<string, number | string>> {
  await ensureMainBuilt((line) => process.stderr.write(`${line}\n`)); // the analysis thread as the app runs it
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'koru-bench-stories-'));
  const repo = path.join(dir, 'atlas');
  writeFiles(repo, fixtureFiles());
  try {
    fs.mkdirSync(path.join(dir, 'a'));
    fs.mkdirSync(path.join(dir, 'b'));
    const koru = fileURLToPath(new URL('..', import.meta.url));
    return { ...(await firstAudio(path.join(dir, 'a'), repo)), ...(await offlineTenMinutes(path.join(dir, 'b'), koru)) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [k, v] of Object.entries(await benchStories())) console.log(`  ${k.padEnd(52)} ${typeof v === 'number' ? +v.toFixed(2) : v}`);
}
