import { describe, expect, it } from 'vitest';
import { createPacer, PACED_LEAD_MS } from './pace';

/** A manual clock: sleeping advances it, so the test sees exactly what the pacer waits. */
function clock() {
  const c = { t: 0, slept: [] as number[] };
  return Object.assign(c, {
    now: () => c.t,
    sleep: async (ms: number) => {
      c.slept.push(ms);
      c.t += ms;
    },
  });
}

describe('pacer', () => {
  it('leaves a sink with a clock alone (it never gets a second ahead)', async () => {
    const c = clock();
    const pacer = createPacer(48000, c.now, c.sleep);
    for (let i = 0; i < 200; i++) {
      c.t += 21.3; // the device takes a 1024-frame block every 21.3 ms: real time
      await pacer.after(1024);
    }
    expect(pacer.clockless).toBe(false);
    expect(c.slept).toEqual([]);
  });

  it('detects a clockless sink and paces it to the wall clock', async () => {
    const c = clock();
    const pacer = createPacer(48000, c.now, c.sleep);
    for (let i = 0; i < 40; i++) await pacer.after(1024); // accepted instantly, 850 ms of audio
    expect(pacer.clockless).toBe(false);
    for (let i = 0; i < 200; i++) await pacer.after(1024);
    expect(pacer.clockless).toBe(true);
    // From detection on, audio handed over never runs more than the lead ahead of the clock.
    const audioMs = (240 * 1024 * 1000) / 48000;
    expect(audioMs - c.t).toBeLessThanOrEqual(PACED_LEAD_MS);
    expect(audioMs - c.t).toBeGreaterThan(0);
  });
});
