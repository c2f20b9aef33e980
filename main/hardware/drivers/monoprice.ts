import { KoruError } from '../../../contract/errors';
import type { ReplyParser, Transport } from '../transport';
import { NONSENSE_AFTER, type AmpDriver, type DriverOptions, type RawState } from './types';

/**
 * Monoprice/Dayton 6-zone amplifier (the protocol pymonoprice and Home Assistant speak), 9600 8N1.
 * Set: `<ZZCCVV\r`. Query: `?ZZ\r` → the echo, then `#>ZZPAPRMUDTVOTRBSBLCHLS\r\n#`.
 */
export const MONOPRICE_BAUD = 9600;
export const MONOPRICE_MAX_VOLUME = 38;

export interface MonopriceZoneStatus extends RawState {
  zone: number;
  pa: boolean;
  doNotDisturb: boolean;
  treble: number;
  bass: number;
  balance: number;
  source: number;
  keypad: boolean;
}

export function isMonopriceZone(zone: number): boolean {
  const unit = Math.floor(zone / 10);
  const z = zone % 10;
  return Number.isInteger(zone) && unit >= 1 && unit <= 3 && z >= 1 && z <= 6;
}

const pad = (n: number) => String(n).padStart(2, '0');

// Each field's allowed range; a reply outside them is not from a Monoprice amplifier.
const RANGES: [string, number, number][] = [
  ['PA', 0, 1], ['PR', 0, 1], ['MU', 0, 1], ['DT', 0, 1], ['VO', 0, 38],
  ['TR', 0, 14], ['BS', 0, 14], ['BL', 0, 20], ['CH', 1, 6], ['LS', 0, 1],
];

/** Finds the status line for `zone` anywhere in what was received (echo, prompts and noise skipped). */
export function parseMonopriceStatus(zone: number): ReplyParser<MonopriceZoneStatus> {
  return (received) => {
    for (const m of received.matchAll(/>(\d{22})(?=[\r\n#])/g)) {
      const digits = m[1] ?? '';
      const f = Array.from({ length: 11 }, (_, i) => Number(digits.slice(i * 2, i * 2 + 2)));
      if (f[0] !== zone) continue; // another zone's line (a unit-wide query answers all six)
      const fields = f.slice(1);
      for (const [i, [name, lo, hi]] of RANGES.entries()) {
        const v = fields[i] ?? -1;
        if (v < lo || v > hi) return { error: `field ${name}=${pad(v)} is outside ${lo}–${hi}` };
      }
      const [pa, pr, mu, dt, vo, tr, bs, bl, ch, ls] = fields as [number, number, number, number, number, number, number, number, number, number];
      return {
        value: { zone, pa: pa === 1, power: pr === 1, mute: mu === 1, doNotDisturb: dt === 1, volume: vo, treble: tr, bass: bs, balance: bl, source: ch, keypad: ls === 1 },
      };
    }
    return received.length > NONSENSE_AFTER ? { error: 'no zone status line' } : null;
  };
}

/** A set command is acknowledged by its echo. */
export function parseMonopriceAck(command: string): ReplyParser<true> {
  const echo = command.replace(/\r$/, '');
  return (received) => {
    if (received.includes(echo)) return { value: true };
    return received.length > NONSENSE_AFTER ? { error: 'no echo of the command' } : null;
  };
}

export function monopriceCommand(zone: number, code: 'PR' | 'MU' | 'VO' | 'CH', value: number): string {
  return `<${zone}${code}${pad(value)}\r`;
}

export function createMonopriceDriver(t: Transport, opts: DriverOptions): AmpDriver {
  const zone = opts.zone ?? 11;
  if (!isMonopriceZone(zone)) throw new KoruError('BAD_INPUT', `zone must be 11–16, 21–26 or 31–36 (got ${zone})`);
  const set = async (code: 'PR' | 'MU' | 'VO' | 'CH', value: number) => {
    const cmd = monopriceCommand(zone, code, value);
    await t.request(cmd, parseMonopriceAck(cmd));
  };
  const status = () => t.request(`?${zone}\r`, parseMonopriceStatus(zone));
  return {
    kind: 'monoprice',
    maxRaw: MONOPRICE_MAX_VOLUME,
    async identify() {
      await status();
      return { firmware: null };
    },
    status,
    setPower: (on) => set('PR', on ? 1 : 0),
    setVolume: (raw) => {
      if (!Number.isInteger(raw) || raw < 0 || raw > MONOPRICE_MAX_VOLUME) throw new KoruError('BAD_INPUT', `Monoprice volume must be 0–38 (got ${raw})`);
      return set('VO', raw);
    },
    setMute: (on) => set('MU', on ? 1 : 0),
    setSource: (source) => {
      if (!Number.isInteger(source) || source < 1 || source > 6) throw new KoruError('BAD_INPUT', `source must be 1–6 (got ${source})`);
      return set('CH', source);
    },
  };
}
