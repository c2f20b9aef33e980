/**
 * SBaGen+ as a test oracle: builds the reference source from ../shared (never copied into the
 * project) into a temporary folder once per machine, and reads back what it makes of a schedule.
 *
 *  - sbagenBinary(): the plain SBaGen+ build (its build.sh), for rendering WAVs and benches.
 *  - interpretSbg(): the schedule as SBaGen+ settles it — its periods with full precision —
 *    from a probe build (probe.c beside this file) with a fixed clock.
 *  - sampleOracle(): every channel's carrier, beat and level at a time, as SBaGen+ computes them.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));

/** The shared reference material, beside the checkout. */
export const SHARED_DIR = path.resolve(here, '../../../shared');
export const CORPUS_DIR = path.join(SHARED_DIR, 'sbg-examples');
const SOURCE_DIR = path.join(SHARED_DIR, 'reference', 'sbagen-plus');
const SOURCE = path.join(SOURCE_DIR, 'sbagen+.c');
const PROBE = path.join(here, 'probe.c');

export type Located = { binary: string; reason?: undefined } | { binary: null; reason: string };

function missing(): string | null {
  if (!existsSync(SOURCE)) return `SBaGen+ source not found at ${SOURCE_DIR} (../shared beside the checkout)`;
  return null;
}

/** A cache folder keyed by what goes into the build, so an edit to either rebuilds it. */
function cacheDir(...inputs: string[]): string {
  const h = createHash('sha256');
  for (const f of inputs) h.update(readFileSync(f));
  return path.join(tmpdir(), `koru-sbagen-${h.digest('hex').slice(0, 12)}`);
}

/** Build into a fresh folder, then rename into place: a concurrent caller never runs half a file. */
async function buildOnce(target: string, build: (dir: string) => Promise<void>): Promise<void> {
  if (existsSync(target)) return;
  mkdirSync(path.dirname(target), { recursive: true });
  const dir = mkdtempSync(path.join(path.dirname(target), 'build-'));
  try {
    await build(dir);
    renameSync(path.join(dir, path.basename(target)), target);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const memo = new Map<string, Promise<Located>>();
function locate(key: string, make: () => Promise<Located>): Promise<Located> {
  let p = memo.get(key);
  if (!p) memo.set(key, (p = make()));
  return p;
}

async function withCompiler(target: string, build: (dir: string) => Promise<void>): Promise<Located> {
  try {
    await buildOnce(target, build);
    return { binary: target };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    const reason = err.code === 'ENOENT' ? 'no C compiler (cc) on PATH' : `building SBaGen+ failed: ${err.stderr || err.message}`;
    return { binary: null, reason };
  }
}

/** The plain SBaGen+ binary (built with its own build.sh), or why there is none. */
export function findSbagen(): Promise<Located> {
  return locate('plain', async () => {
    const why = missing();
    if (why) return { binary: null, reason: why };
    const target = path.join(cacheDir(SOURCE, path.join(SOURCE_DIR, 'build.sh')), 'sbagen+');
    return withCompiler(target, async (dir) => {
      await run('bash', [path.join(SOURCE_DIR, 'build.sh'), dir]);
      if (!existsSync(path.join(dir, 'sbagen+'))) throw Object.assign(new Error('build.sh made no binary'), { stderr: '' });
    });
  });
}

/** Path of the SBaGen+ binary, or null when ../shared or a C compiler is missing. */
export async function sbagenBinary(): Promise<string | null> {
  return (await findSbagen()).binary;
}

/** The probe build: SBaGen+ with a fixed clock that prints its settled periods (probe.c). */
export function findProbe(): Promise<Located> {
  return locate('probe', async () => {
    const why = missing();
    if (why) return { binary: null, reason: why };
    const target = path.join(cacheDir(SOURCE, PROBE), 'sbagen-probe');
    return withCompiler(target, (dir) =>
      run('cc', ['-O2', '-DT_POSIX', `-DSBAGEN_SOURCE="${SOURCE}"`, '-o', path.join(dir, 'sbagen-probe'), PROBE, '-lm', '-lpthread']).then(() => undefined),
    );
  });
}

/** One channel at one end of a period, in SBaGen's units (amp 0–4096 for 0–100 %). */
export interface OracleVoice {
  typ: number;
  amp: number;
  carr: number;
  res: number;
}

export interface OracleSchedule {
  /** 'audio': SBaGen+ went on to render; 'sequence': it read the schedule but could not play
   *  it (its mix file is missing or in a format this build lacks). */
  stage: 'audio' | 'sequence';
  fadeMs: number;
  /** -S, -E, -L (ms, −1 unset), -T (ms, −1 unset), -V, -N as SBaGen holds them. */
  opts: { S: boolean; E: boolean; L: number; T: number; V: number; N: boolean };
  /** First and last times mentioned, and where output starts, ms on the 24-hour clock. */
  tim0: number;
  tim1: number;
  startMs: number;
  rate: number;
  /** Custom waveform tables, 256 points each (every 64th of 16384), by index. */
  waves: Map<number, number[]>;
  periods: OraclePeriod[];
}

export interface OraclePeriod {
  tim: number;
  v0: (OracleVoice | null)[];
  v1: (OracleVoice | null)[];
}

export type Interpretation = { ok: true; schedule: OracleSchedule } | { ok: false; message: string };

/**
 * What SBaGen+ makes of a schedule file (always from its first time line, as with -S). Extra
 * arguments go before the file, e.g. ['-p', 'drop', '25ds+'] with file = null.
 */
export async function interpretSbg(file: string | null, extra: string[] = []): Promise<Interpretation> {
  const probe = await findProbe();
  if (probe.binary === null) return { ok: false, message: probe.reason };
  const args = ['-Q', '-S', '-o', '/dev/null', ...extra, ...(file ? [file] : [])];
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
    execFile(probe.binary, args, { env: { ...process.env, TZ: 'UTC' }, timeout: 20_000, maxBuffer: 64 << 20 }, (_e, stdout, stderr) =>
      resolve({ stdout, stderr }),
    );
  });
  if (!stdout.includes('\nend\n')) {
    const message = stderr.split('\n').filter((l) => l && !l.startsWith('##')).join(' ').trim();
    return { ok: false, message: message || 'SBaGen+ stopped without a message' };
  }
  return { ok: true, schedule: parseProbe(stdout) };
}

