import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.KORU_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags this closed network needs (and a test's own,
 *  e.g. a fake microphone). Playwright gives every launch a fresh temporary profile of its own. */
export async function launchChromium(extraArgs: string[] = []): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
    headless: true,
  });
  return {
    browser,
    close: async () => {
      await browser.close();
    },
  };
}
