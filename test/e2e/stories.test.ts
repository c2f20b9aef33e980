/** A code story end to end with no keys and no network: the fixture repository (a folder) told as
 *  a 5-minute podcast by the offline writer and voiced by the offline voice, driven through
 *  Chromium — the intent chat fills the form, progress and the log stream while it is made, play
 *  starts through the real player and a click on a chapter seeks to it. */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { e2eWorkspace } from './workspace';

const work = e2eWorkspace('koru-e2e-stories-');
for (const v of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'ELEVENLABS_API_KEY', 'ELEVENLABS_BASE_URL', 'GEMINI_API_KEY', 'GEMINI_BASE_URL', 'GOOGLE_API_KEY', 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL']) {
  delete process.env[v];
}

const { launchWeb } = await import('../../main/web/launch');
const { fixtureFiles, writeFiles } = await import('../../main/stories/source/testing');
type Server = Awaited<ReturnType<typeof launchWeb>>;

const elapsedOf = async (page: Page) =>
  ((await page.getByTestId('elapsed').textContent()) ?? '').split(':').reduce((acc, part) => acc * 60 + Number(part), 0);

describe('an offline code story in web mode, driven through Chromium', () => {
  let server: Server;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  const repo = join(work, 'atlas');

  beforeAll(async () => {
    expect(existsSync('dist/renderer/index.html'), 'the renderer must be built first (npm test runs `vite build`)').toBe(true);
    writeFiles(repo, fixtureFiles());
    server = await launchWeb({ port: 0, dataDir: join(work, 'data'), interactive: false });
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('tells the fixture repository as a 5-minute podcast, shows progress and the log, plays, and seeks by chapter', { timeout: 240_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('nav-stories').click();

    // The intent chat fills the form: style, length and a focus chip.
    await page.getByTestId('story-message').fill('Explain the routing system, 5 minutes, podcast style');
    await page.getByTestId('story-intent').click();
    await page.getByTestId('story-intent-result').waitFor();
    expect(await page.getByTestId('story-style').inputValue()).toBe('podcast');
    expect(await page.getByTestId('story-minutes').inputValue()).toBe('5');
    expect(await page.getByTestId('story-focus-chip').allTextContents()).toEqual(['routing']);

    await page.getByTestId('story-source').fill(repo);
    await page.getByTestId('story-generate').click();

    // Progress and the log while it is made.
    await page.getByTestId('story-progress').waitFor();
    await page.getByTestId('job-activity-entry').first().waitFor();
    await page.getByTestId('story-status').filter({ hasText: 'ready' }).waitFor({ timeout: 200_000 });
    const entries = await page.getByTestId('job-activity-entry').allTextContents();
    expect(entries.join('\n')).toMatch(/offline writer wrote/);
    await page.getByTestId('story-row').filter({ hasText: 'ready' }).waitFor();
    await page.getByTestId('story-cover').waitFor();
    const chapters = page.getByTestId('story-chapter');
    expect(await chapters.count()).toBeGreaterThan(3);

    await page.getByTestId('story-play').click();
    await page.getByTestId('playback-state').filter({ hasText: 'playing' }).waitFor();
    // The transcript follows playback.
    await page.getByTestId('story-line-current').waitFor({ timeout: 30_000 });

    // Seek by chapter: a click on the third chapter moves the player to its start.
    const third = chapters.nth(2);
    const label = (await third.textContent()) ?? '';
    const start = label.trim().split(' ')[0]!.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
    expect(start).toBeGreaterThan(5);
    await third.click();
    await expect.poll(() => elapsedOf(page), { timeout: 20_000, interval: 200 }).toBeGreaterThanOrEqual(start);
    expect(await elapsedOf(page)).toBeLessThan(start + 15);
    await page.getByTestId('stop').click();
    await page.getByTestId('playback-state').filter({ hasText: 'idle' }).waitFor();
    await page.close();
  });
});
