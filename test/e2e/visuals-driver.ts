/** Drives the visuals in Chromium against web mode: shared by test/e2e/visuals.test.ts and
 *  bench/visuals.ts, so the test and the figures measure the same thing the same way. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';

export interface VisualsRig {
  page: Page;
  browser: Browser;
  close: () => Promise<void>;
}

/** Web mode on a fresh data folder (audio into ALSA's file plugin) and one Chromium page. */
export async function startRig(viewport = { width: 1280, height: 720 }): Promise<VisualsRig> {
  const work = mkdtempSync(join(tmpdir(), 'koru-visuals-'));
  // PortAudio plays into ALSA's file plugin (no sound card here); set before naudiodon loads.
  process.env.ALSA_CONFIG_PATH = resolve('test/alsa/asound.conf');
  process.env.KORU_ALSA_CAPTURE = join(work, 'capture.wav');
  const { launchWeb } = await import('../../main/web/launch');
  const server = await launchWeb({ port: 0, dataDir: join(work, 'data'), interactive: false });
  const { browser, close: closeBrowser } = await launchChromium();
  const page = await browser.newPage({ viewport });
  await page.goto(server.url);
  return {
    page,
    browser,
    close: async () => {
      await closeBrowser();
      await server.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Saves a session from a preset through the UI; it stays selected, so Play starts it. */
export async function savePreset(page: Page, preset: string, name: string): Promise<void> {
  await page.getByTestId('new-session').click();
  await page.getByTestId(`preset-${preset}`).click();
  await page.getByTestId('session-name').fill(name);
  await page.getByTestId('save-session').click();
  await page.getByTestId('session-row').filter({ hasText: name }).waitFor();
}

export async function play(page: Page): Promise<void> {
  await page.getByTestId('play').click();
  await page.getByTestId('playback-state').filter({ hasText: 'playing' }).waitFor();
}

/** Mean absolute difference per colour channel (0–255) between the canvas now and `frames`
 *  animation frames later: 0 means the picture did not change at all. */
export function frameDifference(page: Page, frames: number): Promise<number> {
  return page.evaluate(async (n) => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="visuals-canvas"]');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) throw new Error('no visuals canvas');
    // (No named helpers in here: tsx's keepNames would wrap them in a __name the page lacks.)
    const a = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
    const b = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    if (a.length !== b.length) return 255;
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
    return sum / a.length;
  }, frames);
}

export interface FrameTimes {
  /** Script time of each drawn frame (the app's own User Timing measure), ms. */
  drawMs: number[];
  /** Time between consecutive animation frames as the page saw them, ms. */
  intervalMs: number[];
}

/** Watches `seconds` of animation: the app's per-frame measures (none when the visuals are
 *  closed) and the frame intervals. */
export function watchFrames(page: Page, seconds: number): Promise<FrameTimes> {
  return page.evaluate(async (sec) => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="visuals-canvas"]');
    const name = canvas ? canvas.dataset.frameMeasure : 'none';
    if (!name) throw new Error('the visuals canvas names no frame measure');
    const drawMs: number[] = [];
    const intervalMs: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntriesByName(name)) drawMs.push(e.duration);
    });
    observer.observe({ type: 'measure' });
    const end = performance.now() + sec * 1000;
    let last = 0;
    while (performance.now() < end) {
      const t = await new Promise<number>((r) => requestAnimationFrame(r));
      if (last) intervalMs.push(t - last);
      last = t;
    }
    // Entries still queued for the observer are delivered by takeRecords.
    for (const e of observer.takeRecords()) if (e.name === name) drawMs.push(e.duration);
    observer.disconnect();
    return { drawMs, intervalMs };
  }, seconds);
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
