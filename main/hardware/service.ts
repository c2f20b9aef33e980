import type { AmpSettings, AmpStatus, AmpTarget } from '../../contract/hardware';
import type { PlaybackStatus } from '../../contract/session';
import type { Log } from '../log';
import type { Db } from '../storage';
import { createAmpConnection, type AmpConnection } from './connection';
import { listAmpPorts } from './ports';
import { createAmpRepo, type AmpRepo } from '../storage';
import type { SerialBinding } from './transport';

export interface AmpServiceDeps {
  db: Db;
  /** The app's event hub `emit`; only `amp.status` is sent. */
  emit: (name: 'amp.status', payload: AmpStatus) => unknown;
  log: Log;
  binding?: SerialBinding;
  pollMs?: number;
  listPorts?: Parameters<typeof listAmpPorts>[0];
  /** Told when the settings change, e.g. to switch the shaker guard with `hardwareLevel === 3`. */
  onSettings?: (settings: AmpSettings) => void;
}

export type AmpService = ReturnType<typeof createAmpService>;

/**
 * The amplifier for the app: the connection, its settings and profiles, and the session follower.
 * Wire `onEvent` to the event hub (`events.subscribe(amp.onEvent)`); it only reads
 * `playback.status`. Nothing here throws into the player: the audio plays whatever the amp does.
 */
export function createAmpService(deps: AmpServiceDeps) {
  const store: AmpRepo = createAmpRepo(deps.db, { log: deps.log });
  const conn: AmpConnection = createAmpConnection({
    emit: (s) => deps.emit('amp.status', s),
    log: deps.log,
    limits: () => store.getSettings(),
    binding: deps.binding,
    pollMs: deps.pollMs,
  });

  // Read on every audio block by the shaker guard: cached, not a database read.
  let level3 = store.getSettings().hardwareLevel === 3;

  // Session follower state.
  let followed: { sessionId: string; volume: number; fadeSec: number | null } | null = null;
  let current: string | null = null;
  let lastFadeTarget: number | null = null;
  let endGen = 0;

  const safely = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      deps.log(conn.status().state === 'connected' ? 'warn' : 'info', `amp: ${what} skipped: ${(err as Error).message}`);
    }
  };

  function onStart(s: PlaybackStatus): void {
    endGen++;
    const sessionId = s.sessionId;
    if (!sessionId) return;
    const { profile } = store.getProfile(sessionId);
    if (!profile.follow) {
      followed = null;
      return;
    }
    const volume = Math.min(profile.start.volume, store.getSettings().maxVolume);
    followed = { sessionId, volume, fadeSec: profile.sleepFade.follow ? profile.sleepFade.seconds : null };
    lastFadeTarget = null;
    void safely('session start', () =>
      conn.set({ ...(profile.start.powerOn ? { power: true } : {}), ...(profile.start.unmute ? { mute: false } : {}), volume }),
    );
  }

  function onSleepFade(s: PlaybackStatus): void {
    const f = followed;
    if (!f || f.fadeSec === null || s.sleepAtSec === null) return;
    const remaining = s.sleepAtSec - s.elapsedSec;
    if (remaining > f.fadeSec) return;
    // Follow the player's fade: the amplifier reaches its floor as the session ends.
    const target = Math.round(f.volume * Math.max(0, remaining / f.fadeSec) * 10) / 10;
    if (lastFadeTarget !== null && Math.abs(lastFadeTarget - target) < 0.5) return;
    lastFadeTarget = target;
    void safely('sleep fade', () => conn.set({ volume: target }));
  }

  function onEnd(): void {
    const f = followed;
    followed = null;
    if (!f) return;
    const { profile } = store.getProfile(f.sessionId);
    const myGen = ++endGen;
    void safely('session end', async () => {
      const now = conn.status().volume;
      const floor = Math.min(profile.end.rampTo, store.getSettings().maxVolume);
      if (now === null || now > floor) await conn.set({ volume: floor });
      await conn.waitForRamp();
      if (myGen !== endGen) return; // a new session started meanwhile: leave the amp to it
      if (profile.end.then === 'mute') await conn.set({ mute: true });
      if (profile.end.then === 'power-off') await conn.set({ power: false });
    });
  }

  function followPlayback(s: PlaybackStatus): void {
    // A session begins when a non-idle status names a session we were not following; it ends
    // when the player goes idle. Pause/resume of the same session changes nothing.
    if (s.state !== 'idle' && s.sessionId && s.sessionId !== current) {
      current = s.sessionId;
      onStart(s);
    }
    if (s.state === 'playing') onSleepFade(s);
    if (s.state === 'idle' && current !== null) {
      current = null;
      onEnd();
    }
  }

  return {
    connection: conn,
    store,
    /** Subscribe this to the app's event hub. */
    onEvent(name: string, payload: unknown): void {
      if (name !== 'playback.status') return;
      try {
        followPlayback(payload as PlaybackStatus);
      } catch (err) {
        deps.log('error', 'amp: following the session failed', err);
      }
    },
    /** Connect and remember the amplifier, so the next start connects to it again. */
    async connect(target: AmpTarget): Promise<AmpStatus> {
      const s = await conn.connect(target);
      store.setLastDevice({ ...target, connectAtStart: true });
      return s;
    },
    /** Disconnect; the device stays remembered (to fill in the form) but is not connected at start. */
    async disconnect(): Promise<AmpStatus> {
      const s = await conn.disconnect();
      const last = store.getSettings().lastDevice;
      if (last?.connectAtStart) store.setLastDevice({ ...last, connectAtStart: false });
      return s;
    },
    /**
     * At app start: connect to the amplifier used last time, unless the user disconnected it.
     * One attempt; a failure shows in the status (naming the port and cause), never throws.
     */
    async connectAtStart(): Promise<void> {
      const last = store.getSettings().lastDevice;
      if (!last?.connectAtStart) return;
      const { connectAtStart: _, ...target } = last;
      try {
        await conn.connect(target);
        deps.log('info', `amp: connected at start to ${target.path}`);
      } catch (err) {
        deps.log('warn', `amp: could not connect at start to ${target.path}: ${(err as Error).message}`);
      }
    },
    listPorts: () => listAmpPorts(deps.listPorts),
    settings: () => store.getSettings(),
    /** Hardware level 3: the shaker guard should be on (see shaker-guard.ts `guardMaster`). */
    isLevel3: () => level3,
    updateSettings(patch: Parameters<AmpRepo['updateSettings']>[0]): AmpSettings {
      const next = store.updateSettings(patch);
      level3 = next.hardwareLevel === 3;
      conn.refresh();
      deps.onSettings?.(next);
      return next;
    },
    close: () => conn.close(),
  };
}
