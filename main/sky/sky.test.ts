import { Body as AEBody, EclipticLongitude } from 'astronomy-engine';
import { describe, expect, it } from 'vitest';
import { KoruError } from '../../contract/errors';
import { Day, Location, skyChannels } from '../../contract/sky';
import { searchCities } from './cities';
import { stations } from './events';
import { currentHour, dayRuler } from './hours';
import { geoLongitude, isRetrograde, moonState, positions, signOf } from './positions';
import { eventsBetween, hoursOn, skyNow } from './service';
import { sunTimes } from './sun';
import { addDays, localDay, localMidnight, weekday } from './zone';

const at = (iso: string) => Date.parse(iso);

describe('geocentric ecliptic longitudes (tropical signs)', () => {
  it('puts the Sun at 0° Aries at the March equinox 2026 (20 March, 14:46 UTC)', () => {
    const lon = geoLongitude('Sun', new Date('2026-03-20T14:46:00Z'));
    expect(Math.min(lon, 360 - lon)).toBeLessThan(0.01);
    expect(signOf(geoLongitude('Sun', new Date('2026-03-21T00:00:00Z'))).sign).toBe('Aries');
  });

  it('is the view from Earth, not the heliocentric longitude', () => {
    // Near inferior conjunction Venus's heliocentric and geocentric longitudes differ by ~180°.
    const t = new Date('2026-10-24T00:00:00Z');
    const helio = EclipticLongitude(AEBody.Venus, t);
    const geo = geoLongitude('Venus', t);
    const sun = geoLongitude('Sun', t);
    expect(Math.abs(((geo - sun + 540) % 360) - 180)).toBeLessThan(10); // beside the Sun, as seen from Earth
    expect(Math.abs(((helio - geo + 540) % 360) - 180)).toBeGreaterThan(160);
  });

  it('marks a planet retrograde between its stations, never the Sun or Moon', () => {
    // Mercury's stations found here: retrograde 26 Feb, direct 20 Mar 2026.
    const found = stations(at('2026-02-01T00:00:00Z'), at('2026-03-31T00:00:00Z'), ['Mercury']);
    expect(found.map((e) => e.kind)).toEqual(['station-retrograde', 'station-direct']);
    const [r, d] = found.map((e) => Date.parse(e.at)) as [number, number];
    expect(isRetrograde('Mercury', r - 2 * 86_400_000)).toBe(false);
    expect(isRetrograde('Mercury', (r + d) / 2)).toBe(true);
    expect(isRetrograde('Mercury', d + 2 * 86_400_000)).toBe(false);
    const now = positions(at('2026-03-05T00:00:00Z'));
    expect(now.find((p) => p.body === 'Mercury')!.retrograde).toBe(true);
    expect(now.filter((p) => p.body === 'Sun' || p.body === 'Moon').every((p) => !p.retrograde)).toBe(true);
    for (const p of now) {
      expect(p.degree).toBeGreaterThanOrEqual(0);
      expect(p.degree).toBeLessThan(30);
    }
  });

  it('names the Moon’s phase and lights it fully at full moon, not at new', () => {
    const full = moonState(at('2026-03-03T11:38:00Z'));
    expect(full.phase).toBe('full');
    expect(full.illumination).toBeGreaterThan(0.99);
    const dark = moonState(at('2026-02-17T12:01:00Z'));
    expect(dark.phase).toBe('new');
    expect(dark.illumination).toBeLessThan(0.01);
    expect(moonState(at('2026-01-26T04:48:00Z')).phase).toBe('first-quarter');
  });
});

