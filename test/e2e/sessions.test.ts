import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { e2eWorkspace } from './workspace';

const work = e2eWorkspace('koru-e2e-');

const { launchWeb } = await import('../../main/web/launch');
type Server = Awaited<ReturnType<typeof launchWeb>>;

/** Opens a raw WebSocket and reports the HTTP status of a refused upgrade, or 'open'. */
function tryConnect(url: string): Promise<number | 'open'> {
  return new Promise((res) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, r) => res(r.statusCode ?? 0));
    ws.on('open', () => {
      res('open');
      ws.close();
    });
    ws.on('error', () => undefined);
  });
}

const peaksOf = async (page: Page) =>
  [...((await page.getByTestId('spectrum-peaks').textContent()) ?? '').matchAll(/(\d+(?:\.\d+)?)\s*Hz/g)].map((m) => Number(m[1]));

/** The now-playing bar's elapsed clock (m:ss or h:mm:ss) in seconds. */
const elapsedOf = async (page: Page) =>
  ((await page.getByTestId('elapsed').textContent()) ?? '').split(':').reduce((acc, part) => acc * 60 + Number(part), 0);

describe('Koru in web mode, driven through Chromium', () => {
  const dataDir = join(work, 'data');
  let server: Server;
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

  it('refuses WebSocket connections without the right token', async () => {
    expect(await tryConnect(`ws://127.0.0.1:${server.port}/ws`)).toBe(401);
    expect(await tryConnect(`ws://127.0.0.1:${server.port}/ws?token=wrong`)).toBe(401);
    expect(await tryConnect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`)).toBe('open');
  });

  it('creates a session from a preset, plays it with a live spectrum, and stops it', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('new-session').click();
    await page.getByTestId('preset-solfeggio').click();
    await page.getByTestId('session-name').fill('E2E solfeggio');
    // A visit to Settings before saving loses nothing.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('nav-sessions').click();
    expect(await page.getByTestId('session-name').inputValue()).toBe('E2E solfeggio');
    await page.getByTestId('save-session').click();
    await page.getByTestId('session-row').filter({ hasText: 'E2E solfeggio' }).waitFor();

    expect(await peaksOf(page)).toEqual([]);
    const playedAt = performance.now();
    await page.getByTestId('play').click();
    await page.getByTestId('playback-state').filter({ hasText: 'playing' }).waitFor();
    // The first tone-set is 396 Hz over pink noise: the spectrum must find it in what is output.
    await expect.poll(async () => (await peaksOf(page)).some((f) => Math.abs(f - 396) < 3), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => elapsedOf(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // ALSA's file plugin has no clock: the session must still advance in real time, not race.
    expect(await elapsedOf(page)).toBeLessThanOrEqual((performance.now() - playedAt) / 1000 + 1);

    await page.getByTestId('stop').click();
    await page.getByTestId('playback-state').filter({ hasText: 'idle' }).waitFor();
    await page.close();
  });

  it('still has the session after the server restarts', async () => {
    await server.close();
    server = await launchWeb({ port: 0, dataDir, interactive: false });
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('session-row').filter({ hasText: 'E2E solfeggio' }).waitFor();
    await page.close();
  });
});
