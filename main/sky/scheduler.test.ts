import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KoruError } from '../../contract/errors';
import { Schedule, scheduleEvents, type Location, type ScheduleTarget } from '../../contract/sky';
import { openDatabase, type Db } from '../storage/db';
import { createScheduleRepo } from '../storage/schedule-repo';
import { tempDir } from '../storage/testing';
import { createScheduler, LATE_GRACE_MS, MAX_WAIT_MS } from './scheduler';

const LONDON: Location = { name: 'London', lat: 51.5, lon: -0.125, timeZone: 'Europe/London' };
const SESSION: ScheduleTarget = { kind: 'session', id: 'calm' };
const MIN = 60_000;

interface Notice {
  kind: string;
  id: string;
  at: string;
  message: string;
}

function harness(db: Db, location: Location | null = LONDON) {
  const played: ScheduleTarget[] = [];
  const notices: Notice[] = [];
  const updates: (Schedule | null)[] = [];
  const play = vi.fn(async (t: ScheduleTarget) => {
    if (t.id === 'gone') throw new KoruError('NOT_FOUND', 'That session no longer exists.');
    played.push(t);
  });
  const emit = (event: string, payload: unknown) => {
    // Every push must pass the contract, as the event hub checks.
    const parsed = scheduleEvents[event as keyof typeof scheduleEvents].payload.parse(payload) as { schedule?: Schedule | null } & Notice;
    if (event === 'schedule.notice') notices.push(parsed);
    else updates.push(parsed.schedule ?? null);
  };
  const scheduler = createScheduler({
    repo: createScheduleRepo(db),
    location: () => location,
    titleOf: (t) => {
      if (t.id === 'missing') throw new KoruError('NOT_FOUND', 'That session does not exist.');
      return `Session ${t.id}`;
    },
    play,
    emit: emit as never,
  });
  return { scheduler, played, notices, updates, play };
}

let dir: string;
const dbs: Db[] = [];
const open = () => {
  const db = openDatabase(join(dir, 'koru.db'));
  dbs.push(db);
  return db;
};

beforeEach(() => {
  dir = tempDir('koru-sky-');
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  for (const db of dbs.splice(0)) db.close();
});

