import { describe, expect, it } from 'vitest';
import { openDatabase } from './db';
import { createScheduleRepo, createSkyLocationRepo } from './schedule-repo';
import { createSettingsRepo } from './settings-repo';

const NOW = '2026-03-01T12:00:00.000Z';

describe('schedule repo', () => {
  it('stores, lists soonest first, updates and deletes schedules', () => {
    const repo = createScheduleRepo(openDatabase(':memory:'));
    const later = repo.create({ target: { kind: 'session', id: 's1' }, title: 'Later', trigger: { kind: 'moon', quarter: 'full-moon', repeat: true }, noticeMinutes: 5, nextAt: '2026-03-03T11:38:00.000Z' }, NOW);
    const sooner = repo.create({ target: { kind: 'ritual', id: 'r1' }, title: 'Sooner', trigger: { kind: 'time', at: '2026-03-02T00:00:00.000Z' }, noticeMinutes: 0, nextAt: '2026-03-02T00:00:00.000Z' }, NOW);
    expect(repo.list().map((s) => s.title)).toEqual(['Sooner', 'Later']);
    expect(later.trigger).toEqual({ kind: 'moon', quarter: 'full-moon', repeat: true });
    const done = repo.update(sooner.id, { status: 'done', nextAt: null, lastRunAt: '2026-03-02T00:00:00.000Z' }, NOW);
    expect(done).toMatchObject({ status: 'done', nextAt: null });
    expect(repo.active().map((s) => s.id)).toEqual([later.id]);
    repo.delete(later.id);
    expect(() => repo.get(later.id)).toThrow(/no longer exists/);
    expect(() => repo.delete(later.id)).toThrow(/no longer exists/);
  });

  it('keeps the sky location beside the settings without disturbing them', () => {
    const db = openDatabase(':memory:');
    const settings = createSettingsRepo(db, { log: () => undefined });
    settings.update({ maxVolume: 0.5 });
    const loc = createSkyLocationRepo(db);
    expect(loc.get()).toBeNull();
    loc.set({ name: 'London, United Kingdom', lat: 51.5, lon: -0.12, timeZone: 'Europe/London' });
    expect(loc.get()?.timeZone).toBe('Europe/London');
    expect(settings.get().maxVolume).toBe(0.5);
    db.prepare(`UPDATE settings SET value = '{"lat": 300}' WHERE key = 'sky.location'`).run(); // stored by hand, off the globe
    expect(loc.get()).toBeNull();
    loc.set(null);
    expect(db.prepare("SELECT count(*) FROM settings WHERE key = 'sky.location'").pluck().get()).toBe(0);
  });
});
