import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKoruDevice, createMonopriceDevice } from '../hardware/sim/devices';
import { startPtyPair } from '../hardware/sim/pty';
import { startSerialSim } from '../hardware/sim/serial-sim';
import { deviceBinding, mockPort } from '../hardware/testing';
import { runAmp } from './amp';
import { main } from './index';

const dir = mkdtempSync(join(tmpdir(), 'koru-amp-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stderr = '';
beforeEach(() => {
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
});

describe('koru amp (against binding-mock)', () => {
  it('set ramps the volume in bounded steps and prints the final state', async () => {
    const device = createMonopriceDevice({ zone: 21 });
    const lines: string[] = [];
    const s = await runAmp(
      'set',
      { port: mockPort(), driver: 'monoprice', zone: '21', power: 'on', mute: 'off', volume: '20', ramp: '50' },
      { out: (l) => lines.push(l), binding: deviceBinding(device) },
    );
    expect(device.state).toMatchObject({ power: true, mute: false, volume: 8 }); // 20 % of 38
    expect(device.volumeLog.map((e) => e.volume)).toEqual([2, 4, 6, 8]);
    expect(s.volume).toBeCloseTo(21.1, 1);
    expect(lines[0]).toMatch(/zone 21, 9600 baud\): power on, volume 21\.1 %, mute off, source 1/);
  });

  it('status --json prints the contract status', async () => {
    const lines: string[] = [];
    await runAmp('status', { port: mockPort(), driver: 'koru', json: true }, { out: (l) => lines.push(l), binding: deviceBinding(createKoruDevice({ bootVolume: 7 })) });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ state: 'connected', driver: 'koru', volume: 7, firmware: 'koru-amp 1.0.0' });
  });
});

describe('koru amp: bad input fails fast with a clear message', () => {
  it.each([
    [['amp', 'set', '--port', '/dev/x', '--volume', '80'], /above the maximum of 40 %/],
    [['amp', 'set', '--port', '/dev/x', '--driver', 'sony', '--power', 'on'], /--driver must be monoprice or koru/],
    [['amp', 'set', '--port', '/dev/x', '--zone', '17', '--power', 'on'], /--zone must be 11–16/],
    [['amp', 'set', '--port', '/dev/x', '--power', 'maybe'], /--power must be on or off/],
    [['amp', 'set', '--port', '/dev/x'], /nothing to set/],
    [['amp', 'status'], /--port is required/],
  ])('%j → exit 2', async (argv, pattern) => {
    expect(await main(argv)).toBe(2);
    expect(stderr).toMatch(pattern);
  });

  it('names a port that does not exist (exit 1)', async () => {
    expect(await main(['amp', 'status', '--port', '/dev/koru-no-such-port', '--driver', 'koru'])).toBe(1);
    expect(stderr).toMatch(/\/dev\/koru-no-such-port: no such port/);
  });

  it('a silent device: exit 1 naming the port and the likely cause, no hang', async () => {
    const pair = await startPtyPair(dir);
    const sim = await startSerialSim({ path: pair.b, device: createMonopriceDevice(), behaviour: 'silent' });
    try {
      const t0 = performance.now();
      expect(await main(['amp', 'status', '--port', pair.a])).toBe(1);
      expect(performance.now() - t0).toBeLessThan(3000);
      expect(stderr).toContain(`${pair.a}: no reply at 9600 baud`);
      expect(stderr).toMatch(/powered and connected/);
    } finally {
      await sim.close();
      await pair.kill();
    }
  });
});
