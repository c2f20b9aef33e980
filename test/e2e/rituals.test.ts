/** A ritual end to end with no keys and no network: written by the offline writer, voiced by the
 *  offline voice over a binaural bed, played through the real player into ALSA's file plugin,
 *  and the captured audio checked by analysis — it is not silent and it carries the bed. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { readWav } from '../audio-files';

// PortAudio plays into ALSA's file plugin (no sound card here); set before naudiodon loads.
const work = mkdtempSync(join(tmpdir(), 'koru-e2e-rituals-'));
const capturePath = join(work, 'capture.wav');
process.env.ALSA_CONFIG_PATH = resolve('test/alsa/asound.conf');
process.env.KORU_ALSA_CAPTURE = capturePath;
// No keys and nowhere to send them: every provider but the offline ones is unconfigured.
for (const v of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'ELEVENLABS_API_KEY', 'ELEVENLABS_BASE_URL', 'GEMINI_API_KEY', 'GEMINI_BASE_URL', 'GOOGLE_API_KEY']) {
  delete process.env[v];
}

const { launchWeb } = await import('../../main/web/launch');
const { presets } = await import('../../main/sessions/presets');
const { deinterleave, peakFrequency, rms } = await import('../../main/audio/analysis');
type Server = Awaited<ReturnType<typeof launchWeb>>;

const BED = 'alpha-relax';
const PLAY_SEC = 10;

/** The bed's binaural voice, read from the preset itself: each ear's frequency is carrier ± beat/2. */
function bedBinaural(): { carrier: number; beat: number } {
  const preset = presets.find((p) => p.id === BED);
  const first = preset?.draft.program.sets[0];
  const voice = first?.voices.find((v) => v.kind === 'binaural');
  if (!voice || voice.kind !== 'binaural') throw new Error(`preset ${BED} has no binaural voice`);
  return { carrier: voice.carrier, beat: voice.beat };
}

/**
 * The capture as interleaved floats. Read by chunk rather than trusting the declared sizes: the
 * file plugin may not have rewritten the header yet while the server (and its stream) lives.
 */
const readCapture = (path: string) => readWav(path, { capture: true });

/** The now-playing bar's elapsed clock (m:ss or h:mm:ss) in seconds. */
const elapsedOf = async (page: Page) =>
  ((await page.getByTestId('elapsed').textContent()) ?? '').split(':').reduce((acc, part) => acc * 60 + Number(part), 0);

describe('an offline ritual in web mode, driven through Chromium', () => {
  let server: Server;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    expect(existsSync('dist/renderer/index.html'), 'the renderer must be built first (npm test runs `vite build`)').toBe(true);
    server = await launchWeb({ port: 0, dataDir: join(work, 'data'), interactive: false });
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes a 1-minute ritual offline, plays it, and the captured audio carries the binaural bed', { timeout: 180_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('nav-rituals').click();

    // With no key anywhere the page says which voice will speak.
    await page.getByTestId('offline-note').waitFor();
    await page.getByTestId('ritual-intention').fill('I want to reduce stress before sleep');
    await page.getByTestId('ritual-minutes').fill('1');
    await page.getByTestId('focus-breathing').click();
    await page.getByTestId('focus-relaxation').click();
    await page.getByTestId('ritual-bed').selectOption(BED);
    await page.getByTestId('ritual-generate').click();

    // The new ritual opens at once and runs to the end; the library lists it as ready.
    await page.getByTestId('ritual-status').filter({ hasText: 'ready' }).waitFor({ timeout: 150_000 });
    expect(await page.getByTestId('ritual-section').count()).toBeGreaterThan(0);
    await page.getByTestId('ritual-offline-voice').waitFor();
    await page.getByTestId('ritual-row').filter({ hasText: 'ready' }).waitFor();

    // A visit to another page comes back to the same open ritual, not to an empty form.
    const title = await page.getByTestId('ritual-title').textContent();
    await page.getByTestId('nav-sessions').click();
    await page.getByTestId('nav-rituals').click();
    expect(await page.getByTestId('ritual-title').textContent()).toBe(title);

    await page.getByTestId('ritual-play').click();
    await page.getByTestId('playback-state').filter({ hasText: 'playing' }).waitFor();
    await expect.poll(() => elapsedOf(page), { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(PLAY_SEC);
    await page.getByTestId('stop').click();
    await page.getByTestId('playback-state').filter({ hasText: 'idle' }).waitFor();
    await page.close();

    const { sampleRate, channels, samples } = readCapture(capturePath);
    expect(channels).toBe(2);
    const left = deinterleave(samples, 0);
    const right = deinterleave(samples, 1);
    expect(left.length / sampleRate).toBeGreaterThanOrEqual(PLAY_SEC - 1);
    // Skip the opening fade; analyse the next eight seconds (or what there is).
    const from = 2 * sampleRate;
    const to = Math.min(left.length, from + 8 * sampleRate);
    const level = rms(left, from, to);
    console.log(`ritual capture: ${(left.length / sampleRate).toFixed(1)} s at ${sampleRate} Hz, RMS ${(20 * Math.log10(level)).toFixed(1)} dBFS`);
    expect(level).toBeGreaterThan(0.001); // above −60 dBFS: not silence

    // The bed's binaural pair: left ear at carrier + beat/2, right at carrier − beat/2.
    const { carrier, beat } = bedBinaural();
    const band = { minFreq: carrier - beat / 2 - 8, maxFreq: carrier + beat / 2 + 8, maxSamples: 1 << 20 };
    const l = peakFrequency(left.subarray(from, to), sampleRate, band);
    const r = peakFrequency(right.subarray(from, to), sampleRate, band);
    console.log(`ritual capture: bed peaks left ${l.toFixed(2)} Hz, right ${r.toFixed(2)} Hz (carrier ${carrier}, beat ${beat})`);
    expect(Math.abs(l - (carrier + beat / 2))).toBeLessThan(1);
    expect(Math.abs(r - (carrier - beat / 2))).toBeLessThan(1);
  });
});
