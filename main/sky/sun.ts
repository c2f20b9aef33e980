/** Sunrise, sunset and twilight for a local date: each search starts at that date's local
 *  midnight and looks one local day ahead, so "today" means the user's today. */
import { Body, Observer, SearchAltitude, SearchRiseSet } from 'astronomy-engine';
import type { Location, SunEvent, SunTimes } from '../../contract/sky';
import { addDays, localMidnight } from './zone';

const DAY_MS = 86_400_000;

/** Direction and altitude of each event (null altitude: rise/set with refraction). */
const EVENTS: Record<SunEvent, { dir: 1 | -1; alt: number | null }> = {
  'astronomical-dawn': { dir: 1, alt: -18 },
  'nautical-dawn': { dir: 1, alt: -12 },
  'civil-dawn': { dir: 1, alt: -6 },
  sunrise: { dir: 1, alt: null },
  sunset: { dir: -1, alt: null },
  'civil-dusk': { dir: -1, alt: -6 },
  'nautical-dusk': { dir: -1, alt: -12 },
  'astronomical-dusk': { dir: -1, alt: -18 },
};

/** The instant of `event` on local date `day`, or null where it does not happen that day. */
export function sunEvent(event: SunEvent, day: string, loc: Pick<Location, 'lat' | 'lon' | 'timeZone'>): number | null {
  const start = localMidnight(day, loc.timeZone);
  const end = localMidnight(addDays(day, 1), loc.timeZone);
  const observer = new Observer(loc.lat, loc.lon, 0);
  const { dir, alt } = EVENTS[event];
  const limit = (end - start) / DAY_MS;
  const found = alt === null ? SearchRiseSet(Body.Sun, observer, dir, new Date(start), limit) : SearchAltitude(Body.Sun, observer, dir, new Date(start), limit, alt);
  const ms = found?.date.getTime() ?? null;
  return ms !== null && ms < end ? ms : null;
}

export function sunTimes(day: string, loc: Pick<Location, 'lat' | 'lon' | 'timeZone'>): SunTimes {
  const out: Record<string, string | null> = {};
  for (const event of Object.keys(EVENTS) as SunEvent[]) {
    const ms = sunEvent(event, day, loc);
    out[event] = ms === null ? null : new Date(ms).toISOString();
  }
  return { date: day, ...(out as Record<SunEvent, string | null>) };
}
