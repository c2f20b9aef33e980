/** Sky events over a range: moon quarters, solar and lunar eclipses (greatest eclipse), and the
 *  planets' stations, where their geocentric motion along the ecliptic turns round. */
import { NextGlobalSolarEclipse, NextLunarEclipse, NextMoonQuarter, SearchGlobalSolarEclipse, SearchLunarEclipse, SearchMoonQuarter } from 'astronomy-engine';
import { MOON_QUARTERS, type Body, type SkyEvent } from '../../contract/sky';
import { deltaDeg, geoLongitude } from './positions';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Planets that station (Sun and Moon never move backwards). */
export const STATION_BODIES = ['Mercury', 'Venus', 'Mars', 'Jupiter', 'Saturn', 'Uranus', 'Neptune', 'Pluto'] as const satisfies readonly Body[];

const QUARTER_LABEL = { 'new-moon': 'New moon', 'first-quarter': 'First quarter', 'full-moon': 'Full moon', 'last-quarter': 'Last quarter' } as const;
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const iso = (ms: number) => new Date(ms).toISOString();

export function moonQuarters(from: number, to: number): SkyEvent[] {
  const out: SkyEvent[] = [];
  for (let q = SearchMoonQuarter(new Date(from)); q.time.date.getTime() <= to; q = NextMoonQuarter(q)) {
    const kind = MOON_QUARTERS[q.quarter]!;
    out.push({ kind, at: iso(q.time.date.getTime()), body: 'Moon', label: QUARTER_LABEL[kind] });
  }
  return out;
}

export function eclipses(from: number, to: number): SkyEvent[] {
  const out: SkyEvent[] = [];
  for (let e = SearchLunarEclipse(new Date(from)); e.peak.date.getTime() <= to; e = NextLunarEclipse(e.peak)) {
    out.push({ kind: 'lunar-eclipse', at: iso(e.peak.date.getTime()), body: 'Moon', label: `${cap(e.kind)} lunar eclipse`, eclipse: e.kind });
  }
  for (let e = SearchGlobalSolarEclipse(new Date(from)); e.peak.date.getTime() <= to; e = NextGlobalSolarEclipse(e.peak)) {
    out.push({ kind: 'solar-eclipse', at: iso(e.peak.date.getTime()), body: 'Sun', label: `${cap(e.kind)} solar eclipse`, eclipse: e.kind });
  }
  return out;
}

/** Degrees per day, from longitudes an hour either side. */
function speed(body: Body, ms: number): number {
  return deltaDeg(geoLongitude(body, new Date(ms - 3_600_000)), geoLongitude(body, new Date(ms + 3_600_000))) * 12;
}

/** Days between samples: well under each planet's shortest retrograde spell (Mercury's ~3
 *  weeks, Venus's ~6, Mars's ~9, the outer planets' 4–5 months), so no spell falls between. */
const STEP_DAYS: Partial<Record<Body, number>> = { Mercury: 2, Venus: 3, Mars: 4 };
const OUTER_STEP_DAYS = 8;

/** Stations in [from, to]: longitudes every few days, a sign change of the motion between
 *  samples brackets a station, bisection on the speed finds it to the minute. */
export function stations(from: number, to: number, bodies: readonly Body[] = STATION_BODIES): SkyEvent[] {
  const out: SkyEvent[] = [];
  for (const body of bodies) {
    const step = (STEP_DAYS[body] ?? OUTER_STEP_DAYS) * DAY_MS;
    const start = from - step;
    const samples = Math.ceil((to - start) / step) + 2;
    let prevLon = geoLongitude(body, new Date(start));
    let prevMotion = 0;
    for (let i = 1; i <= samples; i++) {
      const t = start + i * step;
      const lon = geoLongitude(body, new Date(t));
      const motion = deltaDeg(prevLon, lon);
      if (i > 1 && Math.sign(motion) !== Math.sign(prevMotion) && motion !== 0) {
        let lo = t - 2 * step;
        let hi = t;
        const loSign = Math.sign(speed(body, lo)) || Math.sign(prevMotion);
        while (hi - lo > MINUTE_MS / 2) {
          const mid = (lo + hi) / 2;
          if (Math.sign(speed(body, mid)) === loSign) lo = mid;
          else hi = mid;
        }
        const at = Math.round((lo + hi) / 2 / MINUTE_MS) * MINUTE_MS;
        const retro = prevMotion > 0;
        if (at >= from && at <= to && !out.some((e) => e.body === body && Math.abs(Date.parse(e.at) - at) < DAY_MS)) {
          out.push({ kind: retro ? 'station-retrograde' : 'station-direct', at: iso(at), body, label: `${body} stations ${retro ? 'retrograde' : 'direct'}` });
        }
      }
      prevLon = lon;
      prevMotion = motion;
    }
  }
  return out;
}

export function skyEvents(from: number, to: number): SkyEvent[] {
  return [...moonQuarters(from, to), ...eclipses(from, to), ...stations(from, to)].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
