import { z } from 'zod';
import type { ChannelMap, EventMap } from './channel-map';
import { Id } from './session';

/**
 * Sky timing: the Moon's phase, where the Sun, Moon and planets stand (geocentric, tropical
 * zodiac), sunrise and twilight for the user's place, planetary hours, and schedules that start
 * a session or a ritual at a sky event or a time. Times cross the boundary as ISO 8601 UTC.
 */

/** Bodies whose sign and motion are shown. */
export const BODIES = ['Sun', 'Moon', 'Mercury', 'Venus', 'Mars', 'Jupiter', 'Saturn', 'Uranus', 'Neptune', 'Pluto'] as const;
export const Body = z.enum(BODIES);
export type Body = z.infer<typeof Body>;

/** The seven classical planets, in Chaldean order (slowest first): the order of planetary hours. */
export const CHALDEAN = ['Saturn', 'Jupiter', 'Mars', 'Sun', 'Venus', 'Mercury', 'Moon'] as const;
export const Planet = z.enum(CHALDEAN);
export type Planet = z.infer<typeof Planet>;

/** Tropical signs: 30° of ecliptic longitude each, from the March equinox. */
export const SIGNS = ['Aries', 'Taurus', 'Gemini', 'Cancer', 'Leo', 'Virgo', 'Libra', 'Scorpio', 'Sagittarius', 'Capricorn', 'Aquarius', 'Pisces'] as const;
export const Sign = z.enum(SIGNS);
export type Sign = z.infer<typeof Sign>;

export const MOON_QUARTERS = ['new-moon', 'first-quarter', 'full-moon', 'last-quarter'] as const;
export const MoonQuarter = z.enum(MOON_QUARTERS);
export type MoonQuarter = z.infer<typeof MoonQuarter>;

/** The Sun's daily events a schedule can start at (twilight: Sun 6°, 12°, 18° below the horizon). */
export const SUN_EVENTS = ['astronomical-dawn', 'nautical-dawn', 'civil-dawn', 'sunrise', 'sunset', 'civil-dusk', 'nautical-dusk', 'astronomical-dusk'] as const;
export const SunEvent = z.enum(SUN_EVENTS);
export type SunEvent = z.infer<typeof SunEvent>;

/** Years the sky functions accept (astronomy-engine is good far beyond; this bounds the work). */
export const SKY_YEARS = { min: 1800, max: 2200 } as const;
/** The longest `sky.events` range, in days (20 years). */
export const SKY_EVENTS_MAX_DAYS = 20 * 366;

