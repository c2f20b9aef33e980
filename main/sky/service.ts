/** What the sky looks like: the facts behind `sky.*` and `koru sky`, for a moment and a place. */
import { KoruError } from '../../contract/errors';
import { SKY_EVENTS_MAX_DAYS, type Location, type PlanetaryDay, type SkyEvent, type SkyNow } from '../../contract/sky';
import { eclipses, moonQuarters, skyEvents } from './events';
import { currentHour, planetaryDay } from './hours';
import { moonState, positions } from './positions';
import { sunTimes } from './sun';
import { needLocation } from './triggers';
import { localDay } from './zone';

const DAY_MS = 86_400_000;

export function skyNow(ms: number, location: Location | null): SkyNow {
  let hours: PlanetaryDay | null = null;
  let hour = null;
  if (location) {
    try {
      ({ day: hours, hour } = currentHour(ms, location));
    } catch (err) {
      if (!(err instanceof KoruError)) throw err; // polar day or night: no hours, the rest stands
    }
  }
  const quarters = moonQuarters(ms, ms + 31 * DAY_MS).slice(0, 4);
  const next = (kind: SkyEvent['kind'], e: SkyEvent[]) => e.find((x) => x.kind === kind);
  const ahead = eclipses(ms, ms + 400 * DAY_MS);
  return {
    at: new Date(ms).toISOString(),
    zodiac: 'tropical',
    location,
    moon: moonState(ms),
    bodies: positions(ms),
    nextQuarters: quarters,
    nextEclipses: [next('solar-eclipse', ahead), next('lunar-eclipse', ahead)].filter((e): e is SkyEvent => e !== undefined),
    sun: location ? sunTimes(localDay(ms, location.timeZone), location) : null,
    hours,
    hour,
  };
}

/** Events in the UTC days [from, to], both included. */
export function eventsBetween(from: string, to: string): SkyEvent[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T23:59:59.999Z`);
  if (end < start) throw new KoruError('BAD_INPUT', `The range ends (${to}) before it starts (${from}).`, { reason: 'bad-range' });
  if (end - start > SKY_EVENTS_MAX_DAYS * DAY_MS) throw new KoruError('BAD_INPUT', `A range may span at most ${SKY_EVENTS_MAX_DAYS} days (20 years).`, { reason: 'bad-range' });
  return skyEvents(start, end);
}

export function hoursOn(date: string, location: Location | null): PlanetaryDay {
  return planetaryDay(date, needLocation(location, 'planetary hours'));
}
