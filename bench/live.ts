/**
 * Live playback benchmark, through the real player and its audio engine process.
 * (a) Latency: play request → first samples handed to PortAudio (the engine already started, as
 *     the app starts it at launch), with ALSA's default being the file plugin (the capture test's
 *     configuration). Target < 150 ms.
 * (b) Underruns: the engine feeding a simulated sound card (main/audio/sinks/simulated.ts: it
 *     consumes at exactly real time from a 100 ms queue and counts every dry spell) while another
 *     process keeps the other core busy, for KORU_BENCH_LIVE_SECONDS of audio (default 600).
 * Run standalone: `npx tsx bench/live.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createEventHub } from '../main/ipc/events';
import { createPlayer, processHostLink, type Player } from '../main/playback';
import { ALSA_CAPTURE_CONF, MAX_VOLUME, SAMPLE_RATE, SEED, alsaMissing, captureSession, hostPlayer } from '../test/integration/fixtures/capture-session';

const epochNow = () => performance.timeOrigin + performance.now();

/** Resolves once the player reports idle (its status is pushed by the engine). */
export function idle(player: Player): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (player.status().state === 'idle') {
        clearInterval(timer);
        resolve();
      }
    }, 50);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function benchLatency(): Promise<Record<string, number | string>> {
  const missing = alsaMissing();
  if (missing) return { 'latency: skipped': missing };
  const dir = mkdtempSync(join(tmpdir(), 'koru-bench-live-'));
  const { player } = hostPlayer({ alsaConf: ALSA_CAPTURE_CONF, capture: join(dir, 'capture.wav') });
  try {
    const t0 = performance.now();
    await player.warm();
    const engineStartMs = performance.now() - t0;
    const first: number[] = [];
    for (let i = 0; i < 5; i++) {
      const requestAt = epochNow();
      await player.start(captureSession(1));
      await idle(player);
      const at = (await player.stats()).firstWriteAtMs;
      if (at !== null) first.push(at - requestAt);
    }
    return {
      'play → first samples to PortAudio, median ms': median(first),
      'play → first samples to PortAudio, max ms': Math.max(...first),
      'latency target ms': 150,
      'audio engine process start ms (once per app)': engineStartMs,
    };
  } finally {
    await player.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchUnderruns(seconds: number): Promise<Record<string, number | string>> {
  // Keep the other core busy so the engine competes for CPU the way it would on a loaded box.
  const busy = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
  const lag = monitorEventLoopDelay({ resolution: 5 });
  const events = createEventHub(); // validates every pushed event, as in the app
  let spectra = 0;
  events.subscribe((name) => {
    if (name === 'playback.spectrum') spectra++;
  });
  const player = createPlayer({
    link: processHostLink({ log: () => undefined }),
    getSettings: () => ({ outputDevice: null, sampleRate: SAMPLE_RATE, maxVolume: MAX_VOLUME }),
    emit: events.emit,
    log: () => undefined,
    seed: SEED,
    sink: { kind: 'simulated', queueMs: 100 },
  });
  // The capture session plus a singing bowl: the most expensive voice on top.
  const session = captureSession(seconds);
  session.program.sets[0]!.voices.push({ kind: 'bowl', freq: 146, amp: 0.3, strikeEvery: 8, decay: 20 });
  try {
    await player.warm();
    lag.enable();
    const t0 = performance.now();
    await player.start(session);
    await idle(player);
    const wallSec = (performance.now() - t0) / 1000;
    lag.disable();
    const s = await player.stats();
    return {
      'audio played s': s.framesPlayed / SAMPLE_RATE,
      'wall clock s': wallSec,
      underruns: s.underruns,
      'late blocks': s.lateBlocks,
      'render thread behind (blocks)': s.starvedBlocks,
      'longest gap between writes ms': s.maxWriteGapMs,
      'app main-loop delay p99 ms': lag.percentile(99) / 1e6,
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
