/** Calendar days as Koru counts them (this machine's local time, YYYY-MM-DD) and streaks. */

const pad = (n: number) => String(n).padStart(2, '0');

export function localDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `day` moved by `n` days (calendar arithmetic at noon UTC, so no clock change moves it). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Days in a row with practice. The current run ends today, or yesterday: a day that is not
 *  over yet breaks nothing. `days` is sorted, oldest first. */
export function streaks(days: readonly string[], today: string): { current: number; best: number } {
  let best = 0;
  let run = 0;
  let prev: string | null = null;
  for (const d of days) {
    run = prev !== null && addDays(prev, 1) === d ? run + 1 : 1;
    best = Math.max(best, run);
    prev = d;
  }
  const set = new Set(days);
  let at = set.has(today) ? today : addDays(today, -1);
  let current = 0;
  while (set.has(at)) {
    current++;
    at = addDays(at, -1);
  }
  return { current, best };
}
