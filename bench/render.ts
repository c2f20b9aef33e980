/**
 * Render benchmark: one hour of `pink/40 200+10/20` at 44.1 kHz into a null consumer (16-bit
 * TPDF-dithered conversion included), timed against the 1000× real-time target; then the same
 * with the master stage, and `sox` synthesising an hour of two sines for comparison. The same
 * hour written to a file by the `koru` command itself (time, peak RSS, against SBaGen+) is in
 * bench/cli.ts.
 * Run standalone: `npx tsx bench/render.ts`.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Program } from '../contract/program';
import { createMaster, createSessionRenderer } from '../main/audio';
import { createDither, floatToInt16 } from '../main/audio/pcm';

const SR = 44100;
const HOUR = 3600;
const BLOCK = 8192;
const SOX_OUT = '/tmp/koru-sox.wav';

const program = Program.parse({
  sets: [
    {
      name: 'alpha',
      voices: [
        { kind: 'noise', color: 'pink', amp: 0.4 },
        { kind: 'binaural', carrier: 200, beat: 10, amp: 0.2 },
      ],
    },
  ],
  timeline: [{ at: 0, set: 'alpha' }],
});

function renderHour(withMaster: boolean): { sec: number; cpuSec: number; checksum: number } {
  const renderer = createSessionRenderer(program, { sampleRate: SR, durationSec: HOUR, seed: 1 });
  const master = createMaster({ sampleRate: SR, volume: 0.7, maxVolume: 0.8 });
  const block = new Float32Array(BLOCK * 2);
  const pcm = new Int16Array(BLOCK * 2);
  const dither = createDither(1);
  let checksum = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (;;) {
    const n = renderer.render(block, BLOCK);
    if (withMaster) master.process(block, n);
    floatToInt16(block, n, 2, pcm, dither);
    checksum = (checksum + pcm[n >> 1]!) | 0; // the null consumer: touch the output
    if (n < BLOCK) break;
  }
  const cpu = process.cpuUsage(c0);
  return { sec: (performance.now() - t0) / 1000, cpuSec: (cpu.user + cpu.system) / 1e6, checksum };
}

function timeSox(): { sec: number } | 'sox missing' | string {
  const which = spawnSync('sox', ['--version'], { encoding: 'utf8' });
  if (which.error) return 'sox missing';
  const t0 = performance.now();
  const r = spawnSync('sox', ['-n', '-r', String(SR), '-b', '16', SOX_OUT, 'synth', String(HOUR), 'sine', '205', 'sine', '195'], {
    encoding: 'utf8',
  });
  const sec = (performance.now() - t0) / 1000;
  rmSync(SOX_OUT, { force: true });
  if (r.status !== 0) return `sox failed: ${r.stderr.trim().split('\n')[0] ?? r.status}`;
  return { sec };
}

export async function benchRender(): Promise<Record<string, number | string>> {
  // Warm the JIT on a short render so the hour measures steady-state code.
  const warm = createSessionRenderer(program, { sampleRate: SR, durationSec: 20, seed: 1 });
  const b = new Float32Array(BLOCK * 2);
  while (warm.render(b, BLOCK) === BLOCK);

  const plain = renderHour(false);
  const mastered = renderHour(true);
  const sox = timeSox();
  const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
  const out: Record<string, number | string> = {
    'render 1h → int16 s': round(plain.sec),
    'render ×realtime': round(HOUR / plain.sec, 0),
    'render CPU s': round(plain.cpuSec),
    'render+master 1h s': round(mastered.sec),
    'render+master ×realtime': round(HOUR / mastered.sec, 0),
    'render+master CPU s': round(mastered.cpuSec),
    'target ×realtime': 1000,
    'bench process peak RSS MB': round(process.resourceUsage().maxRSS / 1024, 1),
    // The machine is shared: a load above the core count inflates every figure here.
    'load average (1 min)': round(loadavg()[0] ?? 0),
  };
  if (typeof sox === 'string') out['sox 1h two sines'] = sox;
  else {
    out['sox 1h two sines s'] = round(sox.sec);
    out['sox ×realtime'] = round(HOUR / sox.sec, 0);
    out['koru render+master ÷ sox time'] = round(mastered.sec / sox.sec, 3);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchRender().then(
    (r) => {
      for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(34)} ${v}`);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
