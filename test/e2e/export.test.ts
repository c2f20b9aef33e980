/** Export from the UI: progress, the saved file, and Cancel (by keyboard) leaving the earlier
 *  file as it was and nothing new in the export folder. */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { e2eWorkspace } from './workspace';

const work = e2eWorkspace('koru-e2e-export-');

const { launchWeb } = await import('../../main/web/launch');

describe('exporting through the UI (web mode, Chromium)', () => {
  const dataDir = join(work, 'data');
  const exportDir = join(dataDir, 'exports');
  let server: Awaited<ReturnType<typeof launchWeb>>;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    expect(existsSync('dist/renderer/index.html'), 'the renderer must be built first (npm test runs `vite build`)').toBe(true);
    server = await launchWeb({ port: 0, dataDir, interactive: false });
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('saves an MP3 with progress, then a cancelled re-export keeps it and leaves nothing else', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('new-session').click();
    await page.getByTestId('preset-bowls').click();
    await page.getByTestId('session-name').fill('E2E export');
    await page.getByTestId('session-duration').fill('1');
    await page.getByTestId('save-session').click();
    await page.getByTestId('session-row').filter({ hasText: 'E2E export' }).waitFor();

    await page.getByTestId('export-mp3').click();
    const result = page.getByTestId('export-result');
    await result.waitFor();
    const saved = readdirSync(exportDir);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^E2E-export-.{8}\.mp3$/);
    expect(await result.textContent()).toContain(saved[0]);
    const earlier = readFileSync(join(exportDir, saved[0]!));

    // Two hours now: the MP3 takes long enough to cancel half-way.
    await page.getByTestId('session-duration').fill('120');
    await page.getByTestId('save-session').click();
    await page.getByTestId('export-mp3').click();
    const bar = page.getByTestId('export-progress');
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByTestId('export-cancel').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('export-cancelled').waitFor();
    expect(await page.getByTestId('export-cancelled').textContent()).toMatch(/cancelled\. No file was saved/);
    expect(await bar.count()).toBe(0);
    expect(readdirSync(exportDir)).toEqual(saved);
    expect(readFileSync(join(exportDir, saved[0]!)).equals(earlier)).toBe(true);
    await page.close();
  });
});
