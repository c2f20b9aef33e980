/** The app's player: what the IPC handlers, rituals and the CLI call. It holds no audio itself:
 *  every command goes to the audio engine (engine.ts, in its own process behind a HostLink) and
 *  the engine's status and spectrum come back as events, which are pushed to the renderer and
 *  kept so `status()` answers at once. Settings that can change mid-play (the user's volume cap,
 *  the amplifier's shaker guard) are watched here and sent on when they change. */
import { KoruError } from '../../contract/errors';
import type { Spectrum } from '../../contract/playback';
import type { PlaybackStatus, Session } from '../../contract/session';
import type { Settings } from '../../contract/settings';
import type { RenderSpec, SegmentRef } from '../audio';
import type { Log } from '../log';
import type { HostLink } from './host-link';
import type { DeviceList, EngineStats, HostCommand, SinkSpec } from './protocol';

export interface PlayerDeps {
  link: HostLink;
  getSettings: () => Settings;
  /** The app's event hub (it validates against the contract before anything leaves main). */
  emit: {
    (event: 'playback.status', payload: PlaybackStatus): unknown;
    (event: 'playback.spectrum', payload: Spectrum): unknown;
  };
  log: Log;
  /** Noise seed for sessions, so a live play can be nulled against an offline render. */
  seed?: number;
  ditherSeed?: number;
  /** Fade at a session's very start and end (default: the renderer's 3 s). */
  edgeFadeSec?: number;
  /** Where audio that sessions mix in is stored. */
  mixFolder?: string;
  /** Where to play (default: the device named in settings). */
  sink?: SinkSpec;
  /** Hardware level 3 (a bass shaker on the amplifier): keep sub-bass off it. */
  shakerGuard?: () => boolean;
  /** How often mid-play settings are checked (default 500 ms). */
  settingsPollMs?: number;
}

export interface StartOptions {
  /** Play this instead of the session's own program (rituals: narration over a bed). */
  spec?: RenderSpec;
}

export interface Player {
  start(session: Session, opts?: StartOptions): Promise<PlaybackStatus>;
  pause(): Promise<PlaybackStatus>;
  resume(): Promise<PlaybackStatus>;
  stop(): Promise<PlaybackStatus>;
  /** The last status the engine reported (at most ~0.5 s old while playing). */
  status(): PlaybackStatus;
  /** The engine's status right now. */
  refresh(): Promise<PlaybackStatus>;
  setVolume(volume: number): Promise<PlaybackStatus>;
  setSleepTimer(minutes: number | null, fadeSec?: number): Promise<PlaybackStatus>;
  seek(sec: number): Promise<PlaybackStatus>;
  /** Apply a saved edit of `session` to what is playing; false when it is not the one playing. */
  update(session: Session): Promise<boolean>;
  /** A segment voiced for the narration `sessionId` (ignored unless that is what plays). */
  addSegment(sessionId: string, ref: SegmentRef): void;
  segmentsDone(sessionId: string): void;
  devices(): Promise<DeviceList>;
  stats(): Promise<EngineStats>;
  /** Start the engine ahead of the first play. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

export const IDLE: PlaybackStatus = {
  state: 'idle',
  sessionId: null,
  sessionName: null,
  elapsedSec: 0,
  durationSec: 0,
  volume: 0.7,
  sleepAtSec: null,
  output: 'default',
  lateBlocks: 0,
  lastError: null,
  spoken: null,
};

export function programSpec(session: Session, o: { seed?: number; edgeFadeSec?: number; mixFolder?: string } = {}): RenderSpec {
  return {
    kind: 'program',
    program: session.program,
    durationSec: session.durationSec,
    ...(o.seed === undefined ? {} : { seed: o.seed }),
    ...(o.edgeFadeSec === undefined ? {} : { edgeFadeSec: o.edgeFadeSec }),
    ...(o.mixFolder === undefined ? {} : { mixFolder: o.mixFolder }),
  };
}

export function createPlayer(deps: PlayerDeps): Player {
  const { link } = deps;
  let last: PlaybackStatus = { ...IDLE, output: safeSettings()?.outputDevice ?? 'default' };
  let closed = false;
  let sent = { maxVolume: NaN, guard: false };
  let poll: ReturnType<typeof setInterval> | null = null;

  function safeSettings(): Settings | null {
    try {
      return deps.getSettings();
    } catch {
      return null;
    }
  }

  function emitStatus(s: PlaybackStatus): PlaybackStatus {
    last = s;
    try {
      deps.emit('playback.status', s);
    } catch (err) {
      deps.log('warn', 'player: a playback.status listener threw', err);
    }
    if (s.state === 'idle') stopPolling();
    return s;
  }

  link.onEvent((e) => {
    if (e.t === 'status') emitStatus(e.status);
    else if (e.t === 'spectrum') {
      try {
        deps.emit('playback.spectrum', e.spectrum);
      } catch (err) {
        deps.log('warn', 'player: a playback.spectrum listener threw', err);
      }
    }
  });
  link.onLost((why) => emitStatus({ ...IDLE, volume: last.volume, output: last.output, lastError: why }));

  /** A command whose reply is a status; the reply is also the new `last`. */
  async function command(cmd: HostCommand): Promise<PlaybackStatus> {
    if (closed) throw new KoruError('CONFLICT', 'The player has been shut down.');
    const s = await link.request<PlaybackStatus>(cmd);
    last = s;
    return s;
  }

