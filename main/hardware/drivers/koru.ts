import { KoruError } from '../../../contract/errors';
import type { ReplyParser, Transport } from '../transport';
import { NONSENSE_AFTER, type AmpDriver, type DriverOptions, type RawState } from './types';

/**
 * Koru's own line protocol for a DIY controller (resources/firmware/PROTOCOL.md): one ASCII
 * command per line, one `OK …` or `ERR …` line back. Anything else on the line (echoes, the
 * boot banner, noise) is ignored.
 */
export const KORU_BAUD = 115200;
export const KORU_MAX_VOLUME = 100;

/** Complete lines only: a trailing fragment without its newline is still arriving. */
function completeLines(received: string): string[] {
  const parts = received.split(/\r\n|\r|\n/);
  parts.pop();
  return parts.map((l) => l.trim()).filter(Boolean);
}

/** Waits for `OK <verb> …` and hands the rest of that line to `read`. */
export function parseKoruReply<T>(verb: string, read: (rest: string) => T | null): ReplyParser<T> {
  return (received) => {
    for (const line of completeLines(received)) {
      if (line.startsWith('ERR ')) return { error: `device refused: ${line.slice(4)}` };
      if (line === `OK ${verb}` || line.startsWith(`OK ${verb} `)) {
        const value = read(line.slice(3 + verb.length).trim());
        return value === null ? { error: `malformed ${verb} reply "${line}"` } : { value };
      }
    }
    return received.length > NONSENSE_AFTER ? { error: 'no OK/ERR line' } : null;
  };
}

const onOff = (s: string | undefined): boolean | null => (s === 'ON' ? true : s === 'OFF' ? false : null);

/** `POWER=ON VOLUME=35 MUTE=OFF` (order free, unknown keys ignored for newer firmware). */
export function parseKoruStatus(rest: string): RawState | null {
  const kv = new Map(rest.split(/\s+/).map((p) => p.split('=') as [string, string | undefined]));
  const power = onOff(kv.get('POWER'));
  const mute = onOff(kv.get('MUTE'));
  const volText = kv.get('VOLUME') ?? '';
  const volume = /^\d{1,3}$/.test(volText) ? Number(volText) : NaN;
  if (power === null || mute === null || !(volume >= 0 && volume <= KORU_MAX_VOLUME)) return null;
  return { power, mute, volume, source: null };
}

export function createKoruDriver(t: Transport, _opts: DriverOptions): AmpDriver {
  const exchange = <T>(cmd: string, verb: string, read: (rest: string) => T | null) => t.request(`${cmd}\n`, parseKoruReply(verb, read));
  const expect = (want: string) => (rest: string) => (rest === want ? true : null);
  return {
    kind: 'koru',
    maxRaw: KORU_MAX_VOLUME,
    async identify() {
      const firmware = await exchange('VERSION', 'VERSION', (rest) => (rest.length > 0 && rest.length < 80 ? rest : null));
      return { firmware };
    },
    status: () => exchange('STATUS', 'STATUS', parseKoruStatus),
    async setPower(on) {
      await exchange(`POWER ${on ? 'ON' : 'OFF'}`, 'POWER', expect(on ? 'ON' : 'OFF'));
    },
    async setVolume(raw) {
      if (!Number.isInteger(raw) || raw < 0 || raw > KORU_MAX_VOLUME) throw new KoruError('BAD_INPUT', `volume must be 0–100 (got ${raw})`);
      await exchange(`VOLUME ${raw}`, 'VOLUME', expect(String(raw)));
    },
    async setMute(on) {
      await exchange(`MUTE ${on ? 'ON' : 'OFF'}`, 'MUTE', expect(on ? 'ON' : 'OFF'));
    },
    async setSource() {
      throw new KoruError('BAD_INPUT', 'the Koru controller has no source selector');
    },
  };
}
