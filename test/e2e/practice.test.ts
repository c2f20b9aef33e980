/** Mantra practice in web mode, driven through Chromium: counting by the space key survives a
 *  reload (it is stored by main), a round of three rings through to the next, and the voiced
 *  prayer wheel — the offline voice through the real player into ALSA's file plugin — counts
 *  the repetitions it speaks. */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { e2eWorkspace } from './workspace';

const work = e2eWorkspace('koru-e2e-practice-');
for (const v of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'ELEVENLABS_API_KEY', 'ELEVENLABS_BASE_URL', 'GEMINI_API_KEY', 'GEMINI_BASE_URL', 'GOOGLE_API_KEY']) {
  delete process.env[v];
}

const { launchWeb } = await import('../../main/web/launch');
type Server = Awaited<ReturnType<typeof launchWeb>>;

const todayCount = async (page: Page) => Number((await page.getByTestId('practice-today-count').textContent())?.replace(/\D/g, '') ?? NaN);
const malaCount = async (page: Page) => Number(await page.getByTestId('mala-count').first().textContent());

describe('mantra practice in web mode, through Chromium', () => {
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

  it('counts by the space key, keeps the count across a reload, and the prayer wheel counts what it speaks', { timeout: 120_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('nav-practice').click();
    await page.getByTestId('mantra-row').filter({ hasText: 'Om namah shivaya' }).click();
    await page.getByTestId('practice-mantra').filter({ hasText: 'Om namah shivaya' }).waitFor();
    await page.getByTestId('practice-today-count').waitFor();

    // A short round with no guru pause, set on the prayer-wheel tab; it is kept for this mantra.
    await page.getByTestId('practice-tab-voiced').click();
    await page.getByTestId('practice-round-size').fill('3');
    await page.getByTestId('practice-guru-pause').fill('0');
    await page.getByTestId('practice-voiced-count').fill('4');
    await page.getByTestId('practice-gap').fill('0.6');
    await page.getByTestId('practice-bed').selectOption('none');
    await page.getByTestId('practice-tab-count').click();

    await page.locator('body').click({ position: { x: 5, y: 5 } }); // focus off any control
    for (let i = 0; i < 4; i++) await page.keyboard.press('Space');
    await expect.poll(() => todayCount(page), { timeout: 10_000 }).toBe(4);
    await page.getByTestId('practice-announce').filter({ hasText: 'Round complete' }).waitFor();
    expect(await malaCount(page)).toBe(1);

    await page.reload();
    await page.getByTestId('nav-practice').click();
    await page.getByTestId('mantra-row').filter({ hasText: 'Om namah shivaya' }).click();
    await expect.poll(() => todayCount(page), { timeout: 10_000 }).toBe(4);
    expect(await malaCount(page)).toBe(1);

    // The voiced wheel: four repetitions spoken by the offline voice, each one counted.
    await page.getByTestId('practice-tab-voiced').click();
    await page.getByTestId('practice-voiced-play').click();
    await page.getByTestId('practice-voiced-stop').waitFor({ timeout: 30_000 });
    await page.getByTestId('practice-tab-count').click();
    await expect.poll(() => todayCount(page), { timeout: 60_000, interval: 250 }).toBe(8);
    expect(await malaCount(page)).toBe(2);
    await page.close();
  });
});
