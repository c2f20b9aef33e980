/** Sky and schedules through the composed app's router, with a hand-driven clock. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../contract';
import { createApp, type App } from './index';
import { silentAudio } from '../playback/testing';
import { presets } from '../sessions/presets';
import type { Clock } from '../sky';

const ctx = { transport: 'web' as const, client: 'test' };
const dirs: string[] = [];
const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A clock the test moves by hand: `run()` fires the scheduler's pending wake-up. */
function manualClock(start: string) {
  let now = Date.parse(start);
  let pending: { fn: () => void; at: number } | null = null;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => (pending = { fn, at: now + ms }),
    clearTimeout: (h) => {
      if (pending === h) pending = null;
    },
  };
  return {
    clock,
    wakeAt: () => pending?.at ?? null,
    /** Jump to the pending wake-up and run it. */
    run() {
      const p = pending!;
      pending = null;
      now = p.at;
      p.fn();
    },
  };
}

async function boot(clock: Clock, dataDir = mkdtempSync(join(tmpdir(), 'koru-sky-app-'))) {
  dirs.push(dataDir);
  const app = await createApp({ dataDir, mode: 'web', env: {}, log: () => undefined, audio: silentAudio(), clock });
  apps.push(app);
  const pushed: { name: string; payload: unknown }[] = [];
  app.events.subscribe((name, payload) => void pushed.push({ name, payload }));
  const call = (channel: string, input: unknown = {}): Promise<Result> => app.router.dispatch(channel, input, ctx);
  const ok = async <T = Record<string, unknown>>(channel: string, input: unknown = {}): Promise<T> => {
    const r = await call(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  return { app, call, ok, pushed, dataDir };
}

const draft = { ...presets.find((p) => p.id === 'alpha-relax')!.draft, name: 'Dawn sit', durationSec: 60 };

describe('sky and schedules in the app', () => {
  it('keeps a location, answers sky.now and sky.hours for it, and finds cities', async () => {
    const t = manualClock('2026-03-01T12:00:00Z');
    const { ok, call } = await boot(t.clock);
    expect(await ok('sky.location.get')).toBeNull();
    expect(await call('sky.hours', { date: '2026-03-01' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const [city] = await ok<{ name: string; lat: number; lon: number; timeZone: string }[]>('sky.cities', { query: 'London' });
    await ok('sky.location.set', { location: { name: `${city!.name}`, lat: city!.lat, lon: city!.lon, timeZone: city!.timeZone } });
    const now = await ok<{ at: string; hour: { ruler: string } | null; zodiac: string }>('sky.now');
    expect(now.at).toBe('2026-03-01T12:00:00.000Z');
    expect(now.zodiac).toBe('tropical');
    expect(now.hour).not.toBeNull();
    expect(await ok('sky.hours', { date: '2026-03-01' })).toMatchObject({ dayRuler: 'Sun' });
    expect(await call('sky.location.set', { location: { name: null, lat: 100, lon: 0, timeZone: 'UTC' } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call('sky.events', { from: '2026-01-01', to: 'soon' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('plays a session at sunrise tomorrow, after a notice, and reports it', async () => {
    const t = manualClock('2026-03-01T12:00:00Z');
    const { ok, call, pushed } = await boot(t.clock);
    await ok('sky.location.set', { location: { name: 'London', lat: 51.5, lon: -0.125, timeZone: 'Europe/London' } });
    const session = await ok<{ id: string }>('sessions.create', draft);
    const past = await call('schedules.create', { target: { kind: 'session', id: session.id }, trigger: { kind: 'time', at: '2026-03-01T11:00:00Z' } });
    expect(past).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { reason: 'in-the-past' } } });
    const s = await ok<{ id: string; nextAt: string }>('schedules.create', {
      target: { kind: 'session', id: session.id },
      trigger: { kind: 'sun', event: 'sunrise', on: '2026-03-02' },
      noticeMinutes: 5,
    });
    expect(s.nextAt.slice(0, 13)).toBe('2026-03-02T06');
    expect(await ok<unknown[]>('schedules.list')).toHaveLength(1);

    // Wake-ups in bounded steps until the notice, then the start.
    for (let i = 0; i < 200 && !pushed.some((p) => p.name === 'schedule.notice'); i++) t.run();
    expect(pushed.find((p) => p.name === 'schedule.notice')!.payload).toMatchObject({ id: s.id, kind: 'upcoming' });
    expect((await ok<{ state: string }>('playback.status')).state).not.toBe('playing');
    t.run();
    await vi.waitFor(async () => expect((await ok<{ sessionId: string | null }>('playback.status')).sessionId).toBe(session.id));
    await vi.waitFor(() => expect(pushed.filter((p) => p.name === 'schedule.notice').map((p) => (p.payload as { kind: string }).kind)).toEqual(['upcoming', 'started']));
    expect(await ok<{ status: string }[]>('schedules.list')).toMatchObject([{ status: 'done' }]);
    await ok('playback.stop');
    expect(await ok('schedules.delete', { id: s.id })).toEqual({ ok: true });
    expect(await ok<unknown[]>('schedules.list')).toEqual([]);
  });
});
