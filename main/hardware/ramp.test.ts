import { describe, expect, it } from 'vitest';
import { listAmpPorts } from './ports';
import { nextStep, rampPlan, toPercent, toRaw } from './ramp';

describe('ramp plan', () => {
  it.each([
    [38, 10],
    [38, 50],
    [100, 10],
    [100, 37],
  ])('for range 0–%i at %i %/s never moves faster than asked', (maxRaw, rate) => {
    const { stepRaw, intervalMs } = rampPlan(maxRaw, rate);
    expect(stepRaw).toBeGreaterThanOrEqual(1);
    const percentPerSec = ((stepRaw / maxRaw) * 100 * 1000) / intervalMs;
    expect(percentPerSec).toBeCloseTo(rate, 6);
  });

  it('steps toward the target without overshooting', () => {
    expect(nextStep(0, 10, 4)).toBe(4);
    expect(nextStep(8, 10, 4)).toBe(10);
    expect(nextStep(10, 3, 4)).toBe(6);
    expect(nextStep(5, 5, 4)).toBe(5);
  });

  it('converts percent to native units without crossing the cap', () => {
    expect(toRaw(40, 38, 40)).toBe(15); // 15.2 rounds down at the cap: 39.5 %, not 42.1 %
    expect(toPercent(toRaw(40, 38, 40), 38)).toBeLessThanOrEqual(40);
    expect(toRaw(25, 38)).toBe(10);
    expect(toRaw(100, 100, 40)).toBe(40);
    expect(toRaw(-3, 100)).toBe(0);
  });
});

describe('port discovery', () => {
  it('reports no ports as a hint, not a failure', async () => {
    expect(await listAmpPorts(async () => [])).toEqual({ ports: [], error: expect.stringMatching(/no serial ports found/) });
  });

  it('maps what SerialPort lists', async () => {
    const r = await listAmpPorts(async () => [{ path: '/dev/ttyUSB0', manufacturer: 'FTDI', vendorId: '0403', productId: '6001' }]);
    expect(r).toEqual({ ports: [{ path: '/dev/ttyUSB0', manufacturer: 'FTDI', serialNumber: null, vendorId: '0403', productId: '6001' }], error: null });
  });

  it('reports other listing failures with their reason', async () => {
    expect((await listAmpPorts(() => Promise.reject(new Error('EPERM')))).error).toMatch(/EPERM.*by hand/);
  });
});