function parseProbe(text: string): OracleSchedule {
  const s: OracleSchedule = {
    stage: 'audio', fadeMs: 0, opts: { S: false, E: false, L: -1, T: -1, V: 100, N: true }, tim0: 0, tim1: 0, startMs: 0, rate: 44100,
    waves: new Map(), periods: [],
  };
  const empty = () => Array.from({ length: 16 }, () => null);
  for (const line of text.split('\n')) {
    const [kind, ...f] = line.trim().split(/\s+/);
    const n = f.map(Number);
    if (kind === 'stage') s.stage = f[0] === 'audio' ? 'audio' : 'sequence';
    else if (kind === 'opts') {
      const [fade, S, E, L, T, V, N, , tim0, tim1, start, , rate] = n as number[];
      Object.assign(s, { fadeMs: fade, tim0, tim1, startMs: start, rate, opts: { S: S === 1, E: E === 1, L, T, V, N: N === 1 } });
    } else if (kind === 'wave') s.waves.set(n[0]!, n.slice(1));
    else if (kind === 'period') s.periods.push({ tim: n[0]!, v0: empty(), v1: empty() });
    else if (kind === 'ch') {
      const p = s.periods[s.periods.length - 1]!;
      const voice = (o: number): OracleVoice => ({ typ: n[o]!, amp: n[o + 1]!, carr: n[o + 2]!, res: n[o + 3]! });
      // A channel that ends a period switched off still has the values it glides towards.
      p.v0[n[0]!] = n[1] ? voice(1) : null;
      p.v1[n[0]!] = voice(6);
    }
  }
  return s;
}

const H24 = 86_400_000;

const per0 = (a: number, b: number) => (b - a >= 0 ? b - a : b - a + H24);
const per24 = (a: number, b: number) => (b - a > 0 ? b - a : b - a + H24);

/** The period in force `sec` after the start, where it began and how long it lasts (ms). */
export function oraclePeriodAt(s: OracleSchedule, sec: number): { period: OraclePeriod; sinceMs: number; lengthMs: number } {
  const now = (s.startMs + sec * 1000) % H24;
  const ps = s.periods;
  let k = ps.length - 1;
  for (let j = 0; j < ps.length; j++) if (ps[j]!.tim <= now) k = j;
  const p = ps[k]!;
  return { period: p, sinceMs: per0(p.tim, now), lengthMs: ps.length === 1 ? H24 : per24(p.tim, ps[(k + 1) % ps.length]!.tim) };
}

/** Where each period starts, in seconds after SBaGen+'s start, over the first `sec`. */
export function oracleBoundaries(s: OracleSchedule, sec: number): number[] {
  return s.periods.map((p) => per0(s.startMs, p.tim) / 1000).filter((t) => t < sec).sort((a, b) => a - b);
}

/** SBaGen+'s channel values at `sec` after its start (its corrVal): level 0–1, Hz, µs. */
export function sampleOracle(s: OracleSchedule, sec: number): (OracleVoice | null)[] {
  const { period: p, sinceMs, lengthMs } = oraclePeriodAt(s, sec);
  const f = sinceMs / lengthMs;
  const spinMax = 127 / 1e-6 / s.rate;
  return p.v0.map((a, ch) => {
    if (!a) return null;
    const b = p.v1[ch]!;
    if (a.typ === 3) return { ...a, amp: a.amp / 4096 };
    const lerp = (x: number, y: number) => x * (1 - f) + y * f;
    let carr = lerp(a.carr, b.carr);
    if (a.typ === 4 || a.typ === 11 || a.typ === 12) carr = Math.max(-spinMax, Math.min(spinMax, carr));
    return { typ: a.typ, amp: lerp(a.amp, b.amp) / 4096, carr, res: lerp(a.res, b.res) };
  });
}

/** SBaGen+'s own render of `args` (e.g. a file) as 16-bit stereo, the first `seconds` of it. */
export async function renderSbagen(args: string[], seconds: number, rate = 44100): Promise<{ L: Float64Array; R: Float64Array; rate: number }> {
  const bin = await sbagenBinary();
  if (!bin) throw new Error('SBaGen+ is not available');
  const want = 44 + Math.round(seconds * rate) * 4;
  const child = spawn(bin, ['-Q', '-S', '-r', String(rate), '-W', '-O', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  const chunks: Buffer[] = [];
  let got = 0;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      chunks.push(c);
      got += c.length;
      if (got >= want) child.kill();
    });
    child.on('error', reject);
    child.on('close', () => resolve());
  });
  const buf = Buffer.concat(chunks).subarray(44, want);
  const frames = Math.floor(buf.length / 4);
  const L = new Float64Array(frames), R = new Float64Array(frames);
  for (let i = 0; i < frames; i++) {
    L[i] = buf.readInt16LE(4 * i) / 32768;
    R[i] = buf.readInt16LE(4 * i + 2) / 32768;
  }
  return { L, R, rate };
}
