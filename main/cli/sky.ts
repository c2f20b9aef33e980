/** `koru sky now|events|hours`: the sky facts the app shows, printed or as JSON. All times UTC
 *  in the events list; hours and sun times also in the place's local time. */
import { KoruError } from '../../contract/errors';
import { Day, Latitude, Location, Longitude, TimeZone, type PlanetaryDay, type SkyNow } from '../../contract/sky';
import { formatIssues } from '../../contract/issues';
import { eventsBetween, hoursOn, skyNow } from '../sky';
import { systemTimeZone } from '../sky';

export interface SkyPlaceOptions {
  lat?: string;
  lon?: string;
  tz?: string;
  json?: boolean;
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new KoruError('BAD_INPUT', `${what}: ${formatIssues(r.error).message}`);
  return r.data;
}

function number(text: string, what: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new KoruError('BAD_INPUT', `${what} must be a number (got ${text})`);
  return v;
}

function place(o: SkyPlaceOptions, required: boolean): Location | null {
  if (o.lat === undefined && o.lon === undefined) {
    if (required) throw new KoruError('BAD_INPUT', 'give the place: --lat L --lon L');
    return null;
  }
  if (o.lat === undefined || o.lon === undefined) throw new KoruError('BAD_INPUT', 'give both --lat and --lon');
  return Location.parse({
    name: null,
    lat: parse(Latitude, number(o.lat, '--lat'), '--lat'),
    lon: parse(Longitude, number(o.lon, '--lon'), '--lon'),
    timeZone: parse(TimeZone, o.tz ?? systemTimeZone(), '--tz'),
  });
}

const day = (text: string | undefined, flag: string) => {
  if (text === undefined) throw new KoruError('BAD_INPUT', `${flag} YYYY-MM-DD is required`);
  return parse(Day, text, flag);
};

const out = (line = '') => process.stdout.write(`${line}\n`);
const local = (iso: string | null, tz: string) =>
  iso === null ? '—' : new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

function printHours(pd: PlanetaryDay, tz: string, current?: number): void {
  out(`Planetary hours of ${pd.date} (day ruler ${pd.dayRuler}), local time ${tz}:`);
  for (const h of pd.hours) {
    const mark = current === h.index ? ' ←' : '';
    out(`  ${String(h.index + 1).padStart(2)} ${h.period.padEnd(5)} ${local(h.start, tz)}–${local(h.end, tz)}  ${h.ruler}${mark}`);
  }
}

export function skyNowCommand(o: SkyPlaceOptions): void {
  const loc = place(o, false);
  const now: SkyNow = skyNow(Date.now(), loc);
  if (o.json) return void out(JSON.stringify(now, null, 2));
  out(`${now.at}  Moon ${now.moon.phase.replace('-', ' ')}, ${(now.moon.illumination * 100).toFixed(0)}% lit (phase angle ${now.moon.phaseAngle.toFixed(1)}°)`);
  out('Signs (tropical zodiac, geocentric):');
  for (const b of now.bodies) out(`  ${b.body.padEnd(8)} ${b.degree.toFixed(1).padStart(4)}° ${b.sign}${b.retrograde ? ' (retrograde)' : ''}`);
  out('Next quarters (UTC):');
  for (const q of now.nextQuarters) out(`  ${q.at.slice(0, 16).replace('T', ' ')}  ${q.label}`);
  if (!loc) return void out('Give --lat and --lon for sunrise, twilight and the current planetary hour.');
  const s = now.sun!;
  out(`Sun at ${loc.lat}, ${loc.lon} (${loc.timeZone}): rise ${local(s.sunrise, loc.timeZone)}, set ${local(s.sunset, loc.timeZone)}, civil dawn ${local(s['civil-dawn'], loc.timeZone)}, civil dusk ${local(s['civil-dusk'], loc.timeZone)}`);
  if (now.hour && now.hours) out(`Current planetary hour: ${now.hour.ruler} (${now.hour.period} hour ${(now.hour.index % 12) + 1}, ${local(now.hour.start, loc.timeZone)}–${local(now.hour.end, loc.timeZone)}; day of ${now.hours.dayRuler})`);
  else out('No planetary hours here today (the Sun does not rise and set).');
}

export function skyEventsCommand(o: { from?: string; to?: string; json?: boolean }): void {
  const events = eventsBetween(day(o.from, '--from'), day(o.to, '--to'));
  if (o.json) return void out(JSON.stringify(events, null, 2));
  for (const e of events) out(`${e.at.slice(0, 16).replace('T', ' ')} UTC  ${e.label}`);
  if (events.length === 0) out('no moon quarters, eclipses or stations in that range');
}

export function skyHoursCommand(o: SkyPlaceOptions & { date?: string }): void {
  const loc = place(o, true)!;
  const pd = hoursOn(day(o.date, '--date'), loc);
  if (o.json) return void out(JSON.stringify(pd, null, 2));
  printHours(pd, loc.timeZone);
}
