import { KoruError } from '../../contract/errors';
import type { AmpDriverKind, AmpStatus } from '../../contract/hardware';
import type { Log } from '../log';
import { drivers, type AmpDriver, type RawState } from './drivers';
import { nextStep, rampPlan, toPercent, toRaw } from './ramp';
import { explain } from './explain';
import { openTransport, failureOf, type SerialBinding, type Transport } from './transport';

export interface ConnectTarget {
  path: string;
  driver: AmpDriverKind;
  zone?: number | undefined;
  baudRate?: number | undefined;
}

export interface AmpLimits {
  maxVolume: number;
  rampPercentPerSec: number;
  hardwareLevel: 2 | 3;
}

/** What Koru wants the amplifier to be; restored after every reconnect. Volume in percent. */
interface Desired {
  power?: boolean;
  mute?: boolean;
  source?: number;
  volume?: number;
}

export interface AmpConnectionDeps {
  emit: (status: AmpStatus) => void;
  log: Log;
  limits: () => AmpLimits;
  binding?: SerialBinding;
  pollMs?: number;
  /** Waits between reconnect attempts; the last repeats. Kept short: back within 3 s. */
  reconnectDelaysMs?: number[];
  timeoutMs?: number;
}

export type AmpConnection = ReturnType<typeof createAmpConnection>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createAmpConnection(deps: AmpConnectionDeps) {
  const pollMs = deps.pollMs ?? 1000;
  const delays = deps.reconnectDelaysMs ?? [100, 250, 500, 1000, 1500];
  let target: ConnectTarget | null = null;
  let baud: number | null = null;
  let transport: Transport | null = null;
  let driver: AmpDriver | null = null;
  let state: AmpStatus['state'] = 'disconnected';
  let message: string | null = null;
  let firmware: string | null = null;
  let reported: RawState | null = null;
  let desired: Desired = {};
  let ramping = false;
  let gen = 0; // bumped by connect/disconnect so stale loops stop
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let lastEmitted = '';

  const maxRaw = () => driver?.maxRaw ?? drivers[target?.driver ?? 'koru'].maxRaw;

  function status(): AmpStatus {
    const lim = deps.limits();
    const mr = maxRaw();
    const targetRaw = desired.volume === undefined ? null : toRaw(desired.volume, mr, lim.maxVolume);
    return {
      state,
      message,
      path: target?.path ?? null,
      driver: target?.driver ?? null,
      zone: target?.driver === 'monoprice' ? (target.zone ?? 11) : null,
      baudRate: baud,
      firmware,
      power: reported?.power ?? null,
      volume: reported ? toPercent(reported.volume, mr) : null,
      mute: reported?.mute ?? null,
      source: reported?.source ?? null,
      targetVolume: targetRaw !== null && reported && targetRaw !== reported.volume ? toPercent(targetRaw, mr) : null,
      maxVolume: lim.maxVolume,
      hardwareLevel: lim.hardwareLevel,
    };
  }

  function push(): void {
    const s = status();
    const key = JSON.stringify(s);
    if (key === lastEmitted) return;
    lastEmitted = key;
    try {
      deps.emit(s);
    } catch (err) {
      deps.log('warn', 'amp: a status listener threw', err);
    }
  }

  async function drop(): Promise<void> {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
    const t = transport;
    transport = null;
    driver = null;
    await t?.close().catch(() => undefined);
  }

  /** Opens, identifies and reads the device; on success it is the live connection. */
  async function attach(t: ConnectTarget, myGen: number): Promise<void> {
    const rate = t.baudRate ?? drivers[t.driver].baudRate;
    const tr = await openTransport({ path: t.path, baudRate: rate, binding: deps.binding, defaultTimeoutMs: deps.timeoutMs ?? 600 });
    try {
      const d = drivers[t.driver].create(tr, { zone: t.zone });
      const id = await d.identify();
      const st = await d.status();
      if (myGen !== gen) throw new Error('superseded');
      transport = tr;
      driver = d;
      firmware = id.firmware;
      reported = st;
      baud = rate;
      tr.onClose((err) => {
        if (transport === tr) void lost(`${t.path}: the port went away${err ? ` (${err.message})` : ''}`);
      });
    } catch (err) {
      await tr.close().catch(() => undefined);
      throw err;
    }
  }

  /** Brings the device to what Koru wants: switches at once, volume by ramp. */
  async function restore(myGen: number): Promise<void> {
    const d = driver;
    const r = reported;
    if (!d || !r || myGen !== gen) return;
    if (desired.power !== undefined && desired.power !== r.power) {
      await d.setPower(desired.power);
      r.power = desired.power;
    }
    if (desired.source !== undefined && r.source !== null && desired.source !== r.source) {
      await d.setSource(desired.source);
      r.source = desired.source;
    }
    if (desired.mute !== undefined && desired.mute !== r.mute) {
      await d.setMute(desired.mute);
      r.mute = desired.mute;
    }
    push();
    kickRamp();
  }

  function schedulePoll(myGen: number): void {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = setTimeout(() => void poll(myGen), pollMs);
  }

  let pollFailures = 0;
  async function poll(myGen: number): Promise<void> {
    if (myGen !== gen || state !== 'connected' || !driver) return;
    if (!ramping) {
      try {
        reported = await driver.status();
        pollFailures = 0;
        // Someone turned the knob past the cap: bring it back down, by ramp.
        const lim = deps.limits();
        if (reported.volume > toRaw(lim.maxVolume, driver.maxRaw, lim.maxVolume) && desired.volume === undefined) desired.volume = lim.maxVolume;
        push();
        kickRamp();
      } catch (err) {
        if (myGen !== gen) return;
        pollFailures += 1;
        deps.log('warn', 'amp: status poll failed', (err as Error).message);
        if (pollFailures >= 2 || failureOf(err) === 'closed') return void lost((err as Error).message);
      }
    }
    schedulePoll(myGen);
  }

  function kickRamp(): void {
    if (ramping || state !== 'connected') return;
    ramping = true;
    const myGen = gen;
    void (async () => {
      try {
        for (;;) {
          const d = driver;
          const r = reported;
          if (myGen !== gen || state !== 'connected' || !d || !r || desired.volume === undefined) break;
          const lim = deps.limits();
          const goal = toRaw(desired.volume, d.maxRaw, lim.maxVolume);
          if (r.volume === goal) break;
          const plan = rampPlan(d.maxRaw, lim.rampPercentPerSec);
          const next = nextStep(r.volume, goal, plan.stepRaw);
          const sentAt = performance.now();
          await d.setVolume(next);
          r.volume = next;
          push();
          await sleep(Math.max(0, plan.intervalMs - (performance.now() - sentAt)));
        }
      } catch (err) {
        if (myGen === gen) void lost((err as Error).message);
      } finally {
        ramping = false;
        rampWaiters.splice(0).forEach((w) => w());
        push();
      }
    })();
  }
  const rampWaiters: (() => void)[] = [];

  async function lost(reason: string): Promise<void> {
    if (state !== 'connected' || !target) return;
    const myGen = ++gen;
    state = 'reconnecting';
    message = `${reason}; reconnecting…`;
    deps.log('warn', `amp: ${reason}; reconnecting`);
    await drop();
    push();
    for (let attempt = 0; myGen === gen; attempt++) {
      await sleep(delays[Math.min(attempt, delays.length - 1)] ?? 1000);
      if (myGen !== gen) return;
      try {
        await attach(target, myGen);
        state = 'connected';
        message = null;
        deps.log('info', `amp: reconnected to ${target.path}`);
        push();
        schedulePoll(myGen);
        // A failure while restoring is a new loss: start over from the top.
        restore(myGen).catch((err: Error) => void lost(err.message));
        return;
      } catch (err) {
        if (myGen !== gen) return;
        message = `${reason}; reconnecting… (${(err as Error).message})`;
        push();
      }
    }
  }

  return {
    status,
    async connect(t: ConnectTarget): Promise<AmpStatus> {
      const myGen = ++gen;
      await drop();
      target = { ...t };
      baud = t.baudRate ?? drivers[t.driver].baudRate;
      state = 'connecting';
      message = null;
      reported = null;
      firmware = null;
      desired = {};
      push();
      try {
        await attach(target, myGen);
      } catch (err) {
        if (myGen !== gen) throw new KoruError('CONFLICT', 'another connect or disconnect replaced this one');
        state = 'error';
        message = explain(err, target, baud);
        push();
        throw new KoruError('DEVICE_ERROR', message);
      }
      state = 'connected';
      const r = reported as RawState | null;
      // Adopt what the device is doing, so a reconnect later restores exactly that.
      if (r) desired = { power: r.power, mute: r.mute, ...(r.source !== null ? { source: r.source } : {}) };
      const lim = deps.limits();
      if (r && driver && r.volume > toRaw(lim.maxVolume, driver.maxRaw, lim.maxVolume)) desired.volume = lim.maxVolume;
      push();
      kickRamp();
      schedulePoll(myGen);
      return status();
    },
    async disconnect(): Promise<AmpStatus> {
      gen++;
      await drop();
      state = 'disconnected';
      message = null;
      reported = null;
      desired = {};
      push();
      return status();
    },
    /** Switches now; volume ramps (the reply does not wait for the ramp). */
    async set(p: Desired): Promise<AmpStatus> {
      const lim = deps.limits();
      if (p.volume !== undefined && p.volume > lim.maxVolume)
        throw new KoruError('BAD_INPUT', `volume ${p.volume} % is above the maximum of ${lim.maxVolume} % (Hardware settings)`);
      if (state !== 'connected' && state !== 'reconnecting') throw new KoruError('DEVICE_ERROR', 'no amplifier is connected');
      if (p.source !== undefined && target?.driver === 'koru') throw new KoruError('BAD_INPUT', 'the Koru controller has no source selector');
      desired = { ...desired, ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) };
      if (state === 'connected') {
        try {
          await restore(gen);
        } catch (err) {
          if (failureOf(err)) void lost((err as Error).message);
          throw err;
        }
      }
      return status();
    },
    /** Resolves when the current ramp has finished (or was stopped by a disconnect). */
    waitForRamp(): Promise<void> {
      return ramping ? new Promise((r) => rampWaiters.push(r)) : Promise.resolve();
    },
    /** Limits changed (max volume lowered): re-clamp the target and ramp to it. */
    refresh(): void {
      const lim = deps.limits();
      const over = reported && driver && reported.volume > toRaw(lim.maxVolume, driver.maxRaw, lim.maxVolume);
      if ((desired.volume !== undefined && desired.volume > lim.maxVolume) || over) desired.volume = Math.min(desired.volume ?? 100, lim.maxVolume);
      push();
      kickRamp();
    },
    async close(): Promise<void> {
      gen++;
      await drop();
      state = 'disconnected';
    },
  };
}
