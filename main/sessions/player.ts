/** Live playback: one session at a time, rendered block by block into a sink.
 *
 *  The pump renders a block, applies the transport fade and the master (session volume ×
 *  settings.maxVolume + limiter, always), hands a view to the spectrum analyzer and awaits
 *  sink.write — the sink's backpressure keeps only ~100 ms queued ahead, so a pause or a volume
 *  change is heard within that. Timers push 'playback.status' (2×/s and on every change) and
 *  'playback.spectrum' (20 Hz; the FFT runs there, never on the audio path).
 *
 *  Decisions: start() while something plays replaces it (the old one fades out over ~50 ms
 *  first) rather than answering CONFLICT — pressing play on another session is what users mean.
 *  Pause keeps the device open and feeds it silence, paced to real time, so resume is instant
 *  and no device has to be re-opened. The sleep timer counts session time (pause stops it) and
 *  ends the session exactly at `minutes`, its fade taking the last `fadeSec` of that. */
import { KoruError } from '../../contract/errors';
import type { Spectrum } from '../../contract/events';
import type { PlaybackStatus, Session } from '../../contract/session';
import type { Settings } from '../../contract/settings';
import { createMaster, createSessionRenderer } from '../audio';
import { createSpectrumAnalyzer } from '../audio/spectrum';
import type { Master, RenderOptions, SessionRenderer, Sink } from '../audio/types';
import type { Program } from '../../contract/program';
import { createFade, fadeTo } from './player-fade';
import { pump, renderBlock, withTimeout, type PrimedBlock, type Run, type SpectrumAnalyzerLike } from './player-pump';

export type { SpectrumAnalyzerLike } from './player-pump';

