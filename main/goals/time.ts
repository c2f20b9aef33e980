/** Times in the profile's zone: due times go out as ISO 8601 with that zone's offset. */
import { addDays, localDay, localMidnight, offsetMs } from '../sky';

export { addDays, localDay, localMidnight };

const pad = (n: number, w = 2) => String(Math.abs(Math.trunc(n))).padStart(w, '0');

/** 2026-03-03T07:00:00+01:00: the wall clock in `timeZone` with its offset at that instant. */
export function isoInZone(ms: number, timeZone: string): string {
  const off = offsetMs(ms, timeZone);
  const wall = new Date(Math.floor(ms / 1000) * 1000 + off);
  const sign = off < 0 ? '-' : '+';
  const mins = Math.abs(off) / 60_000;
  return `${wall.toISOString().slice(0, 19)}${sign}${pad(mins / 60)}:${pad(mins % 60)}`;
}

/** "Tue 3 Mar, 07:00" as a reply says it. */
export function spokenTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** The offset of `timeZone` at `ms`, in minutes (what chrono-node takes as a reference zone). */
export function offsetMinutes(ms: number, timeZone: string): number {
  return Math.round(offsetMs(ms, timeZone) / 60_000);
}

/** The instant a wall clock reads y-m-d h:min in `timeZone` (the later one across a gap). */
export function wallTime(y: number, m: number, d: number, h: number, min: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d, h, min);
  let t = guess - offsetMs(guess, timeZone);
  t = guess - offsetMs(t, timeZone);
  return t;
}
