/**
 * Visuals frame time in Chromium (Debian's, headless, --disable-gpu: software rendering) against
 * web mode while alpha-relax plays (pink noise + a 200 Hz binaural beat at 10 Hz, so pulse,
 * rings and grain are all live), each pattern in a 1280×720 window for KORU_BENCH_VISUALS_SECONDS
 * (default 10). Two figures per pattern:
 *  - draw: the app's own script time per frame (the `koru:visuals-frame` User Timing measure);
 *  - frame interval: time between animation frames as the page sees them, which includes the
 *    raster and composite Chromium does after the script (in software rendering, most of it).
 *    At 60 Hz this sits at 16.7 ms when no frame is dropped; p99 shows the stalls.
 * The same frame interval with the visuals closed is printed as the machine's baseline.
 * Needs the built renderer (`npm run build`). Run standalone: `npx tsx bench/visuals.ts`.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { percentile, play, savePreset, startRig, watchFrames } from '../test/e2e/visuals-driver';

const PATTERNS = ['flower', 'sri-yantra', 'metatron', 'rings'] as const;
/** A 60 Hz frame and a half: an interval longer than this means a frame was dropped. */
const DROPPED_MS = 1.5 * (1000 / 60);

export async function benchVisuals(): Promise<Record<string, number | string>> {
  if (!existsSync('dist/renderer/index.html')) return { 'visuals: skipped': 'the renderer is not built (npm run build)' };
  const seconds = Number(process.env.KORU_BENCH_VISUALS_SECONDS ?? 10);
  if (!(seconds > 0)) throw new Error(`KORU_BENCH_VISUALS_SECONDS must be a positive number, got ${process.env.KORU_BENCH_VISUALS_SECONDS}`);
  const rig = await startRig({ width: 1280, height: 720 });
  const { page } = rig;
  const figures: Record<string, number | string> = {};
  try {
    await savePreset(page, 'alpha-relax', 'Bench visuals');
    await play(page);
    const baseline = await watchFrames(page, Math.min(5, seconds));
    figures['visuals closed: frame interval median ms'] = percentile(baseline.intervalMs, 50);
    figures['visuals closed: frame interval p99 ms'] = percentile(baseline.intervalMs, 99);
    await page.getByTestId('visuals-open').click();
    const all = { draw: [] as number[], interval: [] as number[] };
    for (const pattern of PATTERNS) {
      await page.mouse.move(300 + Math.random() * 100, 300);
      await page.locator('[data-testid="visuals"][data-controls="shown"]').waitFor();
      await page.getByTestId(`visuals-pattern-${pattern}`).check();
      // The pointer rests off the controls, so they fade as they would for someone watching.
      await page.mouse.move(640, 500);
      const f = await watchFrames(page, seconds);
      all.draw.push(...f.drawMs);
      all.interval.push(...f.intervalMs);
      figures[`${pattern}: draw median / p99 ms`] = `${percentile(f.drawMs, 50).toFixed(2)} / ${percentile(f.drawMs, 99).toFixed(2)}`;
      figures[`${pattern}: frame interval median / p99 ms`] = `${percentile(f.intervalMs, 50).toFixed(1)} / ${percentile(f.intervalMs, 99).toFixed(1)}`;
      figures[`${pattern}: frames dropped %`] = (100 * f.intervalMs.filter((x) => x > DROPPED_MS).length) / Math.max(1, f.intervalMs.length);
    }
    figures['all patterns: draw median ms'] = percentile(all.draw, 50);
    figures['all patterns: draw p99 ms'] = percentile(all.draw, 99);
    figures['all patterns: frame interval median ms'] = percentile(all.interval, 50);
    figures['all patterns: frame interval p99 ms'] = percentile(all.interval, 99);
    figures['goal: p99 ms'] = 1000 / 60;
    figures['machine load average (1 min) at the end'] = (await import('node:os')).loadavg()[0]!;
    return figures;
  } finally {
    await rig.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchVisuals();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(44)} ${typeof v === 'number' ? +v.toFixed(3) : v}`);
  process.exit(0);
}
