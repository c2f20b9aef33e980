/** Where the Sun, Moon and planets stand as seen from Earth (geocentric, ecliptic of date), and
 *  the Moon's phase. astronomy-engine's EclipticLongitude is heliocentric, so it is not used:
 *  the Sun comes from SunPosition, the Moon from EclipticGeoMoon, planets from GeoVector
 *  (light-time corrected) turned into ecliptic coordinates of date by Ecliptic. */
import { Body as AEBody, Ecliptic, EclipticGeoMoon, GeoVector, Illumination, MoonPhase, SunPosition } from 'astronomy-engine';
import { BODIES, SIGNS, type Body, type BodyPosition, type MoonPhaseName, type MoonState } from '../../contract/sky';

const HALF_DAY_MS = 43_200_000;

/** Geocentric ecliptic longitude of date, degrees [0, 360). */
export function geoLongitude(body: Body, at: Date): number {
  const lon = body === 'Sun' ? SunPosition(at).elon : body === 'Moon' ? EclipticGeoMoon(at).lon : Ecliptic(GeoVector(AEBody[body], at, true)).elon;
  return ((lon % 360) + 360) % 360;
}

/** Signed change of longitude from a to b, degrees in (-180, 180]. */
export function deltaDeg(a: number, b: number): number {
  const d = (((b - a) % 360) + 540) % 360 - 180;
  return d === -180 ? 180 : d;
}

export function signOf(longitude: number): { sign: (typeof SIGNS)[number]; degree: number } {
  const i = Math.floor(longitude / 30) % 12;
  return { sign: SIGNS[i]!, degree: longitude - i * 30 };
}

/** Moving backwards: longitude a day later is smaller than a day earlier. */
export function isRetrograde(body: Body, ms: number): boolean {
  if (body === 'Sun' || body === 'Moon') return false;
  return deltaDeg(geoLongitude(body, new Date(ms - HALF_DAY_MS)), geoLongitude(body, new Date(ms + HALF_DAY_MS))) < 0;
}

export function positions(ms: number): BodyPosition[] {
  const at = new Date(ms);
  return BODIES.map((body) => {
    const longitude = geoLongitude(body, at);
    return { body, longitude, ...signOf(longitude), retrograde: isRetrograde(body, ms) };
  });
}

/** Eight names, each centred on its angle (a quarter is ±22.5° around 0/90/180/270). */
const PHASES: MoonPhaseName[] = ['new', 'waxing-crescent', 'first-quarter', 'waxing-gibbous', 'full', 'waning-gibbous', 'last-quarter', 'waning-crescent'];

export function moonState(ms: number): MoonState {
  const at = new Date(ms);
  const phaseAngle = MoonPhase(at);
  const illumination = Math.min(1, Math.max(0, Illumination(AEBody.Moon, at).phase_fraction));
  return { phaseAngle, illumination, phase: PHASES[Math.floor(((phaseAngle + 22.5) % 360) / 45)]! };
}
