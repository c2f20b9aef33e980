/** When a schedule's trigger next comes, after a given moment. Pure: the scheduler calls it to
 *  place a new schedule and to advance a repeating one. */
import { NextMoonQuarter, SearchMoonQuarter } from 'astronomy-engine';
import { KoruError } from '../../contract/errors';
import { MOON_QUARTERS, type Location, type Trigger } from '../../contract/sky';
import { planetaryDay } from './hours';
import { sunEvent } from './sun';
import { addDays, localDay } from './zone';

/** How far ahead a daily event (a sunrise, an hour of Venus) is looked for before giving up:
 *  past the polar night. */
const SEARCH_DAYS = 200;

export function needLocation(location: Location | null, what: string): Location {
  if (!location) throw new KoruError('BAD_INPUT', `Set your location in Settings → Sky first: ${what} depends on where you are.`, { reason: 'no-location' });
  return location;
}

const noOccurrence = (what: string) =>
  new KoruError('NOT_FOUND', `${what} does not happen at your location in the next ${SEARCH_DAYS} days (polar day or night).`, { reason: 'no-occurrence' });

/** The first start strictly after `after` (ms), or null when a one-off trigger has no more. */
export function nextOccurrence(trigger: Trigger, after: number, location: Location | null): number | null {
  switch (trigger.kind) {
    case 'time': {
      const at = Date.parse(trigger.at);
      return at > after ? at : null;
    }
    case 'moon': {
      const want = MOON_QUARTERS.indexOf(trigger.quarter);
      let q = SearchMoonQuarter(new Date(after + 1000));
      while (q.quarter !== want) q = NextMoonQuarter(q);
      return q.time.date.getTime();
    }
    case 'sun': {
      const loc = needLocation(location, 'sunrise and twilight');
      if (trigger.on) {
        const at = sunEvent(trigger.event, trigger.on, loc);
        if (at === null) throw new KoruError('NOT_FOUND', `There is no ${trigger.event.replace('-', ' ')} at your location on ${trigger.on}.`, { reason: 'no-occurrence' });
        // A repeating one carries on from the next day after `on` has passed.
        if (at > after) return at;
        if (!trigger.repeat) return null;
      }
      const first = localDay(after, loc.timeZone);
      for (let i = 0; i < SEARCH_DAYS; i++) {
        const at = sunEvent(trigger.event, addDays(first, i), loc);
        if (at !== null && at > after) return at;
      }
      throw noOccurrence(`The ${trigger.event.replace('-', ' ')}`);
    }
    case 'hour': {
      const loc = needLocation(location, 'a planetary hour');
      // Yesterday's night may still be running at `after`.
      const first = addDays(localDay(after, loc.timeZone), -1);
      for (let i = 0; i < SEARCH_DAYS; i++) {
        let day;
        try {
          day = planetaryDay(addDays(first, i), loc);
        } catch {
          continue; // no sunrise or sunset that day
        }
        const hour = day.hours.find((h) => h.ruler === trigger.planet && Date.parse(h.start) > after);
        if (hour) return Date.parse(hour.start);
      }
      throw noOccurrence(`An hour of ${trigger.planet}`);
    }
  }
}

/** In words, for lists and notices: "every full moon", "at sunrise on 2026-03-04". */
export function describeTrigger(t: Trigger): string {
  const every = 'repeat' in t && t.repeat;
  switch (t.kind) {
    case 'time':
      return `at ${t.at}`;
    case 'moon':
      return `${every ? 'every' : 'at the next'} ${t.quarter.replace('-', ' ')}`;
    case 'sun':
      return `${every ? 'every day at' : 'at'} ${t.event.replace('-', ' ')}${t.on ? `${every ? ' from' : ' on'} ${t.on}` : every ? '' : ' (the next one)'}`;
    case 'hour':
      return `${every ? 'every' : 'in the next'} hour of ${t.planet}`;
  }
}