describe('local dates and midnights (Intl)', () => {
  it('finds local midnight on either side of UTC and across a DST change', () => {
    expect(new Date(localMidnight('2026-06-21', 'Pacific/Auckland')).toISOString()).toBe('2026-06-20T12:00:00.000Z');
    expect(new Date(localMidnight('2026-06-21', 'America/Los_Angeles')).toISOString()).toBe('2026-06-21T07:00:00.000Z');
    expect(new Date(localMidnight('2026-03-29', 'Europe/London')).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(new Date(localMidnight('2026-03-30', 'Europe/London')).toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(localDay(at('2026-06-20T13:00:00Z'), 'Pacific/Auckland')).toBe('2026-06-21');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(weekday('2026-12-02')).toBe(3);
  });

  it('gives each sun time on the local date asked for (a place far from UTC)', () => {
    const auckland = { lat: -36.85, lon: 174.76, timeZone: 'Pacific/Auckland' };
    const s = sunTimes('2026-06-21', auckland);
    for (const k of ['sunrise', 'sunset', 'civil-dawn', 'civil-dusk', 'astronomical-dawn', 'astronomical-dusk'] as const) {
      expect(localDay(Date.parse(s[k]!), auckland.timeZone), k).toBe('2026-06-21');
    }
    const order = ['astronomical-dawn', 'nautical-dawn', 'civil-dawn', 'sunrise', 'sunset', 'civil-dusk', 'nautical-dusk', 'astronomical-dusk'] as const;
    for (let i = 1; i < order.length; i++) expect(Date.parse(s[order[i]!]!)).toBeGreaterThan(Date.parse(s[order[i - 1]!]!));
  });

  it('has no astronomical night in London at midsummer, no sunrise at the pole in winter', () => {
    expect(sunTimes('2026-06-21', { lat: 51.5, lon: -0.12, timeZone: 'Europe/London' })['astronomical-dusk']).toBeNull();
    const pole = sunTimes('2026-12-21', { lat: 89, lon: 0, timeZone: 'UTC' });
    expect(pole.sunrise).toBeNull();
    expect(pole.sunset).toBeNull();
  });
});

describe('planetary hours', () => {
  it('rules each weekday by its planet', () => {
    // 2026-11-29 is a Sunday.
    expect(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05'].map(dayRuler)).toEqual([
      'Sun', 'Moon', 'Mars', 'Mercury', 'Jupiter', 'Venus', 'Saturn',
    ]);
  });

  it('puts the hours before sunrise in the previous day’s night', () => {
    const london = { lat: 51.5, lon: -0.12, timeZone: 'Europe/London' };
    const { day, hour } = currentHour(at('2026-12-02T05:00:00Z'), london); // before a 07:45 sunrise
    expect(day.date).toBe('2026-12-01');
    expect(hour.period).toBe('night');
    const later = currentHour(at('2026-12-02T12:00:00Z'), london);
    expect(later.day.date).toBe('2026-12-02');
    expect(later.hour.period).toBe('day');
  });
});

describe('the sky now', () => {
  it('says tropical, gives four quarters in order and, with a place, today’s hours with the current one', () => {
    const now = skyNow(at('2026-12-02T18:00:00Z'), { name: 'London', lat: 51.5, lon: -0.12, timeZone: 'Europe/London' });
    expect(now.zodiac).toBe('tropical');
    expect(now.nextQuarters.map((q) => q.kind)).toEqual(['new-moon', 'first-quarter', 'full-moon', 'last-quarter']);
    expect(now.bodies.map((b) => b.body)).toContain('Pluto');
    expect(now.hour).not.toBeNull();
    expect(Date.parse(now.hour!.start)).toBeLessThanOrEqual(at('2026-12-02T18:00:00Z'));
    expect(Date.parse(now.hour!.end)).toBeGreaterThan(at('2026-12-02T18:00:00Z'));
    expect(now.nextEclipses.map((e) => e.kind).sort()).toEqual(['lunar-eclipse', 'solar-eclipse']);
  });

  it('without a place still gives the moon and signs, and no sun or hours', () => {
    const now = skyNow(at('2026-12-02T18:00:00Z'), null);
    expect(now.sun).toBeNull();
    expect(now.hour).toBeNull();
    expect(now.bodies).toHaveLength(10);
  });
});

describe('bad input', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(KoruError);
      return { code: (e as KoruError).code, message: (e as KoruError).message, details: (e as KoruError).details };
    }
    throw new Error('expected a KoruError');
  };

  it('refuses a reversed or overlong range and impossible dates', () => {
    expect(code(() => eventsBetween('2026-05-01', '2026-04-01'))).toMatchObject({ code: 'BAD_INPUT', details: { reason: 'bad-range' } });
    expect(code(() => eventsBetween('2000-01-01', '2030-01-01'))).toMatchObject({ code: 'BAD_INPUT' });
    expect(Day.safeParse('2026-02-30').success).toBe(false);
    expect(Day.safeParse('26-2-3').success).toBe(false);
    expect(Day.safeParse('1500-01-01').success).toBe(false);
    expect(skyChannels['sky.events'].input.safeParse({ from: '2026-13-01', to: '2026-12-01' }).success).toBe(false);
  });

  it('refuses coordinates off the globe and unknown time zones', () => {
    expect(Location.safeParse({ name: null, lat: 91, lon: 0, timeZone: 'UTC' }).success).toBe(false);
    expect(Location.safeParse({ name: null, lat: 0, lon: -181, timeZone: 'UTC' }).success).toBe(false);
    expect(Location.safeParse({ name: null, lat: 0, lon: 0, timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(Location.safeParse({ name: null, lat: 0, lon: 0, timeZone: 'Asia/Kolkata' }).success).toBe(true);
  });

  it('needs a location for hours, and says when the Sun does not rise (no occurrence)', () => {
    expect(code(() => hoursOn('2026-06-21', null))).toMatchObject({ code: 'BAD_INPUT', details: { reason: 'no-location' } });
    const polar = code(() => hoursOn('2026-06-21', { name: null, lat: 80, lon: 15, timeZone: 'Arctic/Longyearbyen' }));
    expect(polar).toMatchObject({ code: 'NOT_FOUND', details: { reason: 'no-occurrence' } });
    expect(polar.message).toMatch(/does not both rise and set/);
  });

  it('returns an empty list for a range with no events', () => {
    // Two days between quarters with no eclipse or station.
    const e = eventsBetween('2026-01-05', '2026-01-06');
    expect(e).toEqual([]);
  });
});

describe('city search (bundled list)', () => {
  it('finds cities by name prefix, accents ignored, with a valid zone', () => {
    const [london] = searchCities('lond');
    expect(london).toMatchObject({ name: 'London', timeZone: 'Europe/London' });
    expect(searchCities('sao paulo')[0]?.name).toMatch(/Paulo/);
    expect(searchCities('zzzz')).toEqual([]);
    expect(searchCities('a', 5)).toHaveLength(5);
  });
});
