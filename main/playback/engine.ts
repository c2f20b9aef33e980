/** The audio engine: the output side of live playback, one session at a time. It runs in the
 *  audio host process (host.ts), whose event loop does nothing else, so nothing the app does —
 *  synthesis of speech, exports, IPC, a blocked main thread, a garbage collection — can make a
 *  block late. The render thread (render-loop.ts) keeps a lock-free ring (ring.ts) a few blocks
 *  ahead; this side owns the clock: it takes a block from the ring, applies the transport fade,
 *  the master (session volume × the user's cap, limiter) and the shaker guard, taps the spectrum
 *  and hands the block to the sink, whose backpressure (or, for a clockless output, the pacer)
 *  sets the pace. Volume, pause and stop therefore act within one block plus the device queue.
 *
 *  Decisions kept from the in-process player: start() while something plays replaces it (the old
 *  one fades out first); pause keeps the device open and feeds it silence at real-time pace so
 *  resume is instant; the sleep timer counts session time and ends exactly at its minute mark. */
import { KoruError } from '../../contract/errors';
import type { PlaybackStatus } from '../../contract/session';
import { createMaster } from '../audio';
import type { RenderSpec } from '../audio';
import { createSpectrumAnalyzer, type SpectrumAnalyzer } from '../audio';
import type { ActiveTone, Master, Sink } from '../audio';
import { createShakerGuard, type ShakerGuard } from '../audio';
import { applyFade, createFade, fadeTo, isSilent, type Fade } from './fade';
import { createPacer } from './pace';
import type { DeviceList, EngineStats, HostCommand, HostEvent, SinkSpec, StartCommand } from './protocol';
import { inlineRenderLink, workerRenderLink, type RenderLink } from './render-link';
import type { RenderEvent } from './render-loop';
import { createRingBuffers, END_OF_PROGRAM, RingReader, type RingBlock } from './ring';

export interface EngineOptions {
  post(event: HostEvent): void;
  openSink(spec: SinkSpec, sampleRate: number, ditherSeed?: number): Promise<Sink>;
  listDevices(): DeviceList;
  /** Where the render loop runs: a worker thread (the host) or this thread (unit tests). */
  render?: 'worker' | 'inline';
  /** Frames per block (default 1024: 21 ms at 48 kHz). */
  blockFrames?: number;
  /** Blocks the render thread keeps ready ahead of the output (default 3). */
  aheadBlocks?: number;
  statusIntervalMs?: number;
  spectrumIntervalMs?: number;
  pauseFadeMs?: number;
  stopFadeMs?: number;
  seekFadeMs?: number;
}

interface Run {
  session: { id: string; name: string };
  gen: number;
  sampleRate: number;
  sink: Sink;
  master: Master;
  guard: ShakerGuard;
  analyzer: SpectrumAnalyzer;
  fade: Fade;
  mode: 'playing' | 'pausing' | 'paused';
  stopRequested: boolean;
  /** Session frames handed to the sink. */
  frames: number;
  durationSec: number;
  sleepAtSec: number | null;
  sleepFired: boolean;
  active: ActiveTone[];
  /** The narration segment being rendered now, and the group of each segment (its section). */
  spoken: number | null;
  groups: (number | null)[];
  /** Applied once the fade reaches silence: a seek or a replaced program. */
  pending: (() => void) | null;
  /** True until the first block of the current generation arrives (an empty ring is expected). */
  awaitingGen: boolean;
  done: Promise<void>;
}

/** FFT length for the live spectrum: 11.7 Hz bins at 48 kHz, under 1 ms per frame here. */
const SPECTRUM_SIZE = 4096;
/** The ring holds this many blocks; the render thread keeps `aheadBlocks` of them filled. */
const RING_SLOTS = 16;
/** Silence fed to a paused device may run this far ahead of the wall clock. */
const PAUSE_AHEAD_MS = 100;

const NO_SINK: Sink = {
  sampleRate: 0,
  write: () => Promise.reject(new KoruError('INTERNAL', 'audio engine: no output open yet')),
  close: async () => undefined,
};

