/**
 * The command line as users run it: bin/koru.mjs → the built bundle (dist-main/cli.js, built
 * here first if missing or stale).
 * (a) Start-up: `koru --version` against bare `node -e ''`, interleaved, median of N runs each.
 *     Target: within 3× bare Node.
 * (b) A 1 h render to a 16-bit WAV, `koru render -i "pink/40 200+10/20" -L 01:00:00 -o …`: wall
 *     time and peak RSS, against SBaGen+ 12.2 rendering the same hour the same way
 *     (`sbagen+ -Q -Wo … -L 01:00:00 -i pink/40 200+10/20`), in the same run. Target: RSS < 80 MB.
 * Peak RSS is the kernel's figure from GNU time (`/usr/bin/time -f %M`), else the highest
 * VmHWM read from /proc/<pid>/status while the process runs.
 * Run standalone: `npx tsx bench/cli.ts`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, ensureMainBuilt } from '../scripts/main-bundle.mjs';

const KORU = join(ROOT, 'bin/koru.mjs');
const STARTS = Number(process.env.KORU_BENCH_STARTS ?? 21);
const SPECS = ['pink/40', '200+10/20'];
const HOUR = '01:00:00';
const GNU_TIME = '/usr/bin/time';
/** SBaGen+'s source, beside the checkout (../shared). */
const SBAGEN_SOURCE = join(ROOT, '../shared/reference/sbagen-plus');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function wallMs(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}`);
  return performance.now() - t0;
}

function startUp(): Record<string, number> {
  const koru: number[] = [];
  const bare: number[] = [];
  wallMs(process.execPath, [KORU, '--version']); // warm the page cache for both
  for (let i = 0; i < STARTS; i++) {
    bare.push(wallMs(process.execPath, ['-e', '']));
    koru.push(wallMs(process.execPath, [KORU, '--version']));
  }
  return {
    [`koru --version, median of ${STARTS} (ms)`]: round(median(koru)),
    [`node -e '', median of ${STARTS} (ms)`]: round(median(bare)),
    'koru --version ÷ bare node (target ≤ 3)': round(median(koru) / median(bare), 2),
  };
}

interface Measured {
  sec: number;
  peakMB: number;
}

/** Runs a command to completion: wall time and peak resident memory. */
async function measure(cmd: string, args: string[]): Promise<Measured> {
  const gnu = existsSync(GNU_TIME);
  const t0 = performance.now();
  const child = gnu ? spawn(GNU_TIME, ['-f', 'KORU_PEAK_KB %M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'] }) : spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let hwmKB = 0;
  // Only without GNU time: VmHWM is a high-water mark, so the last read before exit is the peak
  // but for whatever the last 20 ms added.
  const poll = gnu
    ? null
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) hwmKB = Math.max(hwmKB, Number(m[1]));
        } catch {
          // exited between two reads
        }
      }, 20);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const sec = (performance.now() - t0) / 1000;
  if (poll) clearInterval(poll);
  if (code !== 0) throw new Error(`${cmd} exited ${code}: ${stderr.trim().split('\n').slice(-2).join(' | ')}`);
  const peakKB = gnu ? Number(/KORU_PEAK_KB (\d+)/.exec(stderr)?.[1]) : hwmKB;
  return { sec, peakMB: peakKB / 1024 };
}

/** SBaGen+ built into `dir` from ../shared, or why not. (test/oracle/sbagen.ts, being written
 *  beside this, will own building it; until then its own build.sh is called directly.) */
function sbagen(dir: string): string | { skipped: string } {
  const build = join(SBAGEN_SOURCE, 'build.sh');
  if (!existsSync(build)) return { skipped: `${SBAGEN_SOURCE} is absent` };
  const r = spawnSync('bash', [build, dir], { encoding: 'utf8' });
  if (r.status !== 0) return { skipped: `its build failed (${r.stderr.trim().split('\n').at(-1) ?? `exit ${r.status}`})` };
  return join(dir, 'sbagen+');
}

async function hourRender(): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'koru-bench-cli-'));
  try {
    const out = join(dir, 'hour.wav');
    const koru = await measure(process.execPath, [KORU, 'render', '-i', SPECS.join(' '), '-L', HOUR, '-o', out]);
    rmSync(out, { force: true });
    const figures: Record<string, number | string> = {
      'koru render 1 h → WAV (s)': round(koru.sec, 2),
      'koru render peak RSS (MB, target < 80)': round(koru.peakMB),
    };
    const bin = sbagen(dir);
    if (typeof bin !== 'string') {
      figures['SBaGen+ 1 h: skipped'] = bin.skipped;
      return figures;
    }
    const ref = await measure(bin, ['-Q', '-Wo', out, '-L', HOUR, '-i', ...SPECS]);
    rmSync(out, { force: true });
    return {
      ...figures,
      'SBaGen+ 1 h → WAV (s)': round(ref.sec, 2),
      'SBaGen+ peak RSS (MB)': round(ref.peakMB),
      'koru ÷ SBaGen+ time': round(koru.sec / ref.sec, 2),
      'koru ÷ SBaGen+ peak RSS': round(koru.peakMB / ref.peakMB, 1),
      'peak RSS from': existsSync(GNU_TIME) ? 'GNU time (%M)' : '/proc/<pid>/status VmHWM, sampled',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchCli(): Promise<Record<string, number | string>> {
  await ensureMainBuilt((line) => process.stderr.write(`${line}\n`));
  return { ...startUp(), ...(await hourRender()), 'load average (1 min)': round(loadavg()[0] ?? 0, 2) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [k, v] of Object.entries(await benchCli())) console.log(`  ${k.padEnd(44)} ${v}`);
}