function isCalendarDay(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** A calendar date, YYYY-MM-DD (a local date where a place is involved). */
export const Day = z
  .string()
  .max(10, 'a date must be written YYYY-MM-DD (10 characters)')
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date must be written YYYY-MM-DD')
  .refine(isCalendarDay, 'that date does not exist')
  .refine((s) => {
    const y = Number(s.slice(0, 4));
    return y >= SKY_YEARS.min && y <= SKY_YEARS.max;
  }, `the year must be between ${SKY_YEARS.min} and ${SKY_YEARS.max}`);
export type Day = z.infer<typeof Day>;

export const Instant = z.iso.datetime({ offset: true, message: 'a time must be an ISO 8601 date-time, e.g. 2026-03-03T11:33:00Z' }).max(40, 'a time must be an ISO 8601 date-time of at most 40 characters');

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const Latitude = z.number().min(-90, 'latitude must be between -90 and 90').max(90, 'latitude must be between -90 and 90');
export const Longitude = z.number().min(-180, 'longitude must be between -180 and 180').max(180, 'longitude must be between -180 and 180');
export const TimeZone = z.string().min(1).max(64).refine(isTimeZone, 'unknown time zone (use an IANA name such as Europe/London)');

/** Where the user is: a city from the bundled list, or coordinates they typed. */
export const Location = z
  .object({
    /** "London, United Kingdom", or null for typed coordinates. */
    name: z.string().trim().min(1).max(120).nullable(),
    lat: Latitude,
    lon: Longitude,
    timeZone: TimeZone,
  })
  .strict();
export type Location = z.infer<typeof Location>;

export const City = z.object({ name: z.string(), country: z.string(), lat: Latitude, lon: Longitude, timeZone: z.string() });
export type City = z.infer<typeof City>;

export const BodyPosition = z.object({
  body: Body,
  /** Geocentric ecliptic longitude of date, degrees [0, 360). */
  longitude: z.number().min(0).max(360),
  sign: Sign,
  /** Degrees into the sign [0, 30). */
  degree: z.number().min(0).max(30),
  /** Moving backwards along the ecliptic as seen from Earth (never for the Sun and Moon). */
  retrograde: z.boolean(),
});
export type BodyPosition = z.infer<typeof BodyPosition>;

export const MoonPhaseName = z.enum(['new', 'waxing-crescent', 'first-quarter', 'waxing-gibbous', 'full', 'waning-gibbous', 'last-quarter', 'waning-crescent']);
export type MoonPhaseName = z.infer<typeof MoonPhaseName>;

export const MoonState = z.object({
  /** Moon's ecliptic longitude minus the Sun's: 0 new, 90 first quarter, 180 full, 270 last. */
  phaseAngle: z.number().min(0).max(360),
  /** Lit fraction of the disc, 0–1. */
  illumination: z.number().min(0).max(1),
  phase: MoonPhaseName,
});
export type MoonState = z.infer<typeof MoonState>;

const When = Instant.nullable();
export const SunTimes = z.object({
  /** The local date these belong to (searches start at that date's local midnight). */
  date: Day,
  /** Null where the event does not happen that day (polar day or night). */
  ...Object.fromEntries(SUN_EVENTS.map((e) => [e, When])) as Record<SunEvent, typeof When>,
});
export type SunTimes = z.infer<typeof SunTimes>;

export const PlanetaryHour = z.object({
  /** 0–11 day hours from sunrise, 12–23 night hours from sunset. */
  index: z.number().int().min(0).max(23),
  ruler: Planet,
  start: Instant,
  end: Instant,
  period: z.enum(['day', 'night']),
});
export type PlanetaryHour = z.infer<typeof PlanetaryHour>;

export const PlanetaryDay = z.object({
  date: Day,
  /** Ruler of the weekday and of its first hour (Sunday: Sun, Monday: Moon …). */
  dayRuler: Planet,
  hours: z.array(PlanetaryHour).length(24),
});
export type PlanetaryDay = z.infer<typeof PlanetaryDay>;

export const EclipseKind = z.enum(['penumbral', 'partial', 'annular', 'total', 'hybrid']);
export const SkyEventKind = z.enum([...MOON_QUARTERS, 'solar-eclipse', 'lunar-eclipse', 'station-retrograde', 'station-direct']);
export type SkyEventKind = z.infer<typeof SkyEventKind>;

export const SkyEvent = z.object({
  kind: SkyEventKind,
  /** UTC: the quarter's instant, an eclipse's greatest eclipse, a planet's station. */
  at: Instant,
  body: Body,
  /** In words: "Full moon", "Total lunar eclipse", "Mercury stations retrograde". */
  label: z.string(),
  eclipse: EclipseKind.optional(),
});
export type SkyEvent = z.infer<typeof SkyEvent>;

export const SkyNow = z.object({
  at: Instant,
  /** Signs are tropical (measured from the March equinox), not sidereal. */
  zodiac: z.literal('tropical'),
  location: Location.nullable(),
  moon: MoonState,
  bodies: z.array(BodyPosition),
  /** The next new, first-quarter, full and last-quarter moons, in order. */
  nextQuarters: z.array(SkyEvent).length(4),
  nextEclipses: z.array(SkyEvent),
  /** Today at the location (null without one). */
  sun: SunTimes.nullable(),
  /** The planetary day the current hour belongs to, and that hour (null without a location, or
   *  where the Sun does not rise and set). */
  hours: PlanetaryDay.nullable(),
  hour: PlanetaryHour.nullable(),
});
export type SkyNow = z.infer<typeof SkyNow>;

// ── Schedules ──────────────────────────────────────────────────────────────────────────────

export const ScheduleTarget = z.object({ kind: z.enum(['session', 'ritual']), id: Id }).strict();
export type ScheduleTarget = z.infer<typeof ScheduleTarget>;

/** When a schedule starts: a plain time, a moon quarter, a solar event, or a planetary hour. */
export const Trigger = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('time'), at: Instant }).strict(),
  z.object({ kind: z.literal('moon'), quarter: MoonQuarter, repeat: z.boolean().default(false) }).strict(),
  /** `on`: the local date ("tomorrow"); absent: the next one. */
  z.object({ kind: z.literal('sun'), event: SunEvent, on: Day.optional(), repeat: z.boolean().default(false) }).strict(),
  z.object({ kind: z.literal('hour'), planet: Planet, repeat: z.boolean().default(false) }).strict(),
]);
export type Trigger = z.infer<typeof Trigger>;
export type TriggerInput = z.input<typeof Trigger>;

