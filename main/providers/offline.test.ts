import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rms } from './audio';
import { createOfflineSpeech } from './offline';

describe('offline espeak-ng voice (wasm, worker thread)', () => {
  it('speaks a sentence: non-silent audio of plausible length at espeak rate', async () => {
    const synth = createOfflineSpeech();
    await synth.prepare!();
    const text = 'Breathe in slowly, and let your shoulders soften as you breathe out.';
    const t0 = performance.now();
    const audio = await synth.speak({ text, voice: 'en-us' });
    const ms = performance.now() - t0;
    const seconds = audio.samples.length / audio.sampleRate;
    expect(audio.sampleRate).toBe(22_050);
    // 13 words at 150 wpm ≈ 5 s; allow for pauses and espeak's pacing.
    expect(seconds).toBeGreaterThan(3);
    expect(seconds).toBeLessThan(9);
    expect(rms(audio.samples)).toBeGreaterThan(0.02);
    // Synthesis runs on a worker: the main thread's event loop keeps ticking meanwhile.
    let ticks = 0;
    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
      ticks++;
    }, 5);
    const t1 = performance.now();
    const warm = await synth.speak({ text: text + ' ' + text, voice: 'en-gb' });
    const warmMs = performance.now() - t1;
    clearInterval(timer);
    const warmSec = warm.samples.length / warm.sampleRate;
    console.log(`espeak warm: ${warmSec.toFixed(2)} s in ${warmMs.toFixed(0)} ms (${((warmSec * 1000) / warmMs).toFixed(1)}× real time); worst main-thread gap ${worst.toFixed(0)} ms`);
    expect(ticks).toBeGreaterThan(5);
    expect(worst).toBeLessThan(100);
    console.log(`espeak cold (worker start + compile): ${seconds.toFixed(2)} s of speech in ${ms.toFixed(0)} ms (${(seconds * 1000 / ms).toFixed(1)}× real time)`);
  });

  it('a British voice differs from the American one, and a leading dash is text, not an option', async () => {
    const synth = createOfflineSpeech();
    const us = await synth.speak({ text: '-Tomato, water, dance.', voice: 'en-us' });
    const gb = await synth.speak({ text: '-Tomato, water, dance.', voice: 'en-gb' });
    expect(us.samples.length).toBeGreaterThan(22_050);
    expect(us.samples.length).not.toBe(gb.samples.length);
  });

  it('refuses an unknown voice and empty text', async () => {
    const synth = createOfflineSpeech();
    await expect(synth.speak({ text: 'Hi.', voice: 'klingon' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(synth.speak({ text: ' ', voice: 'en-us' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect((await synth.voices()).map((v) => v.id)).toContain('en-gb');
  });

  it('keeps a process alive while it speaks, and lets it end when idle', () => {
    // A script whose only work is one sentence: it must print the sample count and exit 0 on its
    // own (an unref'd busy worker let it exit mid-sentence with the promise unsettled, code 13).
    const dir = mkdtempSync(join(tmpdir(), 'koru-espeak-alone-'));
    const script = join(dir, 'speak.mts');
    writeFileSync(
      script,
      `import { createOfflineSpeech } from ${JSON.stringify(fileURLToPath(new URL('./offline.ts', import.meta.url)))};
      const a = await createOfflineSpeech().speak({ text: 'Hello there.', voice: 'en-gb' });
      console.log('samples', a.samples.length);`,
    );
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(Number(/samples (\d+)/.exec(r.stdout)?.[1])).toBeGreaterThan(1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
