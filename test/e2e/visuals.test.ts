/** The visuals in Chromium against web mode: the picture moves with the sound and stands still
 *  without it; full screen, hidden controls and calm mode work in a real browser. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { frameDifference, percentile, play, savePreset, startRig, watchFrames, type VisualsRig } from './visuals-driver';

/** Mean per-channel change (0–255) over ten frames that counts as "moving": measured moving
 *  frames differ by 0.5–5, identical frames by exactly 0. */
const MOVING = 0.1;

const state = (page: Page, s: string) => page.getByTestId('playback-state').filter({ hasText: s }).waitFor();
/** Moves the mouse (somewhere new each time) so hidden controls come back. */
let wiggle = 0;
async function showControls(page: Page) {
  await page.mouse.move(400 + (wiggle++ % 2) * 40, 300);
  await page.locator('[data-testid="visuals"][data-controls="shown"]').waitFor();
}

describe('visuals in Chromium', () => {
  let rig: VisualsRig;

  beforeAll(async () => {
    expect(existsSync('dist/renderer/index.html'), 'the renderer must be built first (npm test runs `vite build`)').toBe(true);
    rig = await startRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('moves with a playing session, stands still paused and stopped', async () => {
    const { page } = rig;
    await savePreset(page, 'alpha-relax', 'E2E visuals');

    // Nothing playing: the resting picture, drawn once, identical frame after frame.
    await page.getByTestId('visuals-open').click();
    await page.getByTestId('visuals-hint').waitFor();
    expect(await frameDifference(page, 10)).toBe(0);
    await page.getByTestId('visuals-close').click();

    await play(page);
    await page.getByTestId('visuals-open').click();
    for (const pattern of ['flower', 'sri-yantra', 'metatron', 'rings']) {
      await showControls(page);
      await page.getByTestId(`visuals-pattern-${pattern}`).check();
      await expect.poll(() => frameDifference(page, 10), { timeout: 10_000 }).toBeGreaterThan(MOVING);
    }
    // The caption says what drives it: alpha-relax's 10 Hz beat, folded to 0.63 Hz, around 200 Hz.
    await expect.poll(() => page.getByTestId('visuals-summary').textContent(), { timeout: 5000 }).toMatch(/Pulse 0\.6\d Hz from a (9\.9|10\.0) Hz beat; rings at (199|200)\.\d Hz; grain from the noise\./);

    const frames = await watchFrames(page, 3);
    console.log(
      `visuals e2e: ${frames.drawMs.length} frames in 3 s; draw median ${percentile(frames.drawMs, 50).toFixed(2)} ms, p99 ${percentile(frames.drawMs, 99).toFixed(2)} ms; frame interval median ${percentile(frames.intervalMs, 50).toFixed(1)} ms, p99 ${percentile(frames.intervalMs, 99).toFixed(1)} ms`,
    );
    expect(frames.drawMs.length).toBeGreaterThan(0);

    await showControls(page);
    await page.getByTestId('visuals-toggle').click();
    await state(page, 'paused');
    expect(await frameDifference(page, 10)).toBe(0);
    expect((await watchFrames(page, 0.5)).drawMs).toEqual([]);

    await showControls(page);
    await page.getByTestId('visuals-toggle').click();
    await state(page, 'playing');
    await expect.poll(() => frameDifference(page, 10), { timeout: 10_000 }).toBeGreaterThan(MOVING);

    await showControls(page);
    await page.getByTestId('visuals-stop').click();
    await state(page, 'idle');
    await page.getByTestId('visuals-hint').waitFor();
    expect(await frameDifference(page, 10)).toBe(0);
    expect((await watchFrames(page, 0.5)).drawMs).toEqual([]);
  });

  it('goes full screen and back with Esc, hides the controls until the mouse moves, and turns calm for reduced motion', async () => {
    const { page } = rig;
    await showControls(page);
    await page.getByTestId('visuals-fullscreen').click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement?.getAttribute('data-testid') ?? null)).toBe('visuals');
    // Off the controls (the pointer over them keeps them), then still: they step aside.
    await page.mouse.move(640, 500);
    await page.locator('[data-testid="visuals"][data-controls="hidden"]').waitFor();
    await showControls(page);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();
    // The first Esc only left full screen; the visuals are still open.
    expect(await page.getByTestId('visuals').count()).toBe(1);

    expect(await page.getByTestId('visuals-calm').isChecked()).toBe(false);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await expect.poll(() => page.getByTestId('visuals-calm').isChecked()).toBe(true);
    await page.emulateMedia({ reducedMotion: null });

    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('visuals').count()).toBe(0);
  });
});
