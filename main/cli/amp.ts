import { KoruError } from '../../contract/errors';
import { AmpDriverKind, AmpZone, BaudRate, type AmpStatus } from '../../contract/hardware';
import { createAmpConnection, type AmpLimits } from '../hardware';
import { listAmpPorts } from '../hardware';
import type { SerialBinding } from '../hardware';

export interface AmpCliOptions {
  port?: string;
  driver?: string;
  zone?: string;
  baud?: string;
  power?: string;
  volume?: string;
  mute?: string;
  source?: string;
  maxVolume?: string;
  ramp?: string;
  json?: boolean;
}

const bad = (message: string) => new KoruError('BAD_INPUT', message);

function num(text: string, what: string, lo: number, hi: number): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < lo || v > hi) throw bad(`${what} must be ${lo}–${hi} (got ${text})`);
  return v;
}
function onOff(text: string, what: string): boolean {
  if (text === 'on') return true;
  if (text === 'off') return false;
  throw bad(`${what} must be on or off (got ${text})`);
}

function target(o: AmpCliOptions) {
  if (!o.port) throw bad('--port is required (e.g. --port /dev/ttyUSB0; `koru amp ports` lists them)');
  const driver = AmpDriverKind.safeParse(o.driver ?? 'monoprice');
  if (!driver.success) throw bad(`--driver must be monoprice or koru (got ${o.driver})`);
  const zone = o.zone === undefined ? undefined : AmpZone.safeParse(Number(o.zone));
  if (zone && !zone.success) throw bad(`--zone must be 11–16, 21–26 or 31–36 (got ${o.zone})`);
  const baud = o.baud === undefined ? undefined : BaudRate.safeParse(Number(o.baud));
  if (baud && !baud.success) throw bad(`--baud must be a standard rate such as 9600 or 115200 (got ${o.baud})`);
  return { path: o.port, driver: driver.data, zone: zone?.data, baudRate: baud?.data };
}

export function describeStatus(s: AmpStatus): string {
  if (s.state !== 'connected') return `${s.state}${s.message ? `: ${s.message}` : ''}`;
  const where = `${s.path} (${s.driver}${s.zone ? ` zone ${s.zone}` : ''}, ${s.baudRate} baud${s.firmware ? `, ${s.firmware}` : ''})`;
  const onoff = (b: boolean | null) => (b === null ? '?' : b ? 'on' : 'off');
  const source = s.source === null ? '' : `, source ${s.source}`;
  return `${where}: power ${onoff(s.power)}, volume ${s.volume ?? '?'} %, mute ${onoff(s.mute)}${source} (max ${s.maxVolume} %)`;
}

/** `koru amp status|set`: one connection, the same ramps and caps as the app, then close. */
export async function runAmp(
  action: 'status' | 'set',
  o: AmpCliOptions,
  io: { out: (line: string) => void; binding?: SerialBinding } = { out: (l) => console.log(l) },
): Promise<AmpStatus> {
  const t = target(o);
  const limits: AmpLimits = {
    maxVolume: o.maxVolume === undefined ? 40 : num(o.maxVolume, '--max-volume', 0, 100),
    rampPercentPerSec: o.ramp === undefined ? 10 : num(o.ramp, '--ramp', 1, 50),
    hardwareLevel: 2,
  };
  const patch: { power?: boolean; volume?: number; mute?: boolean; source?: number } = {};
  if (action === 'set') {
    if (o.power !== undefined) patch.power = onOff(o.power, '--power');
    if (o.mute !== undefined) patch.mute = onOff(o.mute, '--mute');
    if (o.volume !== undefined) patch.volume = num(o.volume, '--volume (percent)', 0, 100);
    if (o.source !== undefined) patch.source = num(o.source, '--source', 1, 6);
    if (Object.keys(patch).length === 0) throw bad('nothing to set: give --power, --volume, --mute or --source');
    if (patch.volume !== undefined && patch.volume > limits.maxVolume)
      throw bad(`--volume ${patch.volume} is above the maximum of ${limits.maxVolume} % (raise it with --max-volume)`);
  }
  const conn = createAmpConnection({ emit: () => undefined, log: () => undefined, limits: () => limits, pollMs: 60_000, ...(io.binding ? { binding: io.binding } : {}) });
  try {
    await conn.connect(t);
    if (action === 'set') {
      await conn.set(patch);
      await conn.waitForRamp();
      if (conn.status().state !== 'connected') throw new KoruError('DEVICE_ERROR', conn.status().message ?? `${t.path}: lost the amplifier while setting it`);
    }
    const s = conn.status();
    io.out(o.json ? JSON.stringify(s) : describeStatus(s));
    return s;
  } finally {
    await conn.close();
  }
}

/** `koru amp ports`: the serial ports, one per line (or JSON); exit 1 when they cannot be listed. */
export async function ampPorts(o: { json?: boolean }, out: (line: string) => void = (l) => console.log(l)): Promise<void> {
  const r = await listAmpPorts();
  if (o.json) out(JSON.stringify(r));
  else for (const p of r.ports) out(`${p.path}\t${p.manufacturer ?? ''}\t${p.vendorId ?? ''}:${p.productId ?? ''}`);
  if (r.error) throw new KoruError('DEVICE_ERROR', r.error);
}
