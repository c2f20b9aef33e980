// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { toast } from 'sonner';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHALDEAN, type Location, type Schedule, type SkyNow } from '../../../contract/sky';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { MoonPicture } from './MoonPicture';
import { ScheduleButton } from './ScheduleButton';
import { SkyPanel } from './SkyPanel';
import { useScheduleEvents } from './useScheduleEvents';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn(), info: vi.fn(), warning: vi.fn() } }));

beforeAll(installDomShims);
const text = (el: Element | null | undefined) => el?.textContent ?? '';
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

const LONDON: Location = { name: 'London, United Kingdom', lat: 51.5, lon: -0.12, timeZone: 'Europe/London' };
const hour = (i: number) => ({
  index: i,
  ruler: CHALDEAN[(5 + i) % 7]!,
  start: new Date(Date.UTC(2026, 11, 2, 7, 45) + i * 3_600_000).toISOString(),
  end: new Date(Date.UTC(2026, 11, 2, 8, 45) + i * 3_600_000).toISOString(),
  period: i < 12 ? ('day' as const) : ('night' as const),
});
const quarter = (kind: 'new-moon' | 'first-quarter' | 'full-moon' | 'last-quarter', at: string, label: string) => ({ kind, at, body: 'Moon' as const, label });

function sky(location: Location | null): SkyNow {
  const hours = { date: '2026-12-02', dayRuler: 'Mercury' as const, hours: Array.from({ length: 24 }, (_, i) => hour(i)) };
  return {
    at: '2026-12-02T18:00:00.000Z',
    zodiac: 'tropical',
    location,
    moon: { phaseAngle: 288, illumination: 0.34, phase: 'waning-crescent' },
    bodies: [
      { body: 'Sun', longitude: 250.6, sign: 'Sagittarius', degree: 10.6, retrograde: false },
      { body: 'Saturn', longitude: 8, sign: 'Aries', degree: 8, retrograde: true },
    ],
    nextQuarters: [
      quarter('new-moon', '2026-12-09T00:52:00.000Z', 'New moon'),
      quarter('first-quarter', '2026-12-17T05:43:00.000Z', 'First quarter'),
      quarter('full-moon', '2026-12-24T01:28:00.000Z', 'Full moon'),
      quarter('last-quarter', '2026-12-30T19:00:00.000Z', 'Last quarter'),
    ],
    nextEclipses: [{ kind: 'lunar-eclipse', at: '2027-02-20T23:12:00.000Z', body: 'Moon', label: 'Penumbral lunar eclipse', eclipse: 'penumbral' }],
    sun: location ? { date: '2026-12-02', 'astronomical-dawn': null, 'nautical-dawn': null, 'civil-dawn': null, sunrise: '2026-12-02T07:45:00.000Z', sunset: '2026-12-02T15:54:00.000Z', 'civil-dusk': null, 'nautical-dusk': null, 'astronomical-dusk': null } : null,
    hours: location ? hours : null,
    hour: location ? hours.hours[14]! : null,
  };
}

const schedule = (over: Partial<Schedule> = {}): Schedule => ({
  id: 's1',
  target: { kind: 'session', id: 'calm' },
  title: 'Calm',
  trigger: { kind: 'moon', quarter: 'full-moon', repeat: true },
  noticeMinutes: 5,
  status: 'active',
  nextAt: '2026-12-24T01:28:00.000Z',
  lastRunAt: null,
  missedAt: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  ...over,
});

function setup(location: Location | null = LONDON, schedules: Schedule[] = [schedule()]) {
  let loc = location;
  let rows = schedules;
  const fake = fakeClient({
    'sky.now': () => sky(loc),
    'sky.location.get': () => loc,
    'sky.location.set': ({ location: l }) => (loc = l as Location | null),
    'sky.cities': ({ query }) => (query.toLowerCase().startsWith('lis') ? [{ name: 'Lisbon', country: 'Portugal', lat: 38.72, lon: -9.14, timeZone: 'Europe/Lisbon' }] : []),
    'schedules.list': () => rows,
    'schedules.delete': ({ id }) => {
      rows = rows.filter((r) => r.id !== id);
      return { ok: true as const };
    },
    'schedules.dismissMissed': ({ id }) => {
      rows = rows.map((r) => (r.id === id ? { ...r, missedAt: null } : r));
      return rows.find((r) => r.id === id)!;
    },
  });
  renderWithClient(<SkyPanel />, fake.client);
  return fake;
}