  function watchSettings(): void {
    stopPolling();
    poll = setInterval(() => {
      const max = safeSettings()?.maxVolume;
      if (max !== undefined && max !== sent.maxVolume) {
        sent.maxVolume = max;
        void link.request({ t: 'maxVolume', maxVolume: max }).catch(() => undefined);
      }
      const guard = deps.shakerGuard?.() ?? false;
      if (guard !== sent.guard) {
        sent.guard = guard;
        void link.request({ t: 'shakerGuard', on: guard }).catch(() => undefined);
      }
    }, deps.settingsPollMs ?? 500);
    poll.unref?.();
  }

  function stopPolling(): void {
    if (poll) clearInterval(poll);
    poll = null;
  }

  return {
    status: () => last,
    refresh: () => (closed ? Promise.resolve(last) : command({ t: 'status' })),

    async start(session, opts) {
      if (closed) throw new KoruError('CONFLICT', 'The player has been shut down.');
      const settings = deps.getSettings();
      const spec = opts?.spec ?? programSpec(session, deps);
      const guard = deps.shakerGuard?.() ?? false;
      sent = { maxVolume: settings.maxVolume, guard };
      try {
        const s = await command({
          t: 'start',
          session: { id: session.id, name: session.name },
          spec,
          sampleRate: settings.sampleRate,
          volume: session.volume,
          maxVolume: settings.maxVolume,
          shakerGuard: guard,
          sink: deps.sink ?? { kind: 'device', deviceName: settings.outputDevice },
          ...(deps.ditherSeed === undefined ? {} : { ditherSeed: deps.ditherSeed }),
        });
        watchSettings();
        return s;
      } catch (err) {
        if (err instanceof KoruError) emitStatus({ ...last, state: 'idle', sessionId: null, sessionName: null, lastError: err.message });
        throw err;
      }
    },

    pause: () => command({ t: 'pause' }),
    resume: () => command({ t: 'resume' }),
    stop: () => (closed ? Promise.resolve(last) : command({ t: 'stop' })),

    setVolume(volume) {
      if (!Number.isFinite(volume) || volume < 0 || volume > 1) return Promise.reject(new KoruError('BAD_INPUT', `The volume must be between 0 and 1 (got ${volume}).`));
      return command({ t: 'volume', volume });
    },

    setSleepTimer: (minutes, fadeSec = 30) => command({ t: 'sleep', minutes, fadeSec }),

    seek(sec) {
      if (!Number.isFinite(sec) || sec < 0) return Promise.reject(new KoruError('BAD_INPUT', `A position must be zero or more seconds (got ${sec}).`));
      return command({ t: 'seek', sec });
    },

    async update(session) {
      if (last.sessionId !== session.id || last.state === 'idle') return false;
      await command({ t: 'replace', sessionId: session.id, spec: programSpec(session, deps) });
      return true;
    },

    addSegment(sessionId, ref) {
      if (!closed) void link.request({ t: 'segment', sessionId, ref }).catch((err) => deps.log('warn', 'player: a voiced segment did not reach the engine', err));
    },

    segmentsDone(sessionId) {
      if (!closed) void link.request({ t: 'segmentsDone', sessionId }).catch(() => undefined);
    },

    devices: () => link.request<DeviceList>({ t: 'devices' }),
    stats: () => link.request<EngineStats>({ t: 'stats' }),
    warm: () => link.warm(),

    async close() {
      if (closed) return;
      closed = true;
      stopPolling();
      await link.close();
    },
  };
}
