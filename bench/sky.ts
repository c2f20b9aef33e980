/**
 * `koru sky events` over ten years (2026-01-01 … 2035-12-31: moon quarters, eclipses and every
 * planet's stations), as users run it — bin/koru.mjs → dist-main (built first if stale) — wall
 * time, median of RUNS; beside it the same search in this process (no start-up) and the count.
 * Run standalone: `npx tsx bench/sky.ts`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, ensureMainBuilt } from '../scripts/main-bundle.mjs';
import { eventsBetween } from '../main/sky';

const KORU = join(ROOT, 'bin/koru.mjs');
const RUNS = Number(process.env.KORU_BENCH_SKY_RUNS ?? 5);
const ARGS = ['sky', 'events', '--from', '2026-01-01', '--to', '2035-12-31', '--json'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function benchSky(): Promise<Record<string, number | string>> {
  await ensureMainBuilt(() => undefined);
  const wall: number[] = [];
  let count = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [KORU, ...ARGS], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    wall.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`koru ${ARGS.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr}`);
    count = (JSON.parse(r.stdout) as unknown[]).length;
  }
  const inProcess: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    eventsBetween('2026-01-01', '2035-12-31');
    inProcess.push(performance.now() - t0);
  }
  return {
    [`koru sky events, 10 years, median of ${RUNS} (ms)`]: median(wall),
    'the same search in-process, no start-up (ms)': median(inProcess),
    'events found (quarters, eclipses, stations)': count,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [k, v] of Object.entries(await benchSky())) console.log(`  ${k.padEnd(48)} ${typeof v === 'number' ? +v.toFixed(1) : v}`);
}
