/** The now-playing bar's position slider seeks the real player (web mode, PortAudio into ALSA's
 *  file plugin), and an offline ritual highlights the section being spoken while it plays. */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { e2eWorkspace } from './workspace';

const work = e2eWorkspace('koru-e2e-playback-');
for (const v of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'ELEVENLABS_API_KEY', 'ELEVENLABS_BASE_URL', 'GEMINI_API_KEY', 'GEMINI_BASE_URL', 'GOOGLE_API_KEY']) {
  delete process.env[v];
}

const { launchWeb } = await import('../../main/web/launch');
type Server = Awaited<ReturnType<typeof launchWeb>>;

const clock = (text: string | null) => (text ?? '').split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
const elapsedOf = async (page: Page) => clock(await page.getByTestId('elapsed').textContent());

describe('playback controls in web mode, driven through Chromium', () => {
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

  it('the position slider moves the playhead: keys and a click on the track', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('new-session').click();
    await page.getByTestId('preset-solfeggio').click();
    await page.getByTestId('session-name').fill('E2E seek');
    await page.getByTestId('save-session').click();
    await page.getByTestId('session-row').filter({ hasText: 'E2E seek' }).waitFor();

    await page.getByTestId('play').click();
    await page.getByTestId('playback-state').filter({ hasText: 'playing' }).waitFor();
    const duration = clock(await page.getByTestId('duration').textContent());
    expect(duration).toBe(1260);
    const position = page.getByRole('slider', { name: 'Position' });

    // PageUp: ten steps (50 s) ahead; the player's status comes back with the new position.
    await position.focus();
    await position.press('PageUp');
    await expect.poll(() => elapsedOf(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(50);
    expect(await elapsedOf(page)).toBeLessThan(70);
    expect(await position.getAttribute('aria-valuetext')).toMatch(/^\d+:\d\d of 21:00$/);

    // A click at three quarters of the track jumps there (~15:45) and playing goes on from there.
    const track = page.getByTestId('seek');
    const box = (await track.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    await expect.poll(() => elapsedOf(page), { timeout: 10_000 }).toBeGreaterThan(duration * 0.7);
    const landed = await elapsedOf(page);
    expect(landed).toBeLessThan(duration * 0.8);
    expect(Number(await position.getAttribute('aria-valuenow'))).toBeGreaterThan(duration * 0.7);
    await expect.poll(() => elapsedOf(page), { timeout: 10_000 }).toBeGreaterThan(landed);

    // Home goes back to the start.
    await position.focus();
    await position.press('Home');
    await expect.poll(() => elapsedOf(page), { timeout: 10_000 }).toBeLessThan(10);

    await page.getByTestId('stop').click();
    await page.getByTestId('playback-state').filter({ hasText: 'idle' }).waitFor();
    await page.close();
  });

  it('an offline ritual lights the section being spoken while it plays', { timeout: 180_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('nav-rituals').click();
    await page.getByTestId('ritual-intention').fill('I want to rest');
    await page.getByTestId('ritual-minutes').fill('1');
    await page.getByTestId('focus-breathing').click();
    await page.getByTestId('ritual-generate').click();
    await page.getByTestId('ritual-status').filter({ hasText: 'ready' }).waitFor({ timeout: 150_000 });
    const sections = page.getByTestId('ritual-section');
    expect(await sections.count()).toBeGreaterThan(1);
    expect(await page.locator('[data-testid="ritual-section"][aria-current="true"]').count()).toBe(0);

    await page.getByTestId('ritual-play').click();
    await page.getByTestId('playback-state').filter({ hasText: 'playing' }).waitFor();
    // The opening is spoken first: it is the one lit, with its badge, and only it.
    const lit = page.locator('[data-testid="ritual-section"][aria-current="true"]');
    await lit.waitFor({ timeout: 20_000 });
    expect(await lit.count()).toBe(1);
    expect(await sections.first().getAttribute('aria-current')).toBe('true');
    expect(await lit.getByTestId('ritual-speaking').count()).toBe(1);

    await page.getByTestId('stop').click();
    await page.getByTestId('playback-state').filter({ hasText: 'idle' }).waitFor();
    await expect.poll(() => lit.count(), { timeout: 5_000 }).toBe(0);
    await page.close();
  });
});