export type PlayerLog = (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;

export interface PlayerEngine {
  createSessionRenderer(program: Program, opts: RenderOptions): SessionRenderer;
  createMaster(opts: { sampleRate: number; volume: number; maxVolume: number }): Master;
  createSpectrumAnalyzer(opts: { sampleRate: number; size: number }): SpectrumAnalyzerLike;
}

export interface PlayerDeps {
  openSink: (sampleRate: number, deviceName: string | null) => Promise<Sink>;
  getSettings: () => Settings;
  /** The app's event hub (it validates against the contract before anything leaves main). */
  emit: {
    (event: 'playback.status', payload: PlaybackStatus): unknown;
    (event: 'playback.spectrum', payload: Spectrum): unknown;
  };
  log: PlayerLog;
  /** Tests swap in a tiny engine; the app uses the real one. */
  engine?: Partial<PlayerEngine>;
  /** Frames per block (default 1024: 21 ms at 48 kHz). */
  blockFrames?: number;
  /** Noise seed handed to the renderer, so a live play can be nulled against an offline one. */
  seed?: number;
  statusIntervalMs?: number;
  spectrumIntervalMs?: number;
  pauseFadeMs?: number;
  stopFadeMs?: number;
}

export interface StartOptions {
  /** Play this instead of rendering `session.program` (rituals: narration mixed over a bed). */
  renderer?: SessionRenderer;
}

export interface Player {
  start(session: Session, opts?: StartOptions): Promise<PlaybackStatus>;
  pause(): PlaybackStatus;
  resume(): PlaybackStatus;
  stop(): Promise<PlaybackStatus>;
  status(): PlaybackStatus;
  setVolume(volume: number): PlaybackStatus;
  setSleepTimer(minutes: number | null, fadeSec?: number): PlaybackStatus;
  close(): Promise<void>;
}


/** FFT length for the live spectrum: 11.7 Hz bins at 48 kHz, under 1 ms per frame here. */
const SPECTRUM_SIZE = 4096;
/** Blocks rendered before the device opens (≈ 64 ms at 1024 frames / 48 kHz). */
const PRIME_BLOCKS = 3;
/** Stands in until the device is open; nothing writes to it. */
const NO_SINK: Sink = {
  sampleRate: 0,
  write: () => Promise.reject(new KoruError('INTERNAL', 'player: no audio output open yet')),
  close: async () => undefined,
};

export function createPlayer(deps: PlayerDeps): Player {
  const engine: PlayerEngine = {
    createSessionRenderer: deps.engine?.createSessionRenderer ?? createSessionRenderer,
    createMaster: deps.engine?.createMaster ?? createMaster,
    createSpectrumAnalyzer: deps.engine?.createSpectrumAnalyzer ?? createSpectrumAnalyzer,
  };
  const blockFrames = deps.blockFrames ?? 1024;
  const pauseFadeMs = deps.pauseFadeMs ?? 30;
  const stopFadeMs = deps.stopFadeMs ?? 50;
  let run: Run | null = null;
  let volume = 0.7;
  let lastError: string | null = null;
  let closed = false;
  let chain: Promise<unknown> = Promise.resolve();
  let statusTimer: ReturnType<typeof setInterval> | null = null;
  let spectrumTimer: ReturnType<typeof setInterval> | null = null;

  /** start/stop/close run one at a time, in call order. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => undefined);
    return p;
  };

  function status(): PlaybackStatus {
    const r = run;
    const late = r ? (r.sink as Partial<{ lateBlocks: number }>).lateBlocks : undefined;
    const output = r ? (r.sink as Partial<{ deviceName: string }>).deviceName : undefined;
    return {
      state: !r ? 'idle' : r.mode === 'playing' ? 'playing' : 'paused',
      sessionId: r?.session.id ?? null,
      sessionName: r?.session.name ?? null,
      elapsedSec: r ? r.frames / r.sampleRate : 0,
      durationSec: r ? r.renderer.durationSec : 0,
      volume,
      sleepAtSec: r?.sleep?.endSec ?? null,
      output: output ?? safeSettings()?.outputDevice ?? 'default',
      lateBlocks: typeof late === 'number' ? late : 0,
      lastError,
    };
  }

  function safeSettings(): Settings | null {
    try {
      return deps.getSettings();
    } catch {
      return null;
    }
  }

  function pushStatus(): PlaybackStatus {
    const s = status();
    try {
      deps.emit('playback.status', s);
    } catch (err) {
      deps.log('warn', 'player: a playback.status listener threw', err);
    }
    return s;
  }

  function pushSpectrum(): void {
    const r = run;
    if (!r || r.mode !== 'playing') return;
    try {
      const { bands, peaks } = r.analyzer.compute();
      deps.emit('playback.spectrum', {
        sampleRate: r.sampleRate,
        bands,
        peaks: peaks.slice(0, 16),
        active: r.renderer.active(),
        atSec: r.frames / r.sampleRate,
      });
    } catch (err) {
      deps.log('warn', 'player: spectrum update failed', err);
    }
  }

  function tick(): void {
    const r = run;
    if (!r) return;
    // The user's cap may change in settings mid-play; it must bite at once, not next session.
    const max = safeSettings()?.maxVolume;
    if (max !== undefined && max !== r.maxVolume) {
      r.maxVolume = max;
      r.master.setMaxVolume(max);
    }
    if (r.mode === 'playing') pushStatus();
  }

  function startTimers(): void {
    stopTimers();
    statusTimer = setInterval(tick, deps.statusIntervalMs ?? 500);
    spectrumTimer = setInterval(pushSpectrum, deps.spectrumIntervalMs ?? 50);
    statusTimer.unref?.();
    spectrumTimer.unref?.();
  }

  function stopTimers(): void {
    if (statusTimer) clearInterval(statusTimer);
    if (spectrumTimer) clearInterval(spectrumTimer);
    statusTimer = spectrumTimer = null;
  }

  /** Play `r` until it ends, stops or fails; then close its device and go idle. */
  async function runToEnd(r: Run, primed: PrimedBlock[]): Promise<void> {
    const error = await pump(r, primed, blockFrames, () => pushStatus());
    try {
      await withTimeout(r.sink.close(), 3000);
    } catch (err) {
      deps.log('warn', 'player: closing the audio output failed', err);
    }
    if (error) {
      lastError = error instanceof Error ? error.message : String(error);
      deps.log('error', `player: playback of "${r.session.name}" stopped: ${lastError}`, error);
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

  return {
    status,

    start(session, opts) {
      return serial(async () => {
        if (closed) throw new KoruError('CONFLICT', 'The player has been shut down');
        if (run) await stopRun(run, stopFadeMs);
        const settings = deps.getSettings();
        const sampleRate = settings.sampleRate;
        const renderer =
          opts?.renderer ??
          engine.createSessionRenderer(session.program, {
            sampleRate,
            durationSec: session.durationSec,
            ...(deps.seed === undefined ? {} : { seed: deps.seed }),
          });
        // Everything that can refuse the session does so before a device is opened.
        const master = engine.createMaster({ sampleRate, volume: session.volume, maxVolume: settings.maxVolume });
        const analyzer = engine.createSpectrumAnalyzer({ sampleRate, size: SPECTRUM_SIZE });
        const r: Run = {
          session,
          renderer,
          master,
          sink: NO_SINK,
          analyzer,
          sampleRate,
          maxVolume: settings.maxVolume,
          frames: 0,
          fade: createFade(1),
          mode: 'playing',
          stopRequested: false,
          sleep: null,
          done: Promise.resolve(),
        };
        // Render the first blocks before the device opens: the engine's first calls are the slow
        // ones (cold code, tables), and a device clock that is already running would underrun.
        const primed: PrimedBlock[] = [];
        for (let i = 0; i < PRIME_BLOCKS; i++) {
          const block = new Float32Array(blockFrames * 2);
          const frames = renderBlock(r, block, blockFrames);
          primed.push({ block, frames });
          if (frames < blockFrames) break;
        }
        lastError = null;
        try {
          r.sink = await deps.openSink(sampleRate, settings.outputDevice);
        } catch (err) {
          lastError = err instanceof Error ? err.message : String(err);
          pushStatus();
          throw err;
        }
        volume = session.volume;
        run = r;
        startTimers();
        // The first block is handed to the sink synchronously, right here.
        r.done = runToEnd(r, primed);
        return pushStatus();
      });
    },

    pause() {
      const r = run;
      if (r && r.mode === 'playing' && !r.stopRequested) {
        r.mode = 'pausing';
        fadeTo(r.fade, 0, (pauseFadeMs / 1000) * r.sampleRate);
        return pushStatus();
      }
      return status();
    },

    resume() {
      const r = run;
      if (r && r.mode !== 'playing' && !r.stopRequested) {
        r.mode = 'playing';
        fadeTo(r.fade, 1, (pauseFadeMs / 1000) * r.sampleRate);
        return pushStatus();
      }
      return status();
    },

    stop() {
      return serial(async () => {
        if (run) await stopRun(run, stopFadeMs);
        return status();
      });
    },

    setVolume(v) {
      if (!Number.isFinite(v) || v < 0 || v > 1) throw new KoruError('BAD_INPUT', `Volume must be between 0 and 1 (got ${v})`);
      volume = v;
      run?.master.setVolume(v);
      return pushStatus();
    },

    setSleepTimer(minutes, fadeSec = 30) {
      const r = run;
      if (minutes === null) {
        if (r && r.sleep && !r.sleep.fired) r.sleep = null;
        return pushStatus();
      }
      if (!Number.isFinite(minutes) || minutes <= 0) throw new KoruError('BAD_INPUT', `Sleep timer needs a positive number of minutes (got ${minutes})`);
      if (!Number.isFinite(fadeSec) || fadeSec < 0) throw new KoruError('BAD_INPUT', `Fade must be a positive number of seconds (got ${fadeSec})`);
      if (!r || r.stopRequested) throw new KoruError('CONFLICT', 'Nothing is playing, so there is nothing to put to sleep');
      if (r.sleep?.fired) throw new KoruError('CONFLICT', 'The sleep timer is already fading this session out');
      const nowSec = r.frames / r.sampleRate;
      const endSec = nowSec + minutes * 60;
      r.sleep = { endSec, fadeFromFrame: Math.round(Math.max(nowSec, endSec - fadeSec) * r.sampleRate), fired: false };
      return pushStatus();
    },

    async close() {
      await serial(async () => {
        closed = true;
        if (run) await stopRun(run, stopFadeMs);
        stopTimers();
      });
    },
  };
}
