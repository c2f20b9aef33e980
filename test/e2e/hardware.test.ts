import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { e2eWorkspace } from './workspace';
import { createMonopriceDevice, type SimDevice } from '../../main/hardware/sim/devices';
import { startPtyPair, type PtyPair } from '../../main/hardware/sim/pty';
import { startSerialSim, type SerialSim } from '../../main/hardware/sim/serial-sim';
import { rampPlan } from '../../main/hardware/ramp';

const work = e2eWorkspace('koru-e2e-amp-');

const { launchWeb } = await import('../../main/web/launch');

describe('the Hardware page drives a simulated amplifier', () => {
  let server: Awaited<ReturnType<typeof launchWeb>>;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let pair: PtyPair;
  let sim: SerialSim;
  let device: SimDevice;

  beforeAll(async () => {
    pair = await startPtyPair(work);
    device = createMonopriceDevice({ zone: 11 });
    sim = await startSerialSim({ path: pair.b, device });
    server = await launchWeb({ port: 0, dataDir: join(work, 'data'), interactive: false });
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
    await sim?.close();
    await pair?.kill();
    rmSync(work, { recursive: true, force: true });
  });

  it('connects, shows the status, ramps the volume, and follows a session', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('nav-hardware').click();

    // Connect to the simulator by typing its path (ptys are not listed by udev).
    await page.getByTestId('amp-port').fill(pair.a);
    await page.getByTestId('amp-zone').selectOption('11');
    await page.getByTestId('amp-connect').click();
    await page.getByTestId('amp-state').filter({ hasText: 'Connected' }).waitFor();
    expect(await page.getByTestId('amp-power-state').textContent()).toBe('Off');

    // Faster ramps keep the test short; the bound is still checked from the simulator's log.
    await page.getByTestId('amp-ramp').getByRole('slider').focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('amp-ramp').getByRole('slider').getAttribute('aria-valuenow')).toBe('50');

    await page.getByTestId('amp-power').click();
    await page.getByTestId('amp-power-state').filter({ hasText: 'On' }).waitFor();
    expect(device.state.power).toBe(true);

    // Move the volume: the amplifier ramps to it in steps, and the page follows.
    const thumb = page.getByTestId('amp-volume').getByRole('slider');
    await thumb.focus();
    for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => device.state.volume, { timeout: 10_000 }).toBe(Math.round((15 * 38) / 100));
    await expect.poll(() => page.getByTestId('amp-volume-value').textContent()).toBe('16%');

    // Start a session: the default profile powers on, unmutes and ramps to 25 %.
    await page.getByTestId('amp-mute').click();
    await page.getByTestId('amp-mute-state').filter({ hasText: 'Muted' }).waitFor();
    await page.getByTestId('nav-sessions').click();
    await page.getByTestId('new-session').click();
    await page.getByTestId('preset-solfeggio').click();
    await page.getByTestId('session-name').fill('Amp follows');
    await page.getByTestId('save-session').click();
    await page.getByTestId('session-row').filter({ hasText: 'Amp follows' }).waitFor();
    await page.getByTestId('play').click();
    await page.getByTestId('playback-state').filter({ hasText: 'playing' }).waitFor();
    await expect.poll(() => device.state.volume, { timeout: 10_000 }).toBe(Math.round((25 * 38) / 100));
    expect(device.state.mute).toBe(false);

    await page.getByTestId('nav-hardware').click();
    await expect.poll(() => page.getByTestId('amp-volume-value').textContent()).toBe('26%');
    expect(await page.getByTestId('amp-mute-state').textContent()).toBe('Off');

    // Stop: the amplifier ramps out and mutes (the default end of session).
    await page.getByTestId('stop').click();
    await expect.poll(() => device.state.volume, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => device.state.mute, { timeout: 5_000 }).toBe(true);
    await page.getByTestId('amp-mute-state').filter({ hasText: 'Muted' }).waitFor();

    // Never a jump: every step in the simulator's log within the ramp's step.
    const step = rampPlan(38, 50).stepRaw;
    device.volumeLog.reduce((prev, e) => {
      expect(Math.abs(e.volume - prev)).toBeLessThanOrEqual(step);
      return e.volume;
    }, 0);
    await page.close();
  });

  it('connects to the same amplifier again after a restart, without a click', async () => {
    await server.close();
    server = await launchWeb({ port: 0, dataDir: join(work, 'data'), interactive: false });
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('nav-hardware').click();
    await page.getByTestId('amp-state').filter({ hasText: 'Connected' }).waitFor();
    await page.getByTestId('amp-at-start').waitFor();
    expect(await page.getByTestId('amp-port').inputValue()).toBe(pair.a);
    // Adopted as it was left (muted at 0), not driven anywhere by the reconnect.
    expect(await page.getByTestId('amp-mute-state').textContent()).toBe('Muted');
    expect(device.state.volume).toBe(0);
    await page.close();
  });

  it('names the port and the cause when nothing answers', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('nav-hardware').click();
    await page.getByTestId('amp-disconnect').click();
    await page.getByTestId('amp-port').fill('/dev/koru-not-here');
    await page.getByTestId('amp-connect').click();
    await page.getByTestId('amp-message').filter({ hasText: '/dev/koru-not-here: no such port' }).waitFor();
    expect(await page.getByTestId('amp-state').textContent()).toBe('Connection failed');
    await page.close();
  });
});