describe('SkyPanel', () => {
  it('draws the Moon, the next events, today’s hours with the current one marked, and the tropical signs', async () => {
    setup();
    expect(text(await screen.findByTestId('moon-phase'))).toMatch('Waning crescent, 34% lit');
    expect(screen.getByRole('img', { name: 'Waning crescent, 34% lit' })).toBeTruthy();
    expect(within(screen.getByTestId('sky-next-events')).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      expect.stringContaining('New moon'),
      expect.stringContaining('First quarter'),
      expect.stringContaining('Full moon'),
      expect.stringContaining('Last quarter'),
      expect.stringContaining('Penumbral lunar eclipse'),
    ]);
    expect(within(screen.getByTestId('sky-hours')).getAllByRole('listitem')).toHaveLength(24);
    const current = screen.getByTestId('current-hour');
    expect(current.getAttribute('aria-current')).toBe('time');
    expect(text(current)).toMatch(CHALDEAN[(5 + 14) % 7]!);
    expect(text(screen.getByTestId('zodiac-note'))).toMatch(/Tropical zodiac/);
    const saturn = within(screen.getByTestId('sky-signs')).getByRole('row', { name: /Saturn/ });
    expect(text(saturn)).toMatch(/Aries.*8\.0°.*retrograde/);
    expect(text(screen.getByTestId('schedules-note'))).toMatch(/Koru must be running/);
  });

  it('without a location asks for one instead of hours', async () => {
    setup(null);
    expect(await screen.findByText(/Set a location below to see the planetary hours/)).toBeTruthy();
    expect(screen.queryByTestId('sky-hours')).toBeNull();
    expect(text(screen.getByTestId('sky-location-current'))).toMatch(/Not set/);
  });

  it('sets the location from a city search, and refuses coordinates off the globe with a clear message', async () => {
    const fake = setup(null);
    fireEvent.change(await screen.findByTestId('sky-city-search'), { target: { value: 'Lis' } });
    fireEvent.click(await screen.findByRole('button', { name: /Lisbon, Portugal/ }));
    await waitFor(() => expect(fake.callsTo('sky.location.set')).toEqual([{ location: { name: 'Lisbon, Portugal', lat: 38.72, lon: -9.14, timeZone: 'Europe/Lisbon' } }]));
    await waitFor(() => expect(text(screen.getByTestId('sky-location-current'))).toMatch('Lisbon, Portugal · Europe/Lisbon'));

    fireEvent.change(screen.getByTestId('sky-lat'), { target: { value: '95' } });
    fireEvent.change(screen.getByTestId('sky-lon'), { target: { value: '10' } });
    fireEvent.click(screen.getByTestId('sky-save-coords'));
    expect(text(screen.getByTestId('sky-coords-error'))).toMatch('Latitude: latitude must be between -90 and 90');
    fireEvent.change(screen.getByTestId('sky-lat'), { target: { value: 'north' } });
    fireEvent.click(screen.getByTestId('sky-save-coords'));
    expect(text(screen.getByTestId('sky-coords-error'))).toMatch('Latitude: enter a number');
    expect(fake.callsTo('sky.location.set')).toHaveLength(1);
  });

  it('lists schedules, marks a missed start until dismissed, and deletes', async () => {
    const fake = setup(LONDON, [schedule(), schedule({ id: 's2', title: 'Dawn', status: 'missed', nextAt: null, missedAt: '2026-12-01T07:40:00.000Z', trigger: { kind: 'sun', event: 'sunrise', repeat: false } })]);
    const rows = await screen.findAllByTestId('schedule-row');
    expect(rows).toHaveLength(2);
    expect(text(rows[0])).toMatch(/Every full moon · Next:/);
    expect(text(rows[1])).toMatch(/Missed .*Koru was not running/);
    fireEvent.click(within(rows[1]!).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(fake.callsTo('schedules.dismissMissed')).toEqual([{ id: 's2' }]));
    fireEvent.click(screen.getByRole('button', { name: 'Delete the schedule for Calm' }));
    await waitFor(() => expect(fake.callsTo('schedules.delete')).toEqual([{ id: 's1' }]));
  });
});

