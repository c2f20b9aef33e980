/** Settings → Providers in web mode, driven through Chromium: a key entered for one endpoint
 *  stays with it when the base URL moves (the card says why), a moved-back URL works again, and a
 *  voice preview is voiced by main and played by the browser to its end. */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { OPENAI_MOCK_KEY, startListener, startOpenAIMock, type Listener, type MockServer } from '../mocks';
import { launchChromium } from './browser';
import { e2eWorkspace } from './workspace';

const work = e2eWorkspace('koru-e2e-providers-', { ownKeys: true });

const { launchWeb } = await import('../../main/web/launch');
type Server = Awaited<ReturnType<typeof launchWeb>>;

describe('provider keys and voice previews in web mode', () => {
  let server: Server;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let mock: MockServer;
  let listener: Listener;

  beforeAll(async () => {
    expect(existsSync('dist/renderer/index.html'), 'the renderer must be built first (npm test runs `vite build`)').toBe(true);
    mock = await startOpenAIMock();
    listener = await startListener();
    server = await launchWeb({ port: 0, dataDir: join(work, 'data'), interactive: false });
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
    await mock?.close();
    await listener?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('a key follows the endpoint it was entered for, and the card says so', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('nav-settings').click();
    const mockHost = new URL(mock.url).host;
    const setBaseUrl = async (url: string) => {
      await page.getByTestId('provider-openai-baseUrl').fill(url);
      await page.getByTestId('provider-openai-save-settings').click();
      await page.getByTestId('provider-openai-save-settings').filter({ hasText: 'Save settings' }).and(page.locator(':disabled')).waitFor();
    };

    await setBaseUrl(`${mock.url}/v1`);
    await page.getByTestId('provider-openai-key').fill(OPENAI_MOCK_KEY);
    await page.getByTestId('provider-openai-save').click();
    await page.getByTestId('provider-openai-status').filter({ hasText: 'Configured' }).waitFor();
    expect(await page.getByTestId('providers-banner').textContent()).not.toMatch(/add a key/i);
    await page.getByTestId('provider-openai-test').click();
    await page.getByTestId('provider-openai-test-result').filter({ hasText: `Connected — Connected to OpenAI at ${mockHost}` }).waitFor();

    // Another server: the key stays behind, and the card says whose it is.
    await setBaseUrl(`${listener.url}/v1`);
    const detached = page.getByTestId('provider-openai-detached');
    await detached.waitFor();
    expect(await detached.textContent()).toContain(`The key was entered for ${mockHost}, so Koru does not send it to ${new URL(listener.url).host}.`);
    await page.getByTestId('provider-openai-test').click();
    await page.getByTestId('provider-openai-test-result').filter({ hasText: 'Failed' }).waitFor();
    expect(listener.received.length).toBeGreaterThan(0);
    expect(listener.everything()).not.toContain(OPENAI_MOCK_KEY);

    // Back again: the key is used there once more.
    await setBaseUrl(`${mock.url}/v1`);
    await detached.waitFor({ state: 'detached' });
    await page.getByTestId('provider-openai-test').click();
    await page.getByTestId('provider-openai-test-result').filter({ hasText: 'Connected —' }).waitFor();
    await page.close();
  });

  it('previews the offline voice: voiced in main, played by the browser to its end', async () => {
    const page = await browser.newPage();
    // Count what the page plays and sees end (with ALSA's clockless null device that can be
    // faster than real time, so the "Stop" state may be too brief to catch).
    await page.addInitScript(() => {
      const w = window as unknown as { played: string[]; ended: number };
      w.played = [];
      w.ended = 0;
      const play = HTMLMediaElement.prototype.play;
      HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
        w.played.push(this.src.slice(0, 40));
        this.addEventListener('ended', () => void w.ended++);
        return play.call(this);
      };
    });
    await page.goto(server.url);
    await page.getByTestId('nav-settings').click();
    const voice = page.getByTestId('provider-offline-voice');
    await voice.locator('option', { hasText: 'German' }).waitFor({ state: 'attached' });
    expect(await voice.locator('option:checked').textContent()).toBe('English (Great Britain) (en)'); // a name, not an id
    await voice.selectOption('de');
    const button = page.getByTestId('provider-offline-preview');
    const status = page.getByTestId('provider-offline-preview-status');
    await button.click();
    await page.waitForFunction(() => (window as unknown as { ended: number }).ended > 0, undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { played: string[] }).played)).toEqual([expect.stringMatching(/^data:audio\/wav;base64,UklGR/)]);
    await button.filter({ hasText: 'Preview' }).waitFor();
    expect(await status.textContent()).toBe('');
    await page.close();
  });
});
