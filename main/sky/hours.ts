/** Planetary hours: daylight (sunrise → sunset) and night (sunset → next sunrise) each split
 *  into twelve equal hours; the first hour of the day belongs to the weekday's ruler and the
 *  rest follow the Chaldean order (Saturn, Jupiter, Mars, Sun, Venus, Mercury, Moon). */
import { KoruError } from '../../contract/errors';
import { CHALDEAN, type Location, type Planet, type PlanetaryDay, type PlanetaryHour } from '../../contract/sky';
import { sunEvent } from './sun';
import { addDays, localDay, weekday } from './zone';

/** Sunday … Saturday. */
const DAY_RULERS: Planet[] = ['Sun', 'Moon', 'Mars', 'Mercury', 'Jupiter', 'Venus', 'Saturn'];

export function dayRuler(day: string): Planet {
  return DAY_RULERS[weekday(day)]!;
}

/** The 24 hours of local date `day`, from its sunrise to the next day's. */
export function planetaryDay(day: string, loc: Pick<Location, 'lat' | 'lon' | 'timeZone'>): PlanetaryDay {
  const rise = sunEvent('sunrise', day, loc);
  const set = sunEvent('sunset', day, loc);
  const nextRise = sunEvent('sunrise', addDays(day, 1), loc);
  if (rise === null || set === null || nextRise === null || set <= rise) {
    throw new KoruError('NOT_FOUND', `The Sun does not both rise and set at ${loc.lat}°, ${loc.lon}° on ${day} (polar day or night), so there are no planetary hours.`, { reason: 'no-occurrence' });
  }
  const ruler = dayRuler(day);
  const first = CHALDEAN.indexOf(ruler);
  const dayLen = (set - rise) / 12;
  const nightLen = (nextRise - set) / 12;
  const hours: PlanetaryHour[] = [];
  for (let i = 0; i < 24; i++) {
    const start = i < 12 ? rise + i * dayLen : set + (i - 12) * nightLen;
    const end = i < 12 ? rise + (i + 1) * dayLen : set + (i - 11) * nightLen;
    hours.push({ index: i, ruler: CHALDEAN[(first + i) % 7]!, start: new Date(start).toISOString(), end: new Date(end).toISOString(), period: i < 12 ? 'day' : 'night' });
  }
  return { date: day, dayRuler: ruler, hours };
}

/** The planetary day holding `ms` (before today's sunrise: yesterday's night) and its hour. */
export function currentHour(ms: number, loc: Pick<Location, 'lat' | 'lon' | 'timeZone'>): { day: PlanetaryDay; hour: PlanetaryHour } {
  const today = localDay(ms, loc.timeZone);
  for (const day of [today, addDays(today, -1)]) {
    const pd = planetaryDay(day, loc);
    const hour = pd.hours.find((h) => Date.parse(h.start) <= ms && ms < Date.parse(h.end));
    if (hour) return { day: pd, hour };
  }
  // After the night's end but before the next local date's sunrise cannot happen; guard anyway.
  throw new KoruError('NOT_FOUND', 'No planetary hour holds this moment at this place.', { reason: 'no-occurrence' });
}
