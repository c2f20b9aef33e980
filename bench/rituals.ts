/**
 * Ritual benchmarks, side by side in one run:
 *  1. "generate" → first narrated sample at the sink, against the first segment's synthesis time
 *     (the real OpenAI SDK talking to the local mock at realistic latency; offline writer; no bed,
 *     so the first non-silent sample is narration);
 *  2. provider calls made by a second, identical generation (the segment cache);
 *  3. list and search over 10,000 stored rituals, one library page, with the contract's output
 *     validation included (what an IPC call pays), against the unpaged list.
 * Run standalone: `npx tsx bench/rituals.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ProviderSettings, RITUAL_PAGE, RitualSummary, type RitualRequestInput } from '../contract/rituals';
import { createProviders } from '../main/providers/registry';
import type { SpeechChain } from '../main/providers/fallback';
import { createRitualService } from '../main/rituals/service';
import type { RitualProviders } from '../main/rituals/types';
import { createMemorySecretStore } from '../main/secrets';
import { createPlayer, processHostLink } from '../main/playback';
import { createFileStore, openDatabase } from '../main/storage';
import { createRitualRepo } from '../main/storage/ritual-repo';
import { OPENAI_MOCK_KEY, realisticLatency, startOpenAIMock } from '../test/mocks';

async function until(cond: () => boolean, ms = 60_000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 1));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function firstAudioAndCache(dir: string): Promise<Record<string, number>> {
  const mock = await startOpenAIMock();
  mock.latencyMs = realisticLatency(1);
  const db = openDatabase(join(dir, 'koru.db'));
  try {
    const settings = ProviderSettings.parse({ speechOrder: ['openai', 'offline'], writer: 'offline' });
    const registry = createProviders({ secrets: createMemorySecretStore({ openai: OPENAI_MOCK_KEY }), settings, env: { OPENAI_BASE_URL: `${mock.url}/v1` } });
    // Each speech call as the job makes it, by text, so the first segment's own synthesis is known.
    const calls = new Map<string, { start: number; end: number }>();
    const providers: RitualProviders = {
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
    const sessionSettings = { outputDevice: null, sampleRate: 48000 as const, maxVolume: 1 };
    // The app's engine process, started ahead as the app does, playing into a simulated device.
    const player = createPlayer({
      link: processHostLink({ log: () => undefined }),
      getSettings: () => sessionSettings,
      emit: () => undefined,
      log: () => undefined,
      sink: { kind: 'simulated' },
    });
    await player.warm();
    const service = createRitualService({
      db,
      files: createFileStore(join(dir, 'files')),
      providers,
      player,
      emit: () => undefined,
      log: () => undefined,
      getSettings: () => sessionSettings,
      getProviderSettings: () => settings,
      exportDir: join(dir, 'exports'),
      leadInSec: 0,
    });
    const request: RitualRequestInput = { intention: 'I want to reduce stress before sleep', minutes: 3, focus: ['breathing', 'relaxation'], bed: 'none', provider: 'openai' };

    const t0 = performance.now();
    const { id } = await service.generate(request);
    await until(() => service.get(id).script !== null);
    await service.play(id);
    let firstSound = NaN;
    for (const end = performance.now() + 60_000; Number.isNaN(firstSound) && performance.now() < end; ) {
      const at = (await player.stats()).firstSoundAtMs;
      if (at !== null) firstSound = at - performance.timeOrigin; // the engine's epoch ms on this clock
      else await new Promise((r) => setTimeout(r, 5));
    }
    if (Number.isNaN(firstSound)) throw new Error('no narration reached the engine');
    const firstText = db.prepare<[string], string>('SELECT text FROM ritual_segments WHERE ritual_id = ? AND idx = 0').pluck().get(id);
    const first = firstText === undefined ? undefined : calls.get(firstText);
    if (!first) throw new Error('the first segment was never voiced');
    await player.stop();
    await service.whenDone(id);
    const speechCalls = mock.total('POST /v1/audio/speech');

    mock.reset();
    const { id: again } = await service.generate(request);
    const second = await service.whenDone(again);
    if (second?.status !== 'ready') throw new Error(`second generation ended ${second?.status}`);
    const secondCalls = mock.total();
    await service.close();
    await player.close();

    const synthMs = first.end - first.start;
    const firstAudioMs = firstSound - t0;
    return {
      'first segment synthesis (ms)': synthMs,
      'generate → first narration at sink (ms)': firstAudioMs,
      'over synthesis (ms, target ≤ 200)': firstAudioMs - synthMs,
      '  of which generate → first request (ms)': first.start - t0,
      '  of which voiced → at sink (ms)': firstSound - first.end,
      'segments voiced by the mock': speechCalls,
      'second identical generation: calls': secondCalls,
    };
  } finally {
    db.close();
    await mock.close();
  }
}

const WORDS = 'breath shoulders soften evening light warmth gratitude ocean slow heart kindness ground rest sleep calm stillness morning focus body jaw'.split(' ');

function library(dir: string, n: number): Record<string, number> {
  const db = openDatabase(join(dir, 'library.db'));
  try {
    const repo = createRitualRepo(db);
    let seed = 7;
    const pick = () => WORDS[(seed = (seed * 1103515245 + 12345) >>> 0) % WORDS.length]!;
    const sentence = (k: number) => Array.from({ length: k }, pick).join(' ');
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const r = repo.create({ intention: `${sentence(5)} ${i}`, minutes: 10, focus: ['breathing'], style: 'gentle', bed: 'none', balance: 0.6 } as never);
        const sections = Array.from({ length: 6 }, (_, k) => ({ kind: 'breathing', text: `${sentence(40)}.`, pauseAfterSec: 10 + k }));
        repo.update(r.id, { script: { title: sentence(3), sections }, status: 'ready', durationSec: 600 });
      }
      // One rare word, for a search that finds a handful.
      repo.update(repo.list(undefined, 1)[0]!.id, { title: 'Lighthouse at dusk' });
    })();

    const page = z.array(RitualSummary);
    const time = (fn: () => unknown, runs = 30) => {
      fn(); // warm the statement cache
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        fn();
        ms.push(performance.now() - t);
      }
      return { median: median(ms), max: Math.max(...ms) };
    };
    const listPage = time(() => page.parse(repo.list(undefined, RITUAL_PAGE)));
    const searchCommon = time(() => page.parse(repo.list('breath calm', RITUAL_PAGE)));
    const searchRare = time(() => page.parse(repo.list('lighthouse', RITUAL_PAGE)));
    const listAll = time(() => page.parse(repo.list()), 5);
    return {
      [`list, newest ${RITUAL_PAGE} (ms, target < 20)`]: listPage.median,
      'list, worst of 30 (ms)': listPage.max,
      'search "breath calm" (ms, target < 20)': searchCommon.median,
      'search "breath calm", worst (ms)': searchCommon.max,
      'search "lighthouse" (ms)': searchRare.median,
      [`list all ${n} unpaged (ms, for comparison)`]: listAll.median,
      'unpaged / paged': listAll.median / listPage.median,
    };
  } finally {
    db.close();
  }
}

export async function benchRituals(): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'koru-bench-rituals-'));
  try {
    return { ...(await firstAudioAndCache(dir)), ...library(dir, 10_000) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [k, v] of Object.entries(await benchRituals())) console.log(`  ${k.padEnd(44)} ${typeof v === 'number' ? +v.toFixed(2) : v}`);
}
