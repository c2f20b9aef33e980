import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';

const work = mkdtempSync(join(tmpdir(), 'koru-e2e-sky-'));
const { launchWeb } = await import('../../main/web/launch');

describe('the Sky page in Chromium', () => {
  let server: Awaited<ReturnType<typeof launchWeb>>;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    server = await launchWeb({ port: 0, dataDir: join(work, 'data'), interactive: false });
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('shows the Moon and tropical signs, takes a city, then shows today’s hours with the current one marked', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('nav-sky').click();
    await page.getByTestId('moon-picture').waitFor();
    expect(await page.getByTestId('zodiac-note').textContent()).toMatch(/Tropical zodiac/);
    expect(await page.getByTestId('sky-signs').getByRole('row').count()).toBe(11); // header + 10 bodies

    await page.getByTestId('sky-city-search').fill('Singapore');
    await page.getByRole('button', { name: /^Singapore, Singapore/ }).click();
    await page.getByTestId('sky-location-current').filter({ hasText: 'Asia/Singapore' }).waitFor();
    await page.getByTestId('current-hour').waitFor();
    expect(await page.getByTestId('sky-hours').getByRole('listitem').count()).toBe(24);
    expect(await page.getByTestId('sky-sun').textContent()).toMatch(/Sunrise \d\d:\d\d/);

    // The place is stored: a reload shows it again.
    await page.reload();
    await page.getByTestId('nav-sky').click();
    await page.getByTestId('sky-location-current').filter({ hasText: 'Asia/Singapore' }).waitFor();
    await page.close();
  });
});
