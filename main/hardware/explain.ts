import { drivers } from './drivers';
import { failureOf } from './transport';
import type { ConnectTarget } from './connection';

/** Words a failed first contact the way someone wiring hardware needs it: port, then likely cause. */
export function explain(err: unknown, t: ConnectTarget, baud: number): string {
  const kind = failureOf(err);
  const label = drivers[t.driver].label;
  const msg = err instanceof Error ? err.message : String(err);
  if (kind === 'timeout')
    return `${t.path}: no reply at ${baud} baud — is the amplifier powered and connected, is it a ${label} (driver "${t.driver}"), and is the baud rate right (it uses ${drivers[t.driver].baudRate})?`;
  if (kind === 'nonsense')
    return `${t.path}: the device answered, but not in the ${label} protocol — wrong baud rate (expected ${drivers[t.driver].baudRate}) or a different device/driver? (${msg})`;
  return msg;
}
