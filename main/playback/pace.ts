/** Some outputs have no clock of their own — ALSA's null and file plugins on a headless box take
 *  samples as fast as we make them, so a 20-minute session would be "played" in seconds. A real
 *  device cannot accept more than its buffer (~100 ms) beyond real time, so a sink that accepts
 *  over a second more than real time within its first seconds is clockless; from then on the
 *  player paces itself to the wall clock. Real devices are never paced: their backpressure is
 *  the clock, and pacing them to the system clock would let drift starve them. */
export const CLOCKLESS_AHEAD_MS = 1000;
const DETECT_WINDOW_MS = 3000;
/** How far ahead of the wall clock a paced (clockless) sink may run. */
export const PACED_LEAD_MS = 100;

export interface Pacer {
  readonly clockless: boolean;
  /** Call after each block the sink accepted; sleeps when a clockless sink runs ahead. */
  after(frames: number): Promise<void>;
}

export function createPacer(
  sampleRate: number,
  now: () => number = () => performance.now(),
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Pacer {
  const start = now();
  let sent = 0;
  let clockless = false;
  return {
    get clockless() {
      return clockless;
    },
    async after(frames) {
      sent += frames;
      const wall = now() - start;
      const ahead = (sent / sampleRate) * 1000 - wall;
      if (!clockless && wall < DETECT_WINDOW_MS && ahead > CLOCKLESS_AHEAD_MS) clockless = true;
      if (clockless && ahead > PACED_LEAD_MS) await sleep(ahead - PACED_LEAD_MS / 2);
    },
  };
}