describe('scheduler', () => {
  it('announces a start before it and starts the session at its time', async () => {
    const h = harness(open());
    await h.scheduler.start();
    const s = await h.scheduler.create({ target: SESSION, trigger: { kind: 'time', at: '2026-03-01T13:00:00Z' }, noticeMinutes: 10 });
    expect(s).toMatchObject({ status: 'active', nextAt: '2026-03-01T13:00:00.000Z', title: 'Session calm' });

    await vi.advanceTimersByTimeAsync(49 * MIN);
    expect(h.notices).toEqual([]);
    await vi.advanceTimersByTimeAsync(1 * MIN);
    expect(h.notices.map((n) => n.kind)).toEqual(['upcoming']);
    expect(h.notices[0]!.message).toMatch(/starts in 10 min/);
    expect(h.played).toEqual([]);

    await vi.advanceTimersByTimeAsync(10 * MIN - 1);
    expect(h.played).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.played).toEqual([SESSION]);
    expect(h.notices.map((n) => n.kind)).toEqual(['upcoming', 'started']);
    expect(h.scheduler.list()[0]).toMatchObject({ status: 'done', nextAt: null, lastRunAt: '2026-03-01T13:00:00.000Z' });
    h.scheduler.close();
  });

  it('waits for a start weeks away in bounded steps and still fires on the minute', async () => {
    const h = harness(open());
    await h.scheduler.start();
    // The next full moon after 1 March 2026 is 3 March 11:38 UTC; a schedule every full moon.
    const s = await h.scheduler.create({ target: SESSION, trigger: { kind: 'moon', quarter: 'full-moon', repeat: true }, noticeMinutes: 0 });
    const first = Date.parse(s.nextAt!);
    expect(Math.abs(first - Date.parse('2026-03-03T11:38:00Z'))).toBeLessThan(MIN);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(first - Date.now() - 1);
    expect(h.played).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.played).toHaveLength(1);
    // It moved on to the April full moon (2 April 02:12 UTC).
    const next = h.scheduler.list()[0]!;
    expect(next.status).toBe('active');
    expect(Math.abs(Date.parse(next.nextAt!) - Date.parse('2026-04-02T02:12:00Z'))).toBeLessThan(MIN);
    expect(MAX_WAIT_MS).toBeLessThan(first - Date.parse('2026-03-01T12:00:00Z'));
    h.scheduler.close();
  });

  it('survives a restart: a new scheduler over the reopened database fires the stored schedule', async () => {
    const before = harness(open());
    await before.scheduler.start();
    await before.scheduler.create({ target: SESSION, trigger: { kind: 'time', at: '2026-03-01T12:30:00Z' }, noticeMinutes: 0 });
    before.scheduler.close();
    dbs.pop()!.close();
    await vi.advanceTimersByTimeAsync(10 * MIN); // Koru is restarting

    const after = harness(open());
    await after.scheduler.start();
    expect(after.scheduler.list()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20 * MIN);
    expect(after.played).toEqual([SESSION]);
    expect(before.played).toEqual([]);
    after.scheduler.close();
  });

  it('reports a start missed while Koru was closed, does not play it late, and moves a repeating one on', async () => {
    const before = harness(open());
    await before.scheduler.start();
    const once = await before.scheduler.create({ target: SESSION, trigger: { kind: 'time', at: '2026-03-01T12:30:00Z' }, noticeMinutes: 0 });
    const daily = await before.scheduler.create({ target: { kind: 'ritual', id: 'dawn' }, trigger: { kind: 'sun', event: 'sunrise', repeat: true }, noticeMinutes: 0 });
    before.scheduler.close();
    dbs.pop()!.close();

    // Closed until the next evening: both starts pass.
    vi.setSystemTime(new Date('2026-03-02T18:00:00Z'));
    const after = harness(open());
    await after.scheduler.start();
    expect(after.played).toEqual([]);
    expect(after.notices.map((n) => [n.kind, n.id])).toEqual(
      expect.arrayContaining([
        ['missed', once.id],
        ['missed', daily.id],
      ]),
    );
    const list = after.scheduler.list();
    const o = list.find((s) => s.id === once.id)!;
    const d = list.find((s) => s.id === daily.id)!;
    expect(o).toMatchObject({ status: 'missed', nextAt: null, missedAt: '2026-03-01T12:30:00.000Z' });
    expect(d.status).toBe('active');
    expect(d.missedAt).toBe(daily.nextAt);
    // The next sunrise in London after the evening of 2 March: 3 March, about 06:40 UTC.
    expect(d.nextAt!.slice(0, 10)).toBe('2026-03-03');
    expect(after.scheduler.dismissMissed(once.id).missedAt).toBeNull();
    after.scheduler.close();
  });

  it('still plays a start it wakes up for a little late, within the grace', async () => {
    const h = harness(open());
    await h.scheduler.start();
    await h.scheduler.create({ target: SESSION, trigger: { kind: 'time', at: '2026-03-01T12:10:00Z' }, noticeMinutes: 0 });
    h.scheduler.close();
    vi.setSystemTime(new Date(Date.parse('2026-03-01T12:10:00Z') + LATE_GRACE_MS - 1000));
    const again = harness(dbs[0]!);
    await again.scheduler.start();
    expect(again.played).toEqual([SESSION]);
    again.scheduler.close();
  });

  it('says when the target could not start', async () => {
    const h = harness(open());
    await h.scheduler.start();
    await h.scheduler.create({ target: { kind: 'session', id: 'gone' }, trigger: { kind: 'time', at: '2026-03-01T12:01:00Z' }, noticeMinutes: 0 });
    await vi.advanceTimersByTimeAsync(MIN);
    expect(h.notices.map((n) => n.kind)).toEqual(['failed']);
    expect(h.notices[0]!.message).toMatch(/could not start: That session no longer exists/);
    h.scheduler.close();
  });

  it('starts in the next hour of Venus, at the hour’s start', async () => {
    const h = harness(open());
    await h.scheduler.start();
    const s = await h.scheduler.create({ target: SESSION, trigger: { kind: 'hour', planet: 'Venus' }, noticeMinutes: 0 });
    // Sunday 1 March 2026 in London: Sun rules the first hour, Venus the second (about 07:41 GMT).
    const start = Date.parse(s.nextAt!);
    expect(start).toBeGreaterThan(Date.now());
    expect(start - Date.now()).toBeLessThan(24 * 3600_000);
    h.scheduler.close();
  });

  describe('refuses', () => {
    const refused = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(KoruError);
      return err as KoruError;
    };

    it('a time in the past, a passed sunrise, a sky event without a place, a missing target — storing nothing', async () => {
      const h = harness(open(), null);
      await h.scheduler.start();
      const past = await refused(h.scheduler.create({ target: SESSION, trigger: { kind: 'time', at: '2026-03-01T11:59:00Z' } }));
      expect(past).toMatchObject({ code: 'BAD_INPUT', details: { reason: 'in-the-past' } });
      expect(past.message).toMatch(/already passed/);
      const noPlace = await refused(h.scheduler.create({ target: SESSION, trigger: { kind: 'sun', event: 'sunrise' } }));
      expect(noPlace).toMatchObject({ code: 'BAD_INPUT', details: { reason: 'no-location' } });
      const missing = await refused(h.scheduler.create({ target: { kind: 'session', id: 'missing' }, trigger: { kind: 'moon', quarter: 'new-moon' } }));
      expect(missing.code).toBe('NOT_FOUND');
      expect(h.scheduler.list()).toEqual([]);
      h.scheduler.close();

      const placed = harness(dbs[0]!);
      const passed = await refused(placed.scheduler.create({ target: SESSION, trigger: { kind: 'sun', event: 'sunrise', on: '2026-03-01' } }));
      expect(passed).toMatchObject({ code: 'BAD_INPUT', details: { reason: 'in-the-past' } });
      const tomorrow = await placed.scheduler.create({ target: SESSION, trigger: { kind: 'sun', event: 'sunrise', on: '2026-03-02' } });
      expect(tomorrow.nextAt!.slice(0, 10)).toBe('2026-03-02');
      placed.scheduler.close();
    });

    it('a sky event that never comes at the place (no sunrise in the polar night)', async () => {
      vi.setSystemTime(new Date('2026-12-01T12:00:00Z'));
      const h = harness(open(), { name: null, lat: 89, lon: 0, timeZone: 'UTC' });
      const err = await refused(h.scheduler.create({ target: SESSION, trigger: { kind: 'sun', event: 'sunrise', on: '2026-12-21' } }));
      expect(err).toMatchObject({ code: 'NOT_FOUND', details: { reason: 'no-occurrence' } });
      // Planetary hours come back only with the first sunrise and sunset after the polar night.
      const hour = await h.scheduler.create({ target: SESSION, trigger: { kind: 'hour', planet: 'Mars' } });
      expect(hour.nextAt! > '2027-02-15').toBe(true);
      h.scheduler.close();
    });
  });
});
