// Child process of bench/render.ts: the real `koru render` path (renderer → master → 16-bit WAV
// on disk) for one hour, alone in its process so its peak RSS is its own. Prints one JSON line.
import { rmSync } from 'node:fs';
import { Program } from '../contract/program';
import { renderToFile } from '../main/export';

const out = process.argv[2] ?? '/tmp/koru-bench-hour.wav';
const program = Program.parse({
  sets: [{ name: 'a', voices: [{ kind: 'noise', color: 'pink', amp: 0.4 }, { kind: 'binaural', carrier: 200, beat: 10, amp: 0.2 }] }],
  timeline: [{ at: 0, set: 'a' }],
});
const t0 = performance.now();
const r = await renderToFile({ spec: { kind: 'program', program, durationSec: 3600, seed: 1 }, volume: 1, maxVolume: 1, sampleRate: 44100, format: 'wav', path: out });
const sec = (performance.now() - t0) / 1000;
rmSync(out, { force: true });
console.log(JSON.stringify({ sec, bytes: r.bytes, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
