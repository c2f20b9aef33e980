/**
 * Spectrum analyser cost: feeding a minute of stereo audio in player-sized blocks, and one
 * analysis frame (the live view asks for 20 a second). Run standalone: `npx tsx bench/spectrum.ts`.
 */
import { fileURLToPath } from 'node:url';
import { createSpectrumAnalyzer } from '../main/audio/spectrum';

const SR = 48000;
const BLOCK = 512;

export async function benchSpectrum(): Promise<Record<string, number | string>> {
  const an = createSpectrumAnalyzer({ sampleRate: SR });
  const block = new Float32Array(BLOCK * 2).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * (i >> 1)) / SR));
  const blocks = (60 * SR) / BLOCK;
  let t0 = performance.now();
  for (let i = 0; i < blocks; i++) an.push(block, BLOCK);
  const pushMs = performance.now() - t0;
  for (let i = 0; i < 5; i++) an.compute(); // warm up
  const runs = 200;
  t0 = performance.now();
  for (let i = 0; i < runs; i++) an.compute();
  const computeMs = (performance.now() - t0) / runs;
  return {
    'push 1 min of stereo (ms)': pushMs,
    'push, share of real time (%)': (pushMs / 60_000) * 100,
    'one analysis frame (ms)': computeMs,
    'at 20 frames/s, share of a core (%)': (computeMs * 20) / 10,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [k, v] of Object.entries(await benchSpectrum())) console.log(`  ${k.padEnd(40)} ${typeof v === 'number' ? +v.toFixed(3) : v}`);
}
