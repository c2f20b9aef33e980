/**
 * Live audio under load — the platform's figure. The whole app (createApp, through its router)
 * plays a ritual for KORU_BENCH_LOAD_SECONDS (default 600) into a simulated sound card (exact
 * underrun accounting, see main/audio/sinks/simulated.ts) while, at the same time:
 *  - another ritual is being voiced by the offline voice (a new one starts whenever one is done),
 *  - an MP3 export of a one-hour session runs (a new one starts whenever one is done),
 *  - another process keeps the other core busy,
 *  - the app's main loop is blocked for 200 ms every second.
 * Target: 0 underruns, 0 late blocks.
 * Run standalone: `npx tsx bench/load.ts`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Result } from '../contract';
import { createApp } from '../main/app';
import { presets } from '../main/sessions/presets';

const ctx = { transport: 'web' as const, client: 'bench' };
const block = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* the main loop, busy */
  }
};

export async function benchLoad(): Promise<Record<string, number | string>> {
  const seconds = Number(process.env.KORU_BENCH_LOAD_SECONDS ?? 600);
  if (!(seconds > 0)) throw new Error(`KORU_BENCH_LOAD_SECONDS must be a positive number, got ${process.env.KORU_BENCH_LOAD_SECONDS}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'koru-bench-load-'));
  const app = await createApp({ dataDir, mode: 'web', env: {}, log: () => undefined, audio: { sink: { kind: 'simulated', queueMs: 100 } } });
  const call = async <T>(channel: string, input: unknown = {}): Promise<T> => {
    const r: Result = await app.router.dispatch(channel, input, ctx);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value as T;
  };
  const ritualDone = (id: string) =>
    new Promise<void>((resolve) => {
      const off = app.events.subscribe((name, payload) => {
        const p = payload as { id: string; stage: string };
        if (name === 'ritual.progress' && p.id === id && (p.stage === 'ready' || p.stage === 'failed' || p.stage === 'cancelled')) {
          off();
          resolve();
        }
      });
    });
  let busy: ReturnType<typeof spawn> | null = null;
  let blocker: ReturnType<typeof setInterval> | null = null;
  let stopping = false;
  try {
    // The ritual that plays: written and voiced offline first (bed: a binaural preset).
    const minutes = Math.ceil(seconds / 60) + 1;
    const playing = await call<{ id: string }>('rituals.generate', { intention: 'settle into an evening of rest', minutes, focus: ['breathing', 'relaxation'], bed: 'alpha-relax' });
    await ritualDone(playing.id);
    const session = await call<{ id: string }>('sessions.create', { ...presets[0]!.draft, name: 'Export load', durationSec: 3600 });

    // The load.
    busy = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
    let voiced = 0;
    let exported = 0;
    const voiceForever = async () => {
      while (!stopping) {
        const r = await call<{ id: string }>('rituals.generate', { intention: `a long walk by the sea, number ${voiced + 1}`, minutes: 30, focus: ['gratitude', 'visualisation'], bed: 'none' });
        await ritualDone(r.id);
        voiced++;
      }
    };
    const exportForever = async () => {
      while (!stopping) {
        await call('sessions.export', { id: session.id, format: 'mp3' }).catch((err: Error) => {
          if (!stopping) throw err;
        });
        exported++;
      }
    };
    const voicing = voiceForever();
    const exporting = exportForever();
    let blockedMs = 0;
    blocker = setInterval(() => {
      block(200);
      blockedMs += 200;
    }, 1000);

    const t0 = performance.now();
    await call('rituals.play', { id: playing.id });
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const stats = await app.audioStats();
    const wallSec = (performance.now() - t0) / 1000;
    stopping = true;
    clearInterval(blocker);
    blocker = null;
    await call('playback.stop');
    busy.kill('SIGKILL');
    busy = null;
    await Promise.race([Promise.all([voicing, exporting]), new Promise((r) => setTimeout(r, 1000))]);
    return {
      'ritual played s': stats.framesPlayed / 48000,
      'wall clock s': wallSec,
      underruns: stats.underruns,
      'late blocks': stats.lateBlocks,
      'target: underruns and late blocks': 0,
      'render thread behind (blocks)': stats.starvedBlocks,
      'longest gap between writes ms': stats.maxWriteGapMs,
      'main loop blocked, total s': blockedMs / 1000,
      'rituals voiced meanwhile (30 min each)': voiced,
      'one-hour MP3 exports finished meanwhile': exported,
    };
  } finally {
    stopping = true;
    if (blocker) clearInterval(blocker);
    busy?.kill('SIGKILL');
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchLoad();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(44)} ${typeof v === 'number' ? +v.toFixed(3) : v}`);
  process.exit(0);
}