export function createEngine(o: EngineOptions) {
  const bf = o.blockFrames ?? 1024;
  const ahead = o.aheadBlocks ?? 3;
  const pauseFadeMs = o.pauseFadeMs ?? 30;
  const stopFadeMs = o.stopFadeMs ?? 50;
  const seekFadeMs = o.seekFadeMs ?? 20;
  const buffers = createRingBuffers(RING_SLOTS, bf);
  const reader = new RingReader(buffers);
  let render: RenderLink | null = null;
  let gen = 0;
  let run: Run | null = null;
  let volume = 0.7;
  let lastError: string | null = null;
  let lastOutput = 'default';
  let closed = false;
  let chain: Promise<unknown> = Promise.resolve();
  let statusTimer: ReturnType<typeof setInterval> | null = null;
  let spectrumTimer: ReturnType<typeof setInterval> | null = null;
  const stats = { starvedBlocks: 0, maxWriteGapMs: 0, firstWriteAtMs: null as number | null, firstSoundAtMs: null as number | null };
  /** The sink of the current or last run, for stats after it ended. */
  let statsRun: Run | null = null;
  let lastWriteAt = 0;
  /** The session the render thread is rendering, and segments for one still being started
   *  (they arrive while an older run fades out, before the render thread has its renderer). */
  let renderingId: string | null = null;
  let starting: { id: string; early: HostCommand[] } | null = null;

  const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string, detail?: unknown) =>
    o.post({ t: 'log', level, message, ...(detail === undefined ? {} : { detail: detail instanceof Error ? detail.message : detail }) });

  /** start/stop/close run one at a time, in call order. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => undefined);
    return p;
  };

  function onRenderEvent(e: RenderEvent): void {
    const r = run;
    if (e.t === 'ready') return;
    if (e.t === 'error') {
      if (e.fatal) {
        lastError = `The audio could not be rendered: ${e.message}`;
        log('error', `engine: render failed: ${e.message}`);
      } else log('warn', `engine: ${e.message}`);
      return;
    }
    if (!r || e.gen !== r.gen) return;
    r.durationSec = e.durationSec;
    r.active = e.active;
    r.sleepFired = e.sleepFired;
    if (e.spoken !== r.spoken) {
      r.spoken = e.spoken;
      pushStatus(); // the spoken section is highlighted as it changes
    }
  }

  function renderLink(): RenderLink {
    if (render) return render;
    if (o.render === 'inline') return (render = inlineRenderLink(buffers, ahead, onRenderEvent));
    render = workerRenderLink(buffers, ahead, onRenderEvent, (why) => {
      // The render thread died: end the run (the pump stops waiting for blocks) and start a new
      // thread on the next play.
      render = null;
      lastError = `The audio engine's render thread stopped: ${why}`;
      log('error', `engine: ${why}`);
      if (run) run.stopRequested = true;
    });
    return render;
  }

  function status(): PlaybackStatus {
    const r = run;
    const sink = r?.sink as Partial<{ lateBlocks: number; deviceName: string }> | undefined;
    return {
      state: !r ? 'idle' : r.mode === 'playing' ? 'playing' : 'paused',
      sessionId: r?.session.id ?? null,
      sessionName: r?.session.name ?? null,
      elapsedSec: r ? r.frames / r.sampleRate : 0,
      durationSec: r ? r.durationSec : 0,
      volume,
      sleepAtSec: r?.sleepAtSec ?? null,
      output: sink?.deviceName ?? lastOutput,
      lateBlocks: typeof sink?.lateBlocks === 'number' ? sink.lateBlocks : 0,
      lastError,
      spoken: r && r.spoken !== null ? { item: r.spoken, group: r.groups[r.spoken] ?? null } : null,
    };
  }

  function pushStatus(): PlaybackStatus {
    const s = status();
    o.post({ t: 'status', status: s });
    return s;
  }

  function pushSpectrum(): void {
    const r = run;
    if (!r || r.mode !== 'playing') return;
    try {
      const { bands, peaks } = r.analyzer.compute();
      o.post({ t: 'spectrum', spectrum: { sampleRate: r.sampleRate, bands, peaks: peaks.slice(0, 16), active: r.active, atSec: r.frames / r.sampleRate } });
    } catch (err) {
      log('warn', 'engine: spectrum update failed', err);
    }
  }

  function startTimers(): void {
    stopTimers();
    statusTimer = setInterval(() => run?.mode === 'playing' && pushStatus(), o.statusIntervalMs ?? 500);
    spectrumTimer = setInterval(pushSpectrum, o.spectrumIntervalMs ?? 50);
  }

  function stopTimers(): void {
    if (statusTimer) clearInterval(statusTimer);
    if (spectrumTimer) clearInterval(spectrumTimer);
    statusTimer = spectrumTimer = null;
  }

  /** The next block of the run's generation (stale ones dropped); null once a stop is asked for
   *  and no block is there. */
  async function nextBlock(r: Run): Promise<RingBlock | null> {
    for (;;) {
      const b = reader.peek();
      if (b) {
        if (b.gen === r.gen) {
          r.awaitingGen = false;
          return b;
        }
        reader.release();
        continue;
      }
      if (r.stopRequested) return null;
      if (!r.awaitingGen) stats.starvedBlocks++;
      await reader.written(20);
    }
  }

  /** The output loop of one run. Resolves with the error that ended it, if any. */
  async function pump(r: Run): Promise<unknown> {
    const block = new Float32Array(bf * 2);
    const silence = new Float32Array(bf * 2);
    const pacer = createPacer(r.sampleRate);
    let pausedAt = 0;
    let pausedFrames = 0;
    const write = async (data: Float32Array, n: number) => {
      const now = performance.now();
      if (lastWriteAt > 0) stats.maxWriteGapMs = Math.max(stats.maxWriteGapMs, now - lastWriteAt);
      else stats.firstWriteAtMs = performance.timeOrigin + now;
      lastWriteAt = now;
      if (stats.firstSoundAtMs === null && audible(data, n)) stats.firstSoundAtMs = performance.timeOrigin + now;
      await r.sink.write(data, n);
    };
    try {
      for (;;) {
        if (r.mode === 'paused') {
          if (r.pending) takePending(r);
          if (r.stopRequested) break;
          // Keep the device fed with silence, but no faster than real time (+100 ms).
          if (pausedFrames === 0) pausedAt = performance.now();
          await write(silence, bf);
          pausedFrames += bf;
          const aheadMs = (pausedFrames / r.sampleRate) * 1000 - (performance.now() - pausedAt);
          if (aheadMs > PAUSE_AHEAD_MS) await sleep(aheadMs - PAUSE_AHEAD_MS / 2);
          continue;
        }
        pausedFrames = 0;
        const b = await nextBlock(r);
        if (!b) break;
        const n = b.frames;
        const last = (b.flags & END_OF_PROGRAM) !== 0;
        block.set(b.samples.subarray(0, n * 2));
        reader.release();
        if (n > 0) {
          applyFade(r.fade, block, n);
          r.master.process(block, n);
          r.guard.process(block, n);
          r.analyzer.push(block, n);
          r.frames += n;
          await write(block, n);
          await pacer.after(n);
        }
        if (last) break; // the program (or the sleep timer's fade) has ended
        if (isSilent(r.fade)) {
          if (r.stopRequested) break;
          if (r.pending) takePending(r);
          else if (r.mode === 'pausing') {
            r.mode = 'paused';
            pushStatus();
          }
        }
      }
    } catch (err) {
      return err;
    }
    return null;
  }

  function takePending(r: Run): void {
    const p = r.pending;
    r.pending = null;
    p?.();
  }

  /** Play `r` until it ends, stops or fails; then close its device and go idle. */
  async function runToEnd(r: Run): Promise<void> {
    const error = await pump(r);
    renderLink().send({ t: 'stop' });
    renderingId = null;
    try {
      await withTimeout(r.sink.close(), 3000);
    } catch (err) {
      log('warn', 'engine: closing the audio output failed', err);
    }
    if (error) {
      lastError = error instanceof Error ? error.message : String(error);
      log('error', `engine: playback of "${r.session.name}" stopped: ${lastError}`);
    }
    if (run === r) {
      run = null;
      stopTimers();
      pushStatus();
    }
  }

  async function stopRun(r: Run, fadeMs: number): Promise<void> {
    r.stopRequested = true;
    if (r.mode !== 'paused') fadeTo(r.fade, 0, (fadeMs / 1000) * r.sampleRate);
    await r.done;
  }

  /** Wait until the ring holds `blocks` blocks of `g` (or its end): the device opens on a full ring. */
  async function primed(g: number, blocks: number): Promise<void> {
    const until = performance.now() + 2000;
    for (;;) {
      for (let b = reader.peek(); b && b.gen !== g; b = reader.peek()) reader.release();
      const have = reader.available();
      if (have >= blocks) return;
      for (let k = 0; k < have; k++) if (((reader.peek(k)?.flags ?? 0) & END_OF_PROGRAM) !== 0) return;
      if (performance.now() > until) return;
      await reader.written(20);
    }
  }

  /** Fade out, then `apply` (which switches generation), then fade back in if playing. */
  function afterFade(r: Run, apply: (g: number) => void): void {
    r.pending = () => {
      const g = ++gen;
      apply(g);
      r.gen = g;
      r.awaitingGen = true;
      r.analyzer.reset();
      if (r.mode === 'playing') fadeTo(r.fade, 1, (seekFadeMs / 1000) * r.sampleRate);
    };
    if (r.mode === 'playing') fadeTo(r.fade, 0, (seekFadeMs / 1000) * r.sampleRate);
  }

  async function start(cmd: StartCommand): Promise<PlaybackStatus> {
    return serial(async () => {
      if (closed) throw new KoruError('CONFLICT', 'The audio engine has been shut down');
      const mine = { id: cmd.session.id, early: [] as HostCommand[] };
      starting = mine;
      let g: number;
      let parts: { master: Master; guard: ShakerGuard; analyzer: SpectrumAnalyzer };
      const link = renderLink();
      try {
        if (run) await stopRun(run, stopFadeMs);
        const { sampleRate } = cmd;
        // Everything that can refuse the session does so before a device is opened.
        parts = {
          master: createMaster({ sampleRate, volume: cmd.volume, maxVolume: cmd.maxVolume }),
          guard: createShakerGuard({ sampleRate, enabled: cmd.shakerGuard }),
          analyzer: createSpectrumAnalyzer({ sampleRate, size: SPECTRUM_SIZE }),
        };
        g = ++gen;
        link.send({ t: 'start', gen: g, spec: cmd.spec, sampleRate });
        renderingId = cmd.session.id;
        for (const early of mine.early) forward(early);
      } finally {
        if (starting === mine) starting = null;
      }
      const { sampleRate } = cmd;
      const { master, guard, analyzer } = parts;
      await primed(g, ahead);
      lastError = null;
      let sink: Sink;
      try {
        sink = await o.openSink(cmd.sink, sampleRate, cmd.ditherSeed);
      } catch (err) {
        link.send({ t: 'stop' });
        renderingId = null;
        lastError = err instanceof Error ? err.message : String(err);
        pushStatus();
        throw err;
      }
      lastOutput = (sink as Partial<{ deviceName: string }>).deviceName ?? 'default';
      volume = cmd.volume;
      const r: Run = {
        session: cmd.session,
        gen: g,
        sampleRate,
        sink: NO_SINK,
        master,
        guard,
        analyzer,
        fade: createFade(1),
        mode: 'playing',
        stopRequested: false,
        frames: 0,
        durationSec: initialDuration(cmd.spec),
        sleepAtSec: null,
        sleepFired: false,
        active: [],
        spoken: null,
        groups: cmd.spec.kind === 'narration' ? cmd.spec.items.map((it) => it.group ?? null) : [],
        pending: null,
        awaitingGen: true,
        done: Promise.resolve(),
      };
      r.sink = sink;
      run = statsRun = r;
      lastWriteAt = 0;
      Object.assign(stats, { starvedBlocks: 0, maxWriteGapMs: 0, firstWriteAtMs: null, firstSoundAtMs: null });
      startTimers();
      r.done = runToEnd(r);
      return pushStatus();
    });
  }

  function setSleep(minutes: number | null, fadeSec: number): PlaybackStatus {
    const r = run;
    if (minutes === null) {
      if (r && r.sleepAtSec !== null && !r.sleepFired) {
        renderLink().send({ t: 'sleep', timer: null });
        r.sleepAtSec = null;
      }
      return pushStatus();
    }
    if (!Number.isFinite(minutes) || minutes <= 0) throw new KoruError('BAD_INPUT', `The sleep timer needs a positive number of minutes (got ${minutes}).`);
    if (!Number.isFinite(fadeSec) || fadeSec < 0) throw new KoruError('BAD_INPUT', `The fade must be a positive number of seconds (got ${fadeSec}).`);
    if (!r || r.stopRequested) throw new KoruError('CONFLICT', 'Nothing is playing, so there is nothing to put to sleep.');
    if (r.sleepFired) throw new KoruError('CONFLICT', 'The sleep timer is already fading this session out.');
    const nowSec = r.frames / r.sampleRate;
    const endSec = nowSec + minutes * 60;
    renderLink().send({ t: 'sleep', timer: { fadeFromSec: Math.max(nowSec, endSec - fadeSec), endSec } });
    r.sleepAtSec = endSec;
    return pushStatus();
  }

  async function handle(cmd: HostCommand): Promise<unknown> {
    const r = run;
    switch (cmd.t) {
      case 'start':
        return start(cmd);
      case 'status':
        return status();
      case 'warm':
        await renderLink().ready;
        return status();
      case 'pause':
        if (r && r.mode === 'playing' && !r.stopRequested) {
          r.mode = 'pausing';
          fadeTo(r.fade, 0, (pauseFadeMs / 1000) * r.sampleRate);
          return pushStatus();
        }
        return status();
      case 'resume':
        if (r && r.mode !== 'playing' && !r.stopRequested) {
          r.mode = 'playing';
          fadeTo(r.fade, 1, (pauseFadeMs / 1000) * r.sampleRate);
          return pushStatus();
        }
        return status();
      case 'stop':
        return serial(async () => {
          if (run) await stopRun(run, stopFadeMs);
          return status();
        });
      case 'volume':
        volume = cmd.volume;
        r?.master.setVolume(cmd.volume);
        return pushStatus();
      case 'maxVolume':
        r?.master.setMaxVolume(cmd.maxVolume);
        return status();
      case 'shakerGuard':
        r?.guard.setEnabled(cmd.on);
        return status();
      case 'sleep':
        return setSleep(cmd.minutes, cmd.fadeSec);
      case 'seek': {
        if (!r || r.stopRequested) throw new KoruError('CONFLICT', 'Nothing is playing, so there is nothing to move through.');
        const sec = Math.max(0, Math.min(cmd.sec, r.durationSec));
        afterFade(r, (g) => {
          renderLink().send({ t: 'seek', gen: g, sec });
          r.frames = Math.round(sec * r.sampleRate);
        });
        return { ...status(), elapsedSec: sec };
      }
      case 'replace': {
        if (!r || r.stopRequested || r.session.id !== cmd.sessionId) return status();
        const spec = cmd.spec;
        afterFade(r, (g) => renderLink().send({ t: 'replace', gen: g, spec, sec: r.frames / r.sampleRate }));
        return status();
      }
      case 'segment':
      case 'segmentsDone':
        if (starting?.id === cmd.sessionId) starting.early.push(cmd);
        else forward(cmd);
        return null;
      case 'devices':
        return o.listDevices();
      case 'stats':
        return engineStats();
      case 'close':
        await close();
        return null;
    }
  }

  /** A segment (or the end of them) to the render thread, if it renders that session. */
  function forward(cmd: HostCommand): void {
    if (cmd.t !== 'segment' && cmd.t !== 'segmentsDone') return;
    if (cmd.sessionId !== renderingId) return;
    renderLink().send(cmd.t === 'segment' ? { t: 'segment', ref: cmd.ref } : { t: 'segmentsDone' });
  }

  function engineStats(): EngineStats {
    const sink = statsRun?.sink as Partial<{ lateBlocks: number; underruns: number }> | undefined;
    return {
      starvedBlocks: stats.starvedBlocks,
      lateBlocks: sink?.lateBlocks ?? 0,
      underruns: sink?.underruns ?? 0,
      framesPlayed: statsRun?.frames ?? 0,
      maxWriteGapMs: stats.maxWriteGapMs,
      firstWriteAtMs: stats.firstWriteAtMs,
      firstSoundAtMs: stats.firstSoundAtMs,
    };
  }

  async function close(): Promise<void> {
    await serial(async () => {
      closed = true;
      if (run) await stopRun(run, stopFadeMs);
      stopTimers();
      await render?.close();
      render = null;
    });
  }

  return { handle, status, stats: engineStats, close };
}

export type Engine = ReturnType<typeof createEngine>;

function audible(block: Float32Array, frames: number): boolean {
  for (let i = 0; i < frames * 2; i++) if (Math.abs(block[i] as number) > 0.001) return true;
  return false;
}

function initialDuration(spec: RenderSpec): number {
  if (spec.kind === 'dub') return spec.source.frames / spec.source.sampleRate;
  return spec.kind === 'program' ? spec.durationSec : spec.targetSec;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}
