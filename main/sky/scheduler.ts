/**
 * Starts sessions and rituals at their scheduled times while Koru runs. One timer, set for the
 * soonest notice or start and never longer than MAX_WAIT (so a clock change or a laptop waking
 * from sleep is noticed within minutes). A start that passed while Koru was closed is reported as
 * missed — stored on the schedule and pushed as a notice — never played late; a repeating schedule
 * then moves on to its next occurrence. Time comes from an injectable clock (tests: fake timers).
 */
import { KoruError } from '../../contract/errors';
import { ScheduleDraft, type Location, type Schedule, type ScheduleDraftInput, type ScheduleTarget } from '../../contract/sky';
import type { ScheduleRepo } from '../storage';
import { describeTrigger, nextOccurrence } from './triggers';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Reads the globals at call time, so vitest's fake timers drive it. The timer is unref'd: a
 *  waiting schedule never keeps a process (the CLI, a test) alive on its own. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    (t as { unref?: () => void }).unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** The longest single wait. */
export const MAX_WAIT_MS = 15 * 60_000;
/** A start is still played if Koru wakes up this late for it (a busy loop, a short sleep). */
export const LATE_GRACE_MS = 2 * 60_000;

export interface ScheduleEmit {
  (event: 'schedule.notice', payload: { id: string; kind: 'upcoming' | 'started' | 'missed' | 'failed'; title: string; at: string; message: string }): unknown;
  (event: 'schedule.updated', payload: { id: string; schedule: Schedule | null }): unknown;
}

export interface SchedulerDeps {
  repo: ScheduleRepo;
  clock?: Clock;
  location: () => Location | null;
  /** The session's or ritual's name; throws NOT_FOUND when it does not exist. */
  titleOf: (target: ScheduleTarget) => string | Promise<string>;
  play: (target: ScheduleTarget) => Promise<unknown>;
  emit: ScheduleEmit;
  log?: (level: 'info' | 'warn', message: string, detail?: unknown) => void;
}

export type Scheduler = ReturnType<typeof createScheduler>;

const iso = (ms: number) => new Date(ms).toISOString();

export function createScheduler(d: SchedulerDeps) {
  const clock = d.clock ?? systemClock;
  const log = d.log ?? (() => undefined);
  let timer: unknown = null;
  let closed = false;
  /** `${id}@${nextAt}` already announced, so a notice is said once per start. */
  const noticed = new Set<string>();

  const updated = (s: Schedule | null, id: string) => d.emit('schedule.updated', { id, schedule: s });
  const notice = (s: Schedule, kind: 'upcoming' | 'started' | 'missed' | 'failed', at: number, message: string) =>
    d.emit('schedule.notice', { id: s.id, kind, title: s.title, at: iso(at), message });

  /** Moves a schedule past `at`: its next occurrence if it repeats, else finished as `status`. */
  function advance(s: Schedule, at: number, status: 'done' | 'missed', patch: { lastRunAt?: string; missedAt?: string }): Schedule {
    let next: number | null = null;
    const repeats = s.trigger.kind !== 'time' && s.trigger.repeat;
    if (repeats) {
      try {
        next = nextOccurrence(s.trigger, Math.max(at, clock.now()), d.location());
      } catch (err) {
        log('warn', `schedule "${s.title}" has no next occurrence`, err);
      }
    }
    const saved = d.repo.update(s.id, next === null ? { ...patch, status, nextAt: null } : { ...patch, nextAt: iso(next) }, iso(clock.now()));
    updated(saved, s.id);
    return saved;
  }

  async function fire(s: Schedule, at: number): Promise<void> {
    const after = advance(s, at, 'done', { lastRunAt: iso(at) });
    try {
      await d.play(s.target);
      notice(after, 'started', at, `${s.title} started (${describeTrigger(s.trigger)}).`);
    } catch (err) {
      const why = err instanceof KoruError ? err.message : 'see the log for details';
      log('warn', `schedule "${s.title}" could not start`, err);
      notice(after, 'failed', at, `${s.title} could not start: ${why}`);
    }
  }

  function miss(s: Schedule, at: number): void {
    const after = advance(s, at, 'missed', { missedAt: iso(at) });
    notice(after, 'missed', at, `${s.title} was due at ${iso(at)} while Koru was not running; it was not played late.`);
  }

  /** Everything due now: notices, starts, misses; then the timer for what comes next. */
  async function tick(): Promise<void> {
    timer = null;
    if (closed) return;
    const now = clock.now();
    for (const s of d.repo.active()) {
      if (!s.nextAt) continue;
      const at = Date.parse(s.nextAt);
      if (now >= at) {
        if (now - at <= LATE_GRACE_MS) await fire(s, at);
        else miss(s, at);
      } else if (now >= at - s.noticeMinutes * 60_000 && !noticed.has(`${s.id}@${s.nextAt}`)) {
        noticed.add(`${s.id}@${s.nextAt}`);
        notice(s, 'upcoming', at, `${s.title} starts in ${Math.max(1, Math.round((at - now) / 60_000))} min — keep Koru running.`);
      }
    }
    arm();
  }

  function arm(): void {
    if (closed) return;
    if (timer !== null) clock.clearTimeout(timer);
    const now = clock.now();
    let wake = now + MAX_WAIT_MS;
    for (const s of d.repo.active()) {
      if (!s.nextAt) continue;
      const at = Date.parse(s.nextAt);
      const announce = at - s.noticeMinutes * 60_000;
      const next = announce > now && !noticed.has(`${s.id}@${s.nextAt}`) ? announce : at;
      wake = Math.min(wake, Math.max(next, now));
    }
    timer = clock.setTimeout(() => void tick().catch((err) => log('warn', 'the scheduler tick failed', err)), wake - now);
  }

  return {
    /** Reads what the database holds: reports the starts missed while closed, then arms. */
    start: () => tick(),
    list: () => d.repo.list(),
    async create(input: ScheduleDraftInput): Promise<Schedule> {
      const draft = ScheduleDraft.parse(input);
      const now = clock.now();
      if (draft.trigger.kind === 'time' && Date.parse(draft.trigger.at) <= now) {
        throw new KoruError('BAD_INPUT', `${draft.trigger.at} has already passed: choose a time in the future.`, { reason: 'in-the-past' });
      }
      if (draft.trigger.kind === 'sun' && draft.trigger.on) {
        const at = nextOccurrence({ ...draft.trigger, repeat: false }, now, d.location());
        if (at === null) throw new KoruError('BAD_INPUT', `The ${draft.trigger.event.replace('-', ' ')} of ${draft.trigger.on} has already passed.`, { reason: 'in-the-past' });
      }
      const next = nextOccurrence(draft.trigger, now, d.location());
      if (next === null) throw new KoruError('BAD_INPUT', 'That schedule would never start.', { reason: 'in-the-past' });
      const title = await d.titleOf(draft.target);
      const s = d.repo.create({ target: draft.target, title, trigger: draft.trigger, noticeMinutes: draft.noticeMinutes, nextAt: iso(next) }, iso(now));
      updated(s, s.id);
      arm();
      return s;
    },
    delete(id: string): { ok: true } {
      d.repo.delete(id);
      updated(null, id);
      arm();
      return { ok: true };
    },
    dismissMissed(id: string): Schedule {
      const s = d.repo.update(id, { missedAt: null }, iso(clock.now()));
      updated(s, id);
      return s;
    },
    close(): void {
      closed = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
