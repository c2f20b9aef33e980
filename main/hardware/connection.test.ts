import { afterEach, describe, expect, it } from 'vitest';
import type { AmpStatus } from '../../contract/hardware';
import { createAmpConnection, type AmpLimits } from './connection';
import { rampPlan } from './ramp';
import { createKoruDevice, createMonopriceDevice } from './sim/devices';
import { deviceBinding, mockPort, respondingBinding } from './testing';
import type { SerialBinding } from './transport';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

function make(binding: SerialBinding, limits: Partial<AmpLimits> = {}) {
  const events: AmpStatus[] = [];
  const lim: AmpLimits = { maxVolume: 40, rampPercentPerSec: 50, hardwareLevel: 2, ...limits };
  const c = createAmpConnection({ emit: (s) => events.push(s), log: () => undefined, limits: () => lim, binding, pollMs: 5000, timeoutMs: 100 });
  open.push(c);
  return { c, events, lim };
}

describe('amplifier connection', () => {
  it('connects, reports the device state and pushes connecting → connected', async () => {
    const device = createKoruDevice({ bootVolume: 10 });
    const { c, events } = make(deviceBinding(device));
    const s = await c.connect({ path: mockPort(), driver: 'koru' });
    expect(s).toMatchObject({ state: 'connected', driver: 'koru', firmware: 'koru-amp 1.0.0', power: false, volume: 10, mute: true });
    expect(events.map((e) => e.state).slice(0, 2)).toEqual(['connecting', 'connected']);
  });

  it('ramps in bounded steps at the configured speed, never a jump', async () => {
    const device = createKoruDevice();
    const { c } = make(deviceBinding(device), { rampPercentPerSec: 50, maxVolume: 40 });
    await c.connect({ path: mockPort(), driver: 'koru' });
    const t0 = performance.now();
    await c.set({ power: true, mute: false, volume: 30 });
    await c.waitForRamp();
    const took = performance.now() - t0;
    const log = device.volumeLog;
    const plan = rampPlan(100, 50);
    expect(log.at(-1)?.volume).toBe(30);
    for (let i = 1; i < log.length; i++) expect(Math.abs(log[i]!.volume - log[i - 1]!.volume)).toBeLessThanOrEqual(plan.stepRaw);
    // 30 % at 50 %/s cannot take less than ~0.6 s (first step goes out at once).
    expect(took).toBeGreaterThan(((30 - plan.stepRaw) / 50) * 1000 - 30);
  });

  it('refuses a volume above the maximum and pulls a too-loud amplifier down to it by ramp', async () => {
    const device = createMonopriceDevice({ bootVolume: 30 });
    const { c } = make(deviceBinding(device), { maxVolume: 20, rampPercentPerSec: 50 });
    await c.connect({ path: mockPort(), driver: 'monoprice', zone: 11 });
    await expect(c.set({ volume: 21 })).rejects.toThrow(/above the maximum of 20/);
    await c.waitForRamp();
    const vols = device.volumeLog.map((e) => e.volume);
    expect(vols.at(-1)).toBe(7); // floor(20 % of 38)
    expect(vols[0]).toBeGreaterThanOrEqual(30 - rampPlan(38, 50).stepRaw);
  });

  it('lowering the maximum mid-session brings the volume down to it', async () => {
    const device = createKoruDevice();
    const { c, lim } = make(deviceBinding(device), { rampPercentPerSec: 50 });
    await c.connect({ path: mockPort(), driver: 'koru' });
    await c.set({ volume: 20 });
    await c.waitForRamp();
    lim.maxVolume = 10;
    c.refresh();
    await c.waitForRamp();
    expect(device.state.volume).toBe(10);
  });

  it.each([
    ['silence', () => null, /no reply at 115200 baud.*powered/],
    ['noise (wrong baud rate)', () => '\xf0\x0f\xaa'.repeat(120), /answered, but not in the Koru controller protocol.*wrong baud rate/],
    ['only lines it was not asked for', () => 'OK STATUS POWER=ON\r\n'.repeat(12), /answered, but not in the Koru controller protocol/],
  ])('explains a device that answers with %s, naming the port', async (_label, respond, pattern) => {
    const path = mockPort();
    const { c, events } = make(respondingBinding(respond));
    await expect(c.connect({ path, driver: 'koru' })).rejects.toThrow(pattern);
    expect(c.status()).toMatchObject({ state: 'error', path });
    expect(c.status().message).toContain(path);
    expect(events.at(-1)?.state).toBe('error');
  });

  it('names a port that does not exist', async () => {
    const { c } = make(respondingBinding(() => null));
    await expect(c.connect({ path: '/dev/koru-nowhere', driver: 'monoprice' })).rejects.toThrow(/\/dev\/koru-nowhere/);
  });

  it('refuses commands while disconnected', async () => {
    const { c } = make(respondingBinding(() => null));
    await expect(c.set({ power: true })).rejects.toThrow(/no amplifier is connected/);
  });
});
