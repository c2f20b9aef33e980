import type { MoonPhaseName, Schedule, Trigger } from '../../../contract/sky';

export const PHASE_NAMES: Record<MoonPhaseName, string> = {
  new: 'New moon',
  'waxing-crescent': 'Waxing crescent',
  'first-quarter': 'First quarter',
  'waxing-gibbous': 'Waxing gibbous',
  full: 'Full moon',
  'waning-gibbous': 'Waning gibbous',
  'last-quarter': 'Last quarter',
  'waning-crescent': 'Waning crescent',
};

const words = (s: string) => s.replace(/-/g, ' ');

/** "Wed 3 Mar, 11:38" in the place's zone (or this browser's). */
export function formatWhen(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function formatTime(iso: string | null, timeZone?: string): string {
  if (iso === null) return '—';
  return new Intl.DateTimeFormat(undefined, { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function describeTrigger(t: Trigger): string {
  const every = 'repeat' in t && t.repeat;
  switch (t.kind) {
    case 'time':
      return `At ${formatWhen(t.at)}`;
    case 'moon':
      return `${every ? 'Every' : 'At the next'} ${words(t.quarter)}`;
    case 'sun':
      return `${every ? 'Every day at' : 'At'} ${words(t.event)}${t.on ? ` ${every ? 'from' : 'on'} ${t.on}` : ''}`;
    case 'hour':
      return `${every ? 'Every' : 'In the next'} hour of ${t.planet}`;
  }
}

export function statusText(s: Schedule): string {
  if (s.status === 'active' && s.nextAt) return `Next: ${formatWhen(s.nextAt)}`;
  if (s.status === 'done') return s.lastRunAt ? `Started ${formatWhen(s.lastRunAt)}` : 'Done';
  return 'Missed';
}