describe('ScheduleButton', () => {
  function open(create: (input: unknown) => Schedule) {
    const fake = fakeClient({ 'sky.location.get': () => LONDON, 'schedules.create': create as never });
    renderWithClient(<ScheduleButton target={{ kind: 'session', id: 'calm' }} title="Calm" />, fake.client);
    fireEvent.click(screen.getByTestId('schedule-open'));
    return fake;
  }

  it('schedules every full moon with a notice, and says Koru must be running', async () => {
    const fake = open(() => schedule());
    const dialog = await screen.findByTestId('schedule-dialog');
    expect(text(dialog)).toMatch(/Koru must be running/);
    fireEvent.change(screen.getByTestId('schedule-quarter'), { target: { value: 'full-moon' } });
    fireEvent.click(screen.getByTestId('schedule-repeat'));
    fireEvent.change(screen.getByTestId('schedule-notice'), { target: { value: '10' } });
    fireEvent.click(screen.getByTestId('schedule-create'));
    await waitFor(() =>
      expect(fake.callsTo('schedules.create')).toEqual([{ target: { kind: 'session', id: 'calm' }, trigger: { kind: 'moon', quarter: 'full-moon', repeat: true }, noticeMinutes: 10 }]),
    );
    await waitFor(() => expect(screen.queryByTestId('schedule-dialog')).toBeNull());
    expect(toast.success).toHaveBeenCalledWith('Scheduled “Calm”', expect.anything());
  });

  it('sends sunrise tomorrow as the place’s local date, an hour of Venus as is', async () => {
    const fake = open(() => schedule());
    fireEvent.change(await screen.findByTestId('schedule-kind'), { target: { value: 'sun' } });
    fireEvent.change(screen.getByTestId('schedule-day'), { target: { value: 'tomorrow' } });
    fireEvent.click(screen.getByTestId('schedule-create'));
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + 86_400_000));
    await waitFor(() => expect(fake.callsTo('schedules.create')[0]).toMatchObject({ trigger: { kind: 'sun', event: 'sunrise', on: tomorrow, repeat: false } }));
    cleanup();

    const again = open(() => schedule());
    fireEvent.change(await screen.findByTestId('schedule-kind'), { target: { value: 'hour' } });
    fireEvent.change(screen.getByTestId('schedule-planet'), { target: { value: 'Venus' } });
    fireEvent.click(screen.getByTestId('schedule-create'));
    await waitFor(() => expect(again.callsTo('schedules.create')[0]).toMatchObject({ trigger: { kind: 'hour', planet: 'Venus', repeat: false } }));
  });

  it('shows main’s refusal (a time in the past) in the dialog and keeps it open', async () => {
    open(() => {
      throw Object.assign(new Error('2020-01-01T00:00:00.000Z has already passed: choose a time in the future.'), { code: 'BAD_INPUT' });
    });
    fireEvent.change(await screen.findByTestId('schedule-kind'), { target: { value: 'time' } });
    fireEvent.click(screen.getByTestId('schedule-create'));
    expect(text(screen.getByTestId('schedule-error'))).toMatch('Choose a date and time.');
    fireEvent.change(screen.getByTestId('schedule-at'), { target: { value: '2020-01-01T00:00' } });
    fireEvent.click(screen.getByTestId('schedule-create'));
    expect(await screen.findByText(/has already passed/)).toBeTruthy();
    expect(screen.getByTestId('schedule-dialog')).toBeTruthy();
    expect(toast.error).not.toHaveBeenCalled();
  });
});

describe('MoonPicture', () => {
  const lit = (angle: number) => {
    render(<MoonPicture phaseAngle={angle} label="moon" />);
    const path = screen.getByTestId('moon-lit');
    const out = { d: path.getAttribute('d')!, mirrored: path.getAttribute('transform') === 'scale(-1 1)' };
    cleanup();
    return out;
  };

  it('lights the right side while waxing, the left while waning, a thin crescent near new and the whole disc at full', () => {
    const crescent = lit(30);
    const gibbous = lit(150);
    const waning = lit(210);
    const full = lit(180);
    const rx = (d: string) => Number(/A (\S+) 45 0 0 [01] 0 -45 Z$/.exec(d)![1]);
    expect(crescent.mirrored).toBe(false);
    expect(waning.mirrored).toBe(true);
    expect(rx(crescent.d)).toBeCloseTo(45 * Math.cos(Math.PI / 6), 3);
    expect(crescent.d).toMatch(/0 0 0 0 -45 Z$/); // terminator bulging into the lit half
    expect(gibbous.d).toMatch(/0 0 1 0 -45 Z$/); // bulging into the dark half
    expect(rx(full.d)).toBeCloseTo(45, 5);
  });
});

describe('useScheduleEvents', () => {
  function Probe() {
    useScheduleEvents();
    return null;
  }

  it('turns notices into toasts and reports a start missed while Koru was closed once', async () => {
    const fake = fakeClient({ 'schedules.list': () => [schedule({ id: 'm', title: 'Dawn', missedAt: '2026-12-01T07:40:00.000Z' })] });
    renderWithClient(<Probe />, fake.client);
    await waitFor(() => expect(toast.warning).toHaveBeenCalledWith(expect.stringMatching(/Dawn was due while Koru was not running/), expect.anything()));
    fake.emit('schedule.notice', { id: 'x', kind: 'upcoming', title: 'Calm', at: '2026-12-24T01:28:00.000Z', message: 'Calm starts in 5 min — keep Koru running.' });
    expect(toast.info).toHaveBeenCalledWith('Calm starts in 5 min — keep Koru running.', expect.anything());
    fake.emit('schedule.notice', { id: 'x', kind: 'started', title: 'Calm', at: '2026-12-24T01:28:00.000Z', message: 'Calm started.' });
    expect(toast.success).toHaveBeenCalledWith('Calm started.', expect.anything());
    expect(toast.warning).toHaveBeenCalledTimes(1);
  });
});
