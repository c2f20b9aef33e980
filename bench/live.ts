/**
 * Live playback benchmark.
 * (a) Latency: play request → first samples handed to PortAudio, through the real player and the
 *     real PortAudio sink, in a child process whose ALSA default is the file plugin (the same
 *     fixture as test/integration/portaudio-capture.test.ts). Target < 150 ms.
 * (b) Underruns: the real player feeding a "clocked sink" that consumes at exactly real time
 *     while another process keeps the other core busy, for KORU_BENCH_LIVE_SECONDS of audio
 *     (default 600). The null ALSA device has no clock, so this sink stands in for a sound card;
 *     its accounting is exact because it is computed from the wall clock at every write.
 * Run standalone: `npx tsx bench/live.ts`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Sink } from '../main/audio/types';
import { createEventHub } from '../main/ipc/events';
import { createPlayer } from '../main/sessions/player';
import {
  ALSA_CAPTURE_CONF,
  MAX_VOLUME,
  PLAY_FIXTURE,
  REPO_ROOT,
  SAMPLE_RATE,
  SEED,
  alsaMissing,
  captureSession,
} from '../test/integration/fixtures/capture-session';

/** A device that pulls `sampleRate` frames per second of wall time from a bounded queue. */
export class ClockedSink implements Sink {
  underruns = 0;
  lateBlocks = 0;
  blocks = 0;
  /** Frames the device had to fill with silence because nothing was queued. */
  missingFrames = 0;
  /** Playback second of each underrun. */
  readonly underrunAtSec: number[] = [];
  private queued = 0;
  private consumed = 0;
  private t0 = -1;
  private ranDry = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private waiter: (() => void) | null = null;
  private readonly capacity: number;

  constructor(
    readonly sampleRate: number,
    queueMs = 100,
  ) {
    this.capacity = Math.round((queueMs / 1000) * sampleRate);
  }

  /** Consume everything real time has asked for since the last look. */
  private advance(now: number): void {
    const due = Math.floor(((now - this.t0) / 1000) * this.sampleRate);
    const need = due - this.consumed;
    if (need <= 0) return;
    const take = Math.min(need, this.queued);
    this.queued -= take;
    this.consumed = due;
    if (take < need) {
      // The device wanted frames and the queue was empty: one underrun (until data comes).
      if (!this.ranDry) {
        this.underruns++;
        this.underrunAtSec.push((now - this.t0) / 1000);
      }
      this.ranDry = true;
      this.missingFrames += need - take;
    }
  }

  write(_block: Float32Array, frames: number): Promise<void> {
    const now = performance.now();
    if (this.t0 < 0) {
      this.t0 = now;
      this.timer = setInterval(() => this.poll(), 2);
    }
    this.advance(now);
    if (this.ranDry) {
      this.lateBlocks++; // this block arrived after the queue had run dry
      this.ranDry = false;
    }
    this.queued += frames;
    this.blocks++;
    if (this.queued <= this.capacity) return Promise.resolve();
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private poll(): void {
    this.advance(performance.now());
    if (this.waiter && this.queued <= this.capacity) {
      const w = this.waiter;
      this.waiter = null;
      w();
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.waiter?.();
    this.waiter = null;
  }
}

function runFixture(seconds: number, dir: string): Promise<Record<string, unknown>> {
  const result = join(dir, `latency-${Math.random().toString(36).slice(2)}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', PLAY_FIXTURE, JSON.stringify({ mode: 'play', seconds, result })], {
      cwd: REPO_ROOT,
      env: { ...process.env, ALSA_CONFIG_PATH: ALSA_CAPTURE_CONF, KORU_ALSA_CAPTURE: join(dir, 'capture.wav') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`latency child exited ${code}: ${stderr.split('\n').filter((l) => !l.startsWith('ALSA lib')).slice(-5).join(' | ')}`));
      else resolve(JSON.parse(readFileSync(result, 'utf8')));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function benchLatency(): Promise<Record<string, number | string>> {
  const missing = alsaMissing();
  if (missing) return { 'latency: skipped': missing };
  const dir = mkdtempSync(join(tmpdir(), 'koru-bench-live-'));
  try {
    const runs: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 3; i++) runs.push(await runFixture(2, dir));
    const first = runs.map((r) => r.firstSamplesMs as number);
    return {
      'play → first samples to PortAudio, median ms': median(first),
      'play → first samples to PortAudio, max ms': Math.max(...first),
      'latency target ms': 150,
      'naudiodon module load ms (once per app)': median(runs.map((r) => r.moduleLoadMs as number)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchUnderruns(seconds: number): Promise<Record<string, number | string>> {
  // Keep the other core busy so the player competes for CPU the way it would on a loaded box.
  const busy = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
  const lag = monitorEventLoopDelay({ resolution: 5 });
  const events = createEventHub(); // validates every pushed event, as in the app
  let spectra = 0;
  events.subscribe((name) => {
    if (name === 'playback.spectrum') spectra++;
  });
  let sink: ClockedSink | null = null;
  const player = createPlayer({
    openSink: async (sampleRate) => (sink = new ClockedSink(sampleRate)),
    getSettings: () => ({ outputDevice: null, sampleRate: SAMPLE_RATE, maxVolume: MAX_VOLUME }),
    emit: events.emit,
    log: () => undefined,
    seed: SEED,
  });
  // The capture session plus a singing bowl: the most expensive voice on top.
  const session = captureSession(seconds);
  session.program.sets[0]!.voices.push({ kind: 'bowl', freq: 146, amp: 0.3, strikeEvery: 8, decay: 20 });
  try {
    lag.enable();
    const t0 = performance.now();
    await player.start(session);
    while (player.status().state !== 'idle') await new Promise((r) => setTimeout(r, 100));
    const wallSec = (performance.now() - t0) / 1000;
    lag.disable();
    const s = sink as ClockedSink | null;
    if (!s) throw new Error('the player never opened the clocked sink');
    return {
      'audio played s': seconds,
      'wall clock s': wallSec,
      'blocks written': s.blocks,
      underruns: s.underruns,
      'late blocks': s.lateBlocks,
      'silence inserted ms': (s.missingFrames / SAMPLE_RATE) * 1000,
      'underruns at s': s.underrunAtSec.length ? s.underrunAtSec.slice(0, 8).map((t) => t.toFixed(2)).join(', ') : '-',
      'event-loop delay p99 ms': lag.percentile(99) / 1e6,
      'event-loop delay max ms': lag.max / 1e6,
      'spectrum events pushed': spectra,
    };
  } finally {
    busy.kill('SIGKILL');
    await player.close();
  }
}

export async function benchLive(): Promise<Record<string, number | string>> {
  const seconds = Number(process.env.KORU_BENCH_LIVE_SECONDS ?? 600);
  if (!(seconds > 0)) throw new Error(`KORU_BENCH_LIVE_SECONDS must be a positive number, got ${process.env.KORU_BENCH_LIVE_SECONDS}`);
  return { ...(await benchLatency()), ...(await benchUnderruns(seconds)) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchLive();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(44)} ${typeof v === 'number' ? +v.toFixed(3) : v}`);
}
