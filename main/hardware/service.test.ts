import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlaybackStatus } from '../../contract/session';
import { migrate } from '../storage/db';
import { migrations } from '../storage/migrations';
import { buildHardwareHandlers } from './handlers';
import { createAmpService, type AmpService } from './service';
import { createKoruDevice } from './sim/devices';
import { deviceBinding, mockPort } from './testing';

const ISO = '2024-05-01T10:00:00.000Z';
const ctx = { transport: 'web' as const, client: 't' };
const services: AmpService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
});

function freshDb() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  db.prepare(`INSERT INTO sessions (id, name, program, duration_sec, volume, created_at, updated_at) VALUES ('s1', 'Calm', '{}', 600, 0.5, ?, ?)`).run(ISO, ISO);
  return db;
}

/** A service on `db` (a fresh one by default); pass the same db again to model an app restart. */
function setup(listPorts?: () => Promise<never>, db = freshDb()) {
  const device = createKoruDevice();
  const amp = createAmpService({ db, emit: () => true, log: () => undefined, binding: deviceBinding(device), pollMs: 5000, ...(listPorts ? { listPorts } : {}) });
  services.push(amp);
  return { amp, device, db, h: buildHardwareHandlers(amp) };
}

const status = (over: Partial<PlaybackStatus>): PlaybackStatus => ({
  state: 'playing', sessionId: 's1', sessionName: 'Calm', elapsedSec: 0, durationSec: 600, volume: 0.5,
  sleepAtSec: null, output: 'null', lateBlocks: 0, lastError: null, spoken: null, ...over,
});
const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('amp service: settings and profiles', () => {
  it('keeps settings patches partial and profiles per session', async () => {
    const { h } = setup();
    expect(await h['amp.settings.get']({}, ctx)).toMatchObject({ maxVolume: 40, rampPercentPerSec: 10, hardwareLevel: 2 });
    const { amp } = { amp: services.at(-1)! };
    expect(amp.isLevel3()).toBe(false);
    expect(await h['amp.settings.update']({ hardwareLevel: 3 }, ctx)).toMatchObject({ maxVolume: 40, hardwareLevel: 3 });
    expect(amp.isLevel3()).toBe(true);
    expect(await h['amp.profile.get']({ sessionId: 's1' }, ctx)).toMatchObject({ isDefault: true, profile: { start: { volume: 25 } } });
    const custom = { follow: true, start: { powerOn: true, unmute: true, volume: 12 }, sleepFade: { follow: false, seconds: 20 }, end: { rampTo: 0, then: 'power-off' as const } };
    expect(await h['amp.profile.set']({ sessionId: 's1', profile: custom }, ctx)).toMatchObject({ isDefault: false, profile: custom });
    expect(await h['amp.profile.set']({ sessionId: 's1', profile: null }, ctx)).toMatchObject({ isDefault: true });
    await expect(async () => h['amp.profile.set']({ sessionId: 'ghost', profile: null }, ctx)).rejects.toThrow(/no session ghost/);
  });

  it('reports a missing udevadm instead of failing', async () => {
    const { h } = setup(() => Promise.reject(new Error('spawn udevadm ENOENT')));
    expect(await h['amp.ports']({}, ctx)).toEqual({ ports: [], error: expect.stringMatching(/udevadm is missing.*by hand/) });
  });
});

describe('amp service: following the session', () => {
  it('powers on and ramps up at start, follows the sleep fade down, then ramps out and mutes', async () => {
    const { amp, device, h } = setup();
    await h['amp.settings.update']({ rampPercentPerSec: 50 }, ctx);
    amp.store.setProfile('s1', { start: { volume: 20 }, sleepFade: { seconds: 10 }, end: { rampTo: 0, then: 'mute' } });
    await h['amp.connect']({ path: mockPort(), driver: 'koru' }, ctx);

    amp.onEvent('playback.status', status({ elapsedSec: 0 }));
    await until(() => device.state.volume === 20);
    expect(device.state).toMatchObject({ power: true, mute: false });

    // Halfway through the sleep fade the amplifier is halfway down.
    amp.onEvent('playback.status', status({ elapsedSec: 95, sleepAtSec: 100 }));
    await until(() => device.state.volume === 10);

    amp.onEvent('playback.status', status({ state: 'idle', sessionId: null, elapsedSec: 0 }));
    await until(() => device.state.mute);
    expect(device.state.volume).toBe(0);
    const vols = device.volumeLog.map((e) => e.volume);
    for (let i = 1; i < vols.length; i++) expect(Math.abs(vols[i]! - vols[i - 1]!)).toBeLessThanOrEqual(5);
  });

  it('leaves the amplifier alone for a session that does not follow, and survives having no amplifier', async () => {
    const { amp, device, h } = setup();
    amp.store.setProfile('s1', { follow: false });
    expect(() => amp.onEvent('playback.status', status({}))).not.toThrow(); // not connected: logged, not thrown
    await h['amp.connect']({ path: mockPort(), driver: 'koru' }, ctx);
    amp.onEvent('playback.status', status({ state: 'idle', sessionId: null }));
    amp.onEvent('playback.status', status({}));
    await new Promise((r) => setTimeout(r, 100));
    expect(device.volumeLog).toEqual([]);
    expect(device.state.power).toBe(false);
  });
});

describe('amp service: the amplifier used last time', () => {
  it('remembers a connected amplifier and connects to it at the next start, until the user disconnects', async () => {
    const first = setup();
    const path = mockPort();
    await first.h['amp.connect']({ path, driver: 'koru' }, ctx);
    expect((await first.h['amp.settings.get']({}, ctx)).lastDevice).toEqual({ path, driver: 'koru', connectAtStart: true });
    // A settings patch leaves the remembered device alone.
    await first.h['amp.settings.update']({ maxVolume: 30 }, ctx);
    expect(first.amp.settings().lastDevice?.path).toBe(path);
    await first.amp.close();

    // Restart: connected again without a click, adopting what the device is doing (no volume sent).
    const second = setup(undefined, first.db);
    second.device.state.volume = 7;
    await second.amp.connectAtStart();
    expect(second.amp.connection.status()).toMatchObject({ state: 'connected', path, driver: 'koru', volume: 7 });
    expect(second.device.volumeLog).toEqual([]);

    // A deliberate disconnect: remembered for the form, not connected at the next start.
    await second.h['amp.disconnect']({}, ctx);
    expect(second.amp.settings().lastDevice).toEqual({ path, driver: 'koru', connectAtStart: false });
    await second.amp.close();
    const third = setup(undefined, first.db);
    await third.amp.connectAtStart();
    expect(third.amp.connection.status().state).toBe('disconnected');
  });

  it('reports a remembered amplifier that is gone at start, without throwing', async () => {
    const first = setup();
    await first.h['amp.connect']({ path: mockPort(), driver: 'koru' }, ctx);
    first.amp.store.setLastDevice({ path: '/dev/koru-unplugged', driver: 'koru', connectAtStart: true });
    await first.amp.close();
    const again = setup(undefined, first.db);
    await expect(again.amp.connectAtStart()).resolves.toBeUndefined();
    expect(again.amp.connection.status()).toMatchObject({ state: 'error', path: '/dev/koru-unplugged', message: expect.stringContaining('/dev/koru-unplugged') });
    expect(again.amp.settings().lastDevice?.connectAtStart).toBe(true); // still tried at the next start
  });
});
