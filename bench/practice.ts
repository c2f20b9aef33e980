/**
 * Voiced practice benchmarks, side by side in one run:
 *  1. a mala (108 repetitions of "Om mani padme hum" by the offline eSpeak voice, a bell at the
 *     end, over the alpha-relax bed) rendered to 16-bit WAV at 44.1 kHz: wall time against the
 *     audio's length, the voicing alone, and a second render (all from the segment cache);
 *  2. the longest voiced practice the contract allows (10,800 repetitions, 100 bells): how long
 *     building its renderer takes (what Play waits for) and how fast it renders near its end,
 *     where the mixer has the most segments behind it.
 * Run standalone: `npx tsx bench/practice.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRACTICE_DEFAULTS, PracticeSettings, VOICED_COUNT_MAX } from '../contract/practice';
import { ProviderSettings } from '../contract/providers';
import { createSpecRenderer } from '../main/audio/render-spec';
import { createPracticeService } from '../main/practice';
import { voicedPractice } from '../main/practice/voiced';
import { createOfflineSpeech, createSpeechChain } from '../main/providers';
import { createSegmentCache } from '../main/rituals';
import { presets } from '../main/sessions/presets';
import { createFileStore, openDatabase } from '../main/storage';
import { createSegmentCacheRepo } from '../main/storage/segment-cache-repo';

export async function benchPractice(): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'koru-bench-practice-'));
  // The offline voice's worker is unref'd (an idle voice keeps nothing alive) and here nothing
  // else is pending while it speaks: hold the process open for the run.
  const alive = setInterval(() => undefined, 1000);
  const voice = createOfflineSpeech();
  const db = openDatabase(join(dir, 'koru.db'));
  try {
    const files = createFileStore(join(dir, 'files'));
    const providers = { speech: () => createSpeechChain([{ synth: voice, voice: 'en-gb' }]), isConfigured: (p: string) => p === 'offline', writer: () => { throw new Error('no writer'); } };
    const providerSettings = () => ProviderSettings.parse({ speechOrder: ['offline'] });
    const service = createPracticeService({ db, files, providers, emit: () => undefined, log: () => undefined, getSettings: () => ({ outputDevice: null, sampleRate: 44100, maxVolume: 1 }), getProviderSettings: providerSettings, exportDir: dir });
    const settings = PracticeSettings.parse({ ...PRACTICE_DEFAULTS, voicedCount: 108 });
    let t = performance.now();
    const first = await service.renderText('Om mani padme hum', settings, 'wav', join(dir, 'mala.wav'));
    const firstMs = performance.now() - t;
    t = performance.now();
    await service.renderText('Om mani padme hum', settings, 'wav', join(dir, 'mala2.wav'));
    const cachedMs = performance.now() - t;
    t = performance.now();
    await voice.speak({ text: 'Om mani padme hum', voice: 'en-gb' });
    const speakMs = performance.now() - t;

    const deps = { providers, cache: createSegmentCache(createSegmentCacheRepo(db), files), files, providerSettings, presets };
    const long = await voicedPractice(deps, { text: 'Om mani padme hum', settings: PracticeSettings.parse({ ...PRACTICE_DEFAULTS, voicedCount: VOICED_COUNT_MAX }) });
    t = performance.now();
    const r = createSpecRenderer(long.spec, 44100);
    const buildMs = performance.now() - t;
    r.seek(r.durationSec - 130);
    const block = new Float32Array(8192 * 2);
    let frames = 0;
    t = performance.now();
    while (frames < 120 * 44100) frames += r.render(block, 8192);
    const lateMs = performance.now() - t;
    return {
      '108 repetitions: audio length (s)': first.durationSec,
      '108 repetitions: first render, voicing included (ms)': firstMs,
      '108 repetitions: x real time': first.durationSec / (firstMs / 1000),
      '108 repetitions: again, from the cache (ms)': cachedMs,
      'one offline voicing of the mantra (ms)': speakMs,
      [`${VOICED_COUNT_MAX} repetitions: length (h)`]: r.durationSec / 3600,
      [`${VOICED_COUNT_MAX} repetitions: build the renderer (ms)`]: buildMs,
      [`${VOICED_COUNT_MAX} repetitions: x real time near the end`]: 120 / (lateMs / 1000),
    };
  } finally {
    clearInterval(alive);
    db.close();
    await voice.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [k, v] of Object.entries(await benchPractice())) console.log(`  ${k.padEnd(56)} ${typeof v === 'number' ? +v.toFixed(2) : v}`);
}
