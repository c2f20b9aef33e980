/** Koru on one end of a socat pty pair, a simulated amplifier (SerialPort too) on the other: the
 *  real native binding, real file descriptors, every command round-tripped through the kernel. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AmpStatus } from '../../contract/hardware';
import { createAmpConnection, type AmpConnection } from '../../main/hardware/connection';
import { rampPlan } from '../../main/hardware/ramp';
import { createKoruDevice, createMonopriceDevice, type SimDevice } from '../../main/hardware/sim/devices';
import { startPtyPair, type PtyPair } from '../../main/hardware/sim/pty';
import { startSerialSim, type SerialSim } from '../../main/hardware/sim/serial-sim';

let dir = '';
const cleanup: (() => Promise<void>)[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'koru-amp-'));
});
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const limits = { maxVolume: 40, rampPercentPerSec: 40, hardwareLevel: 2 as const };

async function rig(device: SimDevice, name: string, behaviour?: SerialSim['behaviour']) {
  const pair: PtyPair = await startPtyPair(dir, { a: `${name}-a`, b: `${name}-b` });
  const sim = await startSerialSim({ path: pair.b, device, ...(behaviour ? { behaviour } : {}) });
  const events: AmpStatus[] = [];
  const conn: AmpConnection = createAmpConnection({ emit: (s) => events.push(s), log: () => undefined, limits: () => limits, pollMs: 300, timeoutMs: 300 });
  cleanup.push(() => conn.close(), () => sim.close(), () => pair.kill());
  return { pair, sim, conn, events };
}

/** Every change in the simulator's log within the ramp's step and speed. */
function expectBoundedRamp(log: { atMs: number; volume: number }[], maxRaw: number, percentPerSec: number, from: number): void {
  const plan = rampPlan(maxRaw, percentPerSec);
  let prev = { atMs: -Infinity, volume: from };
  for (const e of log) {
    expect(Math.abs(e.volume - prev.volume)).toBeLessThanOrEqual(plan.stepRaw);
    // Consecutive steps at least one interval apart (serial latency may bunch them by a few ms).
    if (e.volume !== prev.volume && Number.isFinite(prev.atMs)) expect(e.atMs - prev.atMs).toBeGreaterThan(plan.intervalMs - 25);
    prev = e;
  }
}

describe.each([
  ['monoprice', () => createMonopriceDevice({ zone: 23 }), 38, { zone: 23 }],
  ['koru', () => createKoruDevice(), 100, {}],
] as const)('%s over a socat pty pair', (driver, makeDevice, maxRaw, extra) => {
  it('round-trips power, mute, source and a ramped volume', async () => {
    const device = makeDevice();
    const { pair, conn, events } = await rig(device, driver);
    const s = await conn.connect({ path: pair.a, driver, ...extra });
    expect(s).toMatchObject({ state: 'connected', power: false, volume: 0 });
    await conn.set({ power: true, mute: true, ...(driver === 'monoprice' ? { source: 4 } : {}) });
    expect(device.state).toMatchObject({ power: true, mute: true, ...(driver === 'monoprice' ? { source: 4 } : {}) });
    await conn.set({ mute: false, volume: 35 });
    await conn.waitForRamp();
    const want = Math.round((35 * maxRaw) / 100);
    expect(device.state.volume).toBe(want);
    expect(conn.status()).toMatchObject({ power: true, mute: false, targetVolume: null });
    expectBoundedRamp(device.volumeLog, maxRaw, limits.rampPercentPerSec, 0);
    // The UI saw the ramp move, not just its end.
    expect(new Set(events.map((e) => e.volume)).size).toBeGreaterThan(3);
  });

  it('explains a silent device and a device talking noise, naming the port', async () => {
    const silent = await rig(makeDevice(), `${driver}-silent`, 'silent');
    await expect(silent.conn.connect({ path: silent.pair.a, driver, ...extra })).rejects.toThrow(new RegExp(`${silent.pair.a}: no reply`));
    const noisy = await rig(makeDevice(), `${driver}-noise`, 'garbage');
    await expect(noisy.conn.connect({ path: noisy.pair.a, driver, ...extra })).rejects.toThrow(/answered, but not in the .* protocol.*wrong baud rate/);
    expect(noisy.conn.status().state).toBe('error');
  });
});
