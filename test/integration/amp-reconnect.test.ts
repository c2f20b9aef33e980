/** The cable is pulled mid-session: socat and the simulator die while the player plays through
 *  PortAudio into ALSA's file plugin. Koru must keep the audio going, reconnect within 3 s of the
 *  device coming back, restore the amplifier's state by ramp, and follow the session's end. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Settings } from '../../contract/settings';
import { migrate } from '../../main/storage/db';
import { migrations } from '../../main/storage/migrations';
import { createAmpService } from '../../main/hardware/service';
import { rampPlan } from '../../main/hardware/ramp';
import { createKoruDevice, createMonopriceDevice, type SimDevice } from '../../main/hardware/sim/devices';
import { startPtyPair } from '../../main/hardware/sim/pty';
import { startSerialSim } from '../../main/hardware/sim/serial-sim';
import { createPlayer, processHostLink } from '../../main/playback';
import { ALSA_CAPTURE_CONF, alsaMissing, captureSession } from './fixtures/capture-session';
import { readWav } from '../audio-files';

// The audio engine's process plays through PortAudio into ALSA's file plugin (no sound card here).
const work = mkdtempSync(join(tmpdir(), 'koru-amp-rc-'));
const capture = join(work, 'capture.wav');

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Waits until `cond` holds, naming what it waited for when it does not. */
const until = (what: string, cond: () => boolean, timeout: number) =>
  vi.waitFor(() => expect(cond(), `waiting for ${what}`).toBe(true), { timeout, interval: 10 });

/** The capture's RMS over each 50 ms window, in dBFS. */
function windowsDb(file: string): number[] {
  const { samples, sampleRate, channels } = readWav(file, { capture: true });
  const win = (sampleRate / 20) * channels;
  const out: number[] = [];
  for (let i = 0; i + win <= samples.length; i += win) {
    let sum = 0;
    for (let j = i; j < i + win; j++) sum += (samples[j] ?? 0) ** 2;
    out.push(10 * Math.log10(sum / win + 1e-12));
  }
  return out;
}

describe.each([
  // A short outage, and one long enough for the reconnect backoff to reach its longest wait.
  ['koru', () => createKoruDevice(), 100, 700],
  ['monoprice', () => createMonopriceDevice({ zone: 11 }), 38, 4000],
] as const)('%s amplifier lost and found mid-session', (driver, makeDevice, maxRaw, outageMs) => {
  it('reconnects in < 3 s, restores by ramp, and the audio never stops', async () => {
    const want = Math.round((30 * maxRaw) / 100);
    const missing = alsaMissing();
    if (missing) throw new Error(missing);
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    const session = captureSession(30);
    db.prepare(`INSERT INTO sessions (id, name, program, duration_sec, volume, created_at, updated_at) VALUES (?, ?, '{}', 30, 0.5, ?, ?)`).run(
      session.id, session.name, session.createdAt, session.createdAt,
    );
    const log: string[] = [];
    const amp = createAmpService({ db, emit: () => true, log: (l, m) => log.push(`${l} ${m}`), pollMs: 300 });
    amp.updateSettings({ rampPercentPerSec: 25, maxVolume: 40 });
    amp.store.setProfile(session.id, { start: { volume: 30 }, end: { rampTo: 0, then: 'mute' } });

    let pair = await startPtyPair(work);
    let device: SimDevice = makeDevice();
    let sim = await startSerialSim({ path: pair.b, device });
    const devices = [device];
    await amp.connection.connect({ path: pair.a, driver });

    const player = createPlayer({
      link: processHostLink({ log: () => undefined, env: { ...process.env, ALSA_CONFIG_PATH: ALSA_CAPTURE_CONF, KORU_ALSA_CAPTURE: capture } }),
      getSettings: () => Settings.parse({}),
      emit: (name: string, payload: unknown) => amp.onEvent(name, payload),
      log: () => undefined,
    });
    try {
      await player.start(session);
      await until('the ramp up', () => device.state.volume === want && device.state.power && !device.state.mute, 5000);

      // Pull the cable: both pty ends vanish.
      await sim.close();
      await pair.kill();
      await until('reconnecting', () => amp.connection.status().state === 'reconnecting', 3000);
      await new Promise((r) => setTimeout(r, outageMs));
      expect(player.status().state).toBe('playing');

      // Plug it back in: a freshly booted amplifier (off, volume 0).
      pair = await startPtyPair(work);
      device = makeDevice();
      devices.push(device);
      sim = await startSerialSim({ path: pair.b, device });
      const backAt = performance.now();
      await until('the reconnect', () => amp.connection.status().state === 'connected', 3000);
      const reconnectMs = performance.now() - backAt;
      expect(reconnectMs).toBeLessThan(3000);
      await until('the restore', () => device.state.volume === want && device.state.power && !device.state.mute, 5000);

      // End of session: ramp out, then mute.
      // What the engine played (its own clock: the engine's process start is not part of it).
      const playedSec = player.status().elapsedSec;
      expect(playedSec).toBeGreaterThan(outageMs / 1000);
      await player.stop();
      await until('the end action', () => device.state.mute && device.state.volume === 0, 5000);
      console.log(`${driver} reconnect: ${reconnectMs.toFixed(0)} ms after the device returned; played ${playedSec.toFixed(1)} s`);

      // Never a jump, never above the cap, in either simulator's log.
      const plan = rampPlan(maxRaw, 25);
      for (const d of devices) {
        let prev = 0;
        for (const e of d.volumeLog) {
          expect(Math.abs(e.volume - prev)).toBeLessThanOrEqual(plan.stepRaw);
          expect(e.volume).toBeLessThanOrEqual(Math.floor((40 * maxRaw) / 100));
          prev = e.volume;
        }
      }
      expect(player.status().lastError).toBeNull();
      // The audio ran through the outage: every 50 ms window before the stop fade carries sound.
      const windows = windowsDb(capture).slice(10, -10);
      expect(windows.length).toBeGreaterThan((playedSec - 2) * 20 * 0.9);
      expect(Math.min(...windows)).toBeGreaterThan(-40);
    } finally {
      await player.close();
      await amp.close();
      await sim.close();
      await pair.kill();
      db.close();
    }
  });
});
