/** The dubbing studio in web mode, driven through Chromium: a recording dropped on the page is
 *  transcribed and translated by the real OpenAI SDK on the local mock, voiced by the offline
 *  voice and mixed; the original and the dub play (A/B) through the real player into ALSA's file
 *  plugin; one edited line is voiced again alone; the export's files download from the page. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readWav } from '../audio-files';
import { FIXTURE_LINES, makeSpeechFixture, type SpeechFixture } from '../dubbing-fixture';
import { OPENAI_MOCK_KEY, startOpenAIMock, translatingReply, type MockServer } from '../mocks';
import { launchChromium } from './browser';
import { e2eWorkspace } from './workspace';

const work = e2eWorkspace('koru-e2e-dubbing-', { ownKeys: true });

const { launchWeb } = await import('../../main/web/launch');
type Server = Awaited<ReturnType<typeof launchWeb>>;

describe('dubbing in web mode, through Chromium', () => {
  let server: Server;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let openai: MockServer;
  let fx: SpeechFixture;

  beforeAll(async () => {
    expect(existsSync('dist/renderer/index.html'), 'the renderer must be built first (npm test runs `vite build`)').toBe(true);
    fx = await makeSpeechFixture(work);
    openai = await startOpenAIMock({ lines: FIXTURE_LINES, reply: translatingReply('[fr]') });
    process.env.OPENAI_API_KEY = OPENAI_MOCK_KEY;
    process.env.OPENAI_BASE_URL = `${openai.url}/v1`;
    server = await launchWeb({ port: 0, dataDir: join(work, 'data'), interactive: false });
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
    await openai?.close();
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
    rmSync(work, { recursive: true, force: true });
  });

  it('drop → transcribe → translate → voice offline → A/B → edit one line → export and download', { timeout: 90_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('nav-dubbing').click();

    // Dropped on the page as a person would drag it from their files.
    const wav = readFileSync(fx.wav).toString('base64');
    const dropped = await page.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'lesson.wav', { type: 'audio/wav' }));
      return dt;
    }, wav);
    await page.getByTestId('dub-drop').dispatchEvent('drop', { dataTransfer: dropped });
    await page.getByTestId('dub-drop-name').filter({ hasText: 'lesson.wav' }).waitFor();
    await page.getByTestId('dub-to').fill('French');
    await page.getByText('Providers, voice and mix').click();
    await page.getByTestId('dub-transcriber').selectOption('openai');
    await page.getByTestId('dub-writer').selectOption('openai');
    await page.getByTestId('dub-speech').selectOption('offline');
    await page.getByTestId('dub-start').click();

    await page.getByTestId('dub-view').and(page.locator('[data-status="ready"]')).waitFor({ timeout: 60_000 });
    for (const step of ['decode', 'transcribe', 'translate', 'voice', 'mix']) expect(await page.getByTestId(`dub-step-${step}`).getAttribute('data-state')).toBe('done');
    expect(await page.getByTestId('dub-meta').textContent()).toMatch(/lesson\.wav · WAV · 0:0\d · 44\.1 kHz stereo · english → French/);
    const targets = await Promise.all(['s1', 's2', 's3'].map((id) => page.getByTestId(`dub-target-${id}`).inputValue()));
    expect(targets).toEqual(FIXTURE_LINES.map((l) => `[fr] ${l}`));
    expect(openai.total('POST /v1/audio/transcriptions')).toBe(1);
    const chats = openai.total('POST /v1/chat/completions');

    // A/B: the original, then the dub from where the player is, both through the real player.
    await page.getByTestId('dub-play-original').click();
    await page.getByTestId('dub-playing').filter({ hasText: /^Original · / }).waitFor();
    await page.getByTestId('dub-play-dub').click();
    await page.getByTestId('dub-playing').filter({ hasText: /^Dub · / }).waitFor();
    expect(await page.getByTestId('dub-play-dub').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('dub-stop').click();
    await expect.poll(() => page.getByTestId('dub-play-dub').getAttribute('aria-pressed')).toBe('false');

    // One line edited: that line alone is voiced again (the job says how many requests it made),
    // and nothing is transcribed or translated again.
    const edited = 'Aujourd’hui, nous respirons lentement.';
    await page.getByTestId('dub-target-s2').fill(edited);
    await page.getByTestId('dub-target-s2').press('Tab');
    await page.getByTestId('dub-view').and(page.locator('[data-status="working"]')).waitFor();
    await page.getByTestId('dub-view').and(page.locator('[data-status="ready"]')).waitFor({ timeout: 30_000 });
    await page.getByTestId('job-activity-entry').filter({ hasText: 'Voiced 1 line (1 speech request; the rest came from the cache)' }).waitFor({ state: 'attached' });
    expect(openai.total('POST /v1/audio/transcriptions')).toBe(1);
    expect(openai.total('POST /v1/chat/completions')).toBe(chats);

    // Export, then the files download from the page: the dub at the recording's exact length,
    // and the French subtitles with the edited line.
    await page.getByTestId('dub-export-wav').click();
    const files = page.getByTestId('dub-exported').getByRole('listitem');
    await files.first().waitFor({ timeout: 30_000 });
    const names = await files.locator('code').allTextContents();
    expect(names).toHaveLength(7);
    expect(names.filter((n) => /\.(source|French)\.(srt|vtt)$/.test(n))).toHaveLength(4);
    const fetch = async (pattern: RegExp) => {
      const [download] = await Promise.all([page.waitForEvent('download'), files.filter({ has: page.locator('code', { hasText: pattern }) }).getByTestId('dub-file-open').click()]);
      const path = join(work, download.suggestedFilename());
      await download.saveAs(path);
      return path;
    };
    const dub = readWav(await fetch(/\.wav$/));
    expect(dub.samples.length / dub.channels).toBe(fx.frames);
    const vtt = readFileSync(await fetch(/French\.vtt$/), 'utf8');
    expect(vtt).toMatch(/^WEBVTT/);
    expect(vtt).toContain(edited);
    await page.close();
  });
});