/** How long before its start a schedule says so, minutes. */
export const SCHEDULE_NOTICE_MINUTES = { default: 5, max: 24 * 60 } as const;

export const ScheduleDraft = z
  .object({
    target: ScheduleTarget,
    trigger: Trigger,
    noticeMinutes: z.number().int().min(0).max(SCHEDULE_NOTICE_MINUTES.max).default(SCHEDULE_NOTICE_MINUTES.default),
  })
  .strict();
export type ScheduleDraft = z.infer<typeof ScheduleDraft>;
export type ScheduleDraftInput = z.input<typeof ScheduleDraft>;

export const ScheduleStatus = z.enum(['active', 'done', 'missed']);
export type ScheduleStatus = z.infer<typeof ScheduleStatus>;

export const Schedule = z.object({
  id: Id,
  target: ScheduleTarget,
  /** The session's or ritual's name when it was scheduled. */
  title: z.string(),
  trigger: Trigger,
  noticeMinutes: z.number().int().min(0),
  status: ScheduleStatus,
  /** The next start (null once done or missed). */
  nextAt: Instant.nullable(),
  lastRunAt: Instant.nullable(),
  /** A start that passed while Koru was not running, until the user dismisses it. */
  missedAt: Instant.nullable(),
  createdAt: Instant,
});
export type Schedule = z.infer<typeof Schedule>;

const ById = z.object({ id: Id }).strict();
const Ok = z.object({ ok: z.literal(true) });

export const skyChannels = {
  /** The sky now at the stored location (moon and signs even without one). */
  'sky.now': { input: z.object({}).strict().default({}), output: SkyNow },
  /** Moon quarters, eclipses and retrograde stations in [from, to] (UTC days), in time order. */
  'sky.events': { input: z.object({ from: Day, to: Day }).strict(), output: z.array(SkyEvent) },
  /** The planetary hours of a local date at the stored location. */
  'sky.hours': { input: z.object({ date: Day }).strict(), output: PlanetaryDay },
  'sky.location.get': { input: z.object({}).strict().default({}), output: Location.nullable() },
  'sky.location.set': { input: z.object({ location: Location.nullable() }).strict(), output: Location.nullable() },
  /** Search the bundled city list (resources/sky/cities.json) by name or country. */
  'sky.cities': {
    input: z.object({ query: z.string().trim().min(1).max(80), limit: z.number().int().min(1).max(50).default(12) }).strict(),
    output: z.array(City),
  },
  /** Soonest first. */
  'schedules.list': { input: z.object({}).strict().default({}), output: z.array(Schedule) },
  /** Works out the first start; a time in the past or an event that never comes is refused. */
  'schedules.create': { input: ScheduleDraft, output: Schedule },
  'schedules.delete': { input: ById, output: Ok },
  /** The user has seen that a start was missed. */
  'schedules.dismissMissed': { input: ById, output: Schedule },
} as const satisfies ChannelMap;

export const ScheduleNoticeKind = z.enum(['upcoming', 'started', 'missed', 'failed']);
export const scheduleEvents = {
  /** For a toast: a start is near, happened, was missed (Koru was not running) or failed. */
  'schedule.notice': {
    payload: z.object({ id: Id, kind: ScheduleNoticeKind, title: z.string(), at: Instant, message: z.string() }),
  },
  /** A schedule was created, advanced or deleted (`schedule: null`); lists refresh from this. */
  'schedule.updated': { payload: z.object({ id: Id, schedule: Schedule.nullable() }) },
} as const satisfies EventMap;
