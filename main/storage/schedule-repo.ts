import { randomUUID } from 'node:crypto';
import { KoruError } from '../../contract/errors';
import { Location, Schedule, Trigger, type ScheduleStatus, type ScheduleTarget } from '../../contract/sky';
import type { Db } from './migrations/types';

export interface NewSchedule {
  target: ScheduleTarget;
  title: string;
  trigger: Trigger;
  noticeMinutes: number;
  nextAt: string;
}

export interface SchedulePatch {
  status?: ScheduleStatus;
  nextAt?: string | null;
  lastRunAt?: string | null;
  missedAt?: string | null;
}

export interface ScheduleRepo {
  create(s: NewSchedule, now: string): Schedule;
  get(id: string): Schedule;
  /** Active ones soonest first, then the rest newest first. */
  list(): Schedule[];
  active(): Schedule[];
  update(id: string, patch: SchedulePatch, now: string): Schedule;
  delete(id: string): void;
}

interface Row {
  id: string;
  target_kind: 'session' | 'ritual';
  target_id: string;
  title: string;
  trigger: string;
  notice_minutes: number;
  status: string;
  next_at: string | null;
  last_run_at: string | null;
  missed_at: string | null;
  created_at: string;
}

function fromRow(r: Row): Schedule {
  return Schedule.parse({
    id: r.id,
    target: { kind: r.target_kind, id: r.target_id },
    title: r.title,
    trigger: Trigger.parse(JSON.parse(r.trigger)),
    noticeMinutes: r.notice_minutes,
    status: r.status,
    nextAt: r.next_at,
    lastRunAt: r.last_run_at,
    missedAt: r.missed_at,
    createdAt: r.created_at,
  });
}

function storage(what: string, err: unknown): KoruError {
  return err instanceof KoruError ? err : new KoruError('STORAGE', `Could not ${what}: ${(err as Error).message}`);
}

export function createScheduleRepo(db: Db): ScheduleRepo {
  const insert = db.prepare(
    `INSERT INTO schedules (id, target_kind, target_id, title, trigger, notice_minutes, status, next_at, created_at, updated_at)
     VALUES (@id, @kind, @targetId, @title, @trigger, @notice, 'active', @nextAt, @now, @now)`,
  );
  const byId = db.prepare<[string], Row>('SELECT * FROM schedules WHERE id = ?');
  const all = db.prepare<[], Row>(`SELECT * FROM schedules ORDER BY status <> 'active', CASE WHEN status = 'active' THEN next_at END, created_at DESC`);
  const activeRows = db.prepare<[], Row>(`SELECT * FROM schedules WHERE status = 'active' ORDER BY next_at`);
  const del = db.prepare<[string]>('DELETE FROM schedules WHERE id = ?');

  function get(id: string): Schedule {
    const row = byId.get(id);
    if (!row) throw new KoruError('NOT_FOUND', 'That schedule no longer exists.', { id });
    return fromRow(row);
  }

  return {
    create(s, now) {
      const id = randomUUID();
      try {
        insert.run({ id, kind: s.target.kind, targetId: s.target.id, title: s.title, trigger: JSON.stringify(s.trigger), notice: s.noticeMinutes, nextAt: s.nextAt, now });
      } catch (err) {
        throw storage('save the schedule', err);
      }
      return get(id);
    },
    get,
    list: () => all.all().map(fromRow),
    active: () => activeRows.all().map(fromRow),
    update(id, patch, now) {
      const sets: string[] = ['updated_at = @now'];
      const cols = { status: 'status', nextAt: 'next_at', lastRunAt: 'last_run_at', missedAt: 'missed_at' } as const;
      for (const [k, col] of Object.entries(cols)) if (k in patch) sets.push(`${col} = @${k}`);
      try {
        const r = db.prepare(`UPDATE schedules SET ${sets.join(', ')} WHERE id = @id`).run({ ...patch, id, now });
        if (r.changes === 0) throw new KoruError('NOT_FOUND', 'That schedule no longer exists.', { id });
      } catch (err) {
        throw storage('update the schedule', err);
      }
      return get(id);
    },
    delete(id) {
      if (del.run(id).changes === 0) throw new KoruError('NOT_FOUND', 'That schedule no longer exists.', { id });
    },
  };
}

/** The place sky timing uses, kept in the settings table under its own key (the general
 *  settings repo leaves keys it does not know alone). */
const LOCATION_KEY = 'sky.location';

export interface SkyLocationRepo {
  get(): Location | null;
  set(location: Location | null): Location | null;
}

export function createSkyLocationRepo(db: Db): SkyLocationRepo {
  const select = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const upsert = db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const remove = db.prepare<[string]>('DELETE FROM settings WHERE key = ?');
  return {
    get() {
      const row = select.get(LOCATION_KEY);
      if (!row) return null;
      try {
        const parsed = Location.safeParse(JSON.parse(row.value));
        return parsed.success ? parsed.data : null;
      } catch {
        return null; // unreadable: as if never set
      }
    },
    set(location) {
      try {
        if (location === null) remove.run(LOCATION_KEY);
        else upsert.run(LOCATION_KEY, JSON.stringify(Location.parse(location)));
      } catch (err) {
        throw storage('save the location', err);
      }
      return location;
    },
  };
}
