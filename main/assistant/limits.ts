/** How many conversations a profile may start: SESSION_LIMITS, counted from the stored sessions
 *  (so a restart resets nothing). A refusal says when the next is allowed. */
import { SESSION_LIMITS, type SessionUsage } from '../../contract/assistant';
import { KoruError } from '../../contract/errors';
import { addDays, localDay, localMidnight, spokenTime } from '../goals';
import type { SessionRow } from '../storage';

const WINDOW_MS = SESSION_LIMITS.windowMinutes * 60_000;

export function usage(earlier: SessionRow[], nowMs: number, timeZone: string): SessionUsage {
  const today = localDay(nowMs, timeZone);
  const dayStart = localMidnight(today, timeZone);
  const inWindow = earlier.filter((s) => Date.parse(s.created_at) > nowMs - WINDOW_MS);
  const todays = earlier.filter((s) => Date.parse(s.created_at) >= dayStart);
  const open = earlier.filter((s) => s.status === 'open');
  let next: number | null = null;
  if (todays.length >= SESSION_LIMITS.perDay) next = localMidnight(addDays(today, 1), timeZone);
  else if (inWindow.length >= SESSION_LIMITS.perWindow) next = Date.parse(inWindow[inWindow.length - SESSION_LIMITS.perWindow]!.created_at) + WINDOW_MS;
  return {
    remainingToday: Math.max(0, SESSION_LIMITS.perDay - todays.length),
    remainingInWindow: Math.max(0, SESSION_LIMITS.perWindow - inWindow.length),
    nextAllowedAt: next === null ? null : new Date(next).toISOString(),
    openSessionId: open[0]?.id ?? null,
  };
}

/** Throws the typed refusal when a new conversation may not start now. */
export function checkStart(earlier: SessionRow[], nowMs: number, timeZone: string): void {
  const u = usage(earlier, nowMs, timeZone);
  if (u.openSessionId !== null && earlier.filter((s) => s.status === 'open').length >= SESSION_LIMITS.concurrent) {
    throw new KoruError('CONFLICT', 'A conversation is already open: carry on with it, or end it first.', { sessionId: u.openSessionId, limit: 'concurrent' });
  }
  if (u.nextAllowedAt !== null) {
    const at = spokenTime(Date.parse(u.nextAllowedAt), timeZone);
    const why = u.remainingToday === 0 ? `You have started ${SESSION_LIMITS.perDay} conversations today` : `You have started ${SESSION_LIMITS.perWindow} conversations in the last ${SESSION_LIMITS.windowMinutes} minutes`;
    throw new KoruError('RATE_LIMITED', `${why}; the next can start at ${at}.`, { nextAllowedAt: u.nextAllowedAt, limit: u.remainingToday === 0 ? 'day' : 'window' });
  }
}
