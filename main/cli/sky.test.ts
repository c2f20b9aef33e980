import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SkyEvent, SkyNow, PlanetaryDay } from '../../contract/sky';
import { main } from './index';

let stdout = '';
let stderr = '';
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    stdout += String(s);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
});

describe('koru sky', () => {
  it('events lists quarters, eclipses and stations with UTC times, as text or JSON', async () => {
    expect(await main(['sky', 'events', '--from', '2026-08-01', '--to', '2026-08-31'])).toBe(0);
    expect(stdout).toMatch(/2026-08-12 17:45 UTC {2}Total solar eclipse/);
    expect(stdout).toMatch(/2026-08-28 04:12 UTC {2}Partial lunar eclipse/);
    stdout = '';
    expect(await main(['sky', 'events', '--from', '2026-01-01', '--to', '2026-12-31', '--json'])).toBe(0);
    const events = SkyEvent.array().parse(JSON.parse(stdout));
    expect(events.filter((e) => e.kind === 'full-moon')).toHaveLength(13);
    expect(events.some((e) => e.kind === 'station-retrograde' && e.body === 'Mercury')).toBe(true);
  });

  it('hours prints the 24 hours of a date at a place; now gives the current one', async () => {
    expect(await main(['sky', 'hours', '--date', '2025-06-21', '--lat', '51.5', '--lon', '-0.125', '--tz', 'Europe/London', '--json'])).toBe(0);
    const day = PlanetaryDay.parse(JSON.parse(stdout));
    expect(day.dayRuler).toBe('Saturn');
    stdout = '';
    expect(await main(['sky', 'hours', '--date', '2025-06-21', '--lat', '51.5', '--lon', '-0.125', '--tz', 'Europe/London'])).toBe(0);
    expect(stdout).toMatch(/^ {2} 1 day {3}04:43–06:06 {2}Saturn$/m);
    stdout = '';
    expect(await main(['sky', 'now', '--lat', '51.5', '--lon', '-0.125', '--tz', 'Europe/London', '--json'])).toBe(0);
    const now = SkyNow.parse(JSON.parse(stdout));
    expect(now.hour).not.toBeNull();
    stdout = '';
    expect(await main(['sky', 'now'])).toBe(0);
    expect(stdout).toMatch(/tropical zodiac/);
    expect(stdout).toMatch(/Give --lat and --lon/);
  });

  it.each([
    [['sky', 'events', '--from', '2026-02-30', '--to', '2026-03-01'], /--from: .*does not exist/],
    [['sky', 'events', '--from', '2026-03-01', '--to', '2026-02-01'], /ends .* before it starts/],
    [['sky', 'events', '--to', '2026-02-01'], /--from YYYY-MM-DD is required/],
    [['sky', 'hours', '--date', '2026-03-01', '--lat', '95', '--lon', '0'], /latitude must be between -90 and 90/i],
    [['sky', 'hours', '--date', '2026-03-01', '--lat', 'north', '--lon', '0'], /--lat must be a number/],
    [['sky', 'hours', '--date', '2026-03-01'], /give the place/],
    [['sky', 'now', '--lat', '10'], /both --lat and --lon/],
    [['sky', 'now', '--lat', '10', '--lon', '10', '--tz', 'Nowhere/Land'], /unknown time zone/i],
  ])('refuses bad input with exit 2: %j', async (args, message) => {
    expect(await main(args)).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('says when there are no planetary hours (exit 1, nothing printed)', async () => {
    expect(await main(['sky', 'hours', '--date', '2026-06-21', '--lat', '85', '--lon', '0', '--tz', 'UTC'])).toBe(1);
    expect(stderr).toMatch(/polar day or night/);
    expect(stdout).toBe('');
  });
});
