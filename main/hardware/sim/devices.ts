/**
 * Pure models of the two amplifiers: bytes in, bytes out. The serial simulator (socat pty) and the
 * unit tests (binding-mock) both drive these, so the protocol is simulated in exactly one place.
 * Every volume a device is set to is logged with a timestamp: the tests check ramps from it.
 */
export interface VolumeLogEntry {
  atMs: number;
  volume: number;
}

export interface SimDevice {
  /** Feed received bytes; returns what the device writes back (may be ''). */
  receive(bytes: string): string;
  readonly volumeLog: VolumeLogEntry[];
  readonly state: { power: boolean; volume: number; mute: boolean; source: number };
  /** Sent once when the port opens (a boot banner), or ''. */
  readonly banner: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const now = () => performance.timeOrigin + performance.now();

export interface ZoneState {
  pa: number; power: boolean; mute: boolean; dt: number; volume: number;
  treble: number; bass: number; balance: number; source: number; ls: number;
}

/** Monoprice/Dayton 6-zone: `<ZZCCVV\r` sets, `?ZZ\r` queries; replies end `\r\n#`. */
export function createMonopriceDevice(opts: { zone?: number; bootVolume?: number } = {}): SimDevice {
  const zones = new Map<number, ZoneState>();
  const zoneOf = (z: number): ZoneState => {
    let s = zones.get(z);
    if (!s) {
      s = { pa: 0, power: false, mute: false, dt: 0, volume: opts.bootVolume ?? 0, treble: 7, bass: 7, balance: 10, source: 1, ls: 1 };
      zones.set(z, s);
    }
    return s;
  };
  const main = opts.zone ?? 11;
  const volumeLog: VolumeLogEntry[] = [];
  let pending = '';
  const line = (z: number, s: ZoneState) =>
    `#>${pad(z)}${pad(s.pa)}${s.power ? '01' : '00'}${s.mute ? '01' : '00'}${pad(s.dt)}${pad(s.volume)}${pad(s.treble)}${pad(s.bass)}${pad(s.balance)}${pad(s.source)}${pad(s.ls)}\r\n`;

  function handle(cmd: string): string {
    const q = /^\?(\d)(\d)$/.exec(cmd);
    if (q) {
      const unit = Number(q[1]);
      const zone = Number(q[2]);
      if (unit < 1 || unit > 3 || zone > 6) return `${cmd}\r\r\nCommand Error.\r\n#`;
      // `?10` answers for all six zones of the unit.
      const list = zone === 0 ? [1, 2, 3, 4, 5, 6].map((z) => unit * 10 + z) : [unit * 10 + zone];
      return `${cmd}\r\r\n${list.map((z) => line(z, zoneOf(z))).join('')}#`;
    }
    const m = /^<(\d\d)(PR|MU|VO|CH|TR|BS|BL|DT|PA)(\d\d)$/.exec(cmd);
    if (!m) return `${cmd}\r\r\nCommand Error.\r\n#`;
    const z = Number(m[1]);
    const v = Number(m[3]);
    const s = zoneOf(z);
    const ok = { PR: v <= 1, MU: v <= 1, VO: v <= 38, CH: v >= 1 && v <= 6, TR: v <= 14, BS: v <= 14, BL: v <= 20, DT: v <= 1, PA: v <= 1 }[m[2] as 'PR'];
    if (!ok || Math.floor(z / 10) < 1 || Math.floor(z / 10) > 3 || z % 10 < 1 || z % 10 > 6) return `${cmd}\r\r\nCommand Error.\r\n#`;
    if (m[2] === 'PR') s.power = v === 1;
    if (m[2] === 'MU') s.mute = v === 1;
    if (m[2] === 'CH') s.source = v;
    if (m[2] === 'VO') {
      s.volume = v;
      if (z === main) volumeLog.push({ atMs: now(), volume: v });
    }
    return `${cmd}\r\r\n#`;
  }

  return {
    volumeLog,
    get state() {
      return zoneOf(main);
    },
    banner: '',
    receive(bytes) {
      pending += bytes;
      let out = '';
      let i: number;
      while ((i = pending.indexOf('\r')) >= 0) {
        const cmd = pending.slice(0, i).trim();
        pending = pending.slice(i + 1);
        if (cmd) out += handle(cmd);
      }
      if (pending.length > 100) pending = '';
      return out;
    },
  };
}

/** The Koru controller protocol (resources/firmware/PROTOCOL.md), as the Arduino sketch speaks it. */
export function createKoruDevice(opts: { bootVolume?: number; firmware?: string } = {}): SimDevice {
  const state = { power: false, volume: opts.bootVolume ?? 0, mute: true, source: 1 };
  const volumeLog: VolumeLogEntry[] = [];
  const firmware = opts.firmware ?? 'koru-amp 1.0.0';
  let pending = '';
  const onOff = (b: boolean) => (b ? 'ON' : 'OFF');

  function handle(cmd: string): string {
    const [verb = '', arg, extra] = cmd.toUpperCase().split(/\s+/);
    if (extra !== undefined) return 'ERR SYNTAX too many words';
    switch (verb) {
      case 'PING': return 'OK PONG';
      case 'VERSION': return `OK VERSION ${firmware}`;
      case 'STATUS': return `OK STATUS POWER=${onOff(state.power)} VOLUME=${state.volume} MUTE=${onOff(state.mute)}`;
      case 'POWER':
      case 'MUTE': {
        if (arg !== 'ON' && arg !== 'OFF') return `ERR RANGE ${verb} takes ON or OFF`;
        if (verb === 'POWER') state.power = arg === 'ON';
        else state.mute = arg === 'ON';
        return `OK ${verb} ${arg}`;
      }
      case 'VOLUME': {
        if (!arg || !/^\d{1,3}$/.test(arg) || Number(arg) > 100) return 'ERR RANGE VOLUME takes 0-100';
        state.volume = Number(arg);
        volumeLog.push({ atMs: now(), volume: state.volume });
        return `OK VOLUME ${state.volume}`;
      }
      default: return 'ERR UNKNOWN command';
    }
  }

  return {
    volumeLog,
    state,
    banner: `READY ${firmware}\r\n`,
    receive(bytes) {
      pending += bytes;
      let out = '';
      for (;;) {
        const m = /\r\n|\r|\n/.exec(pending);
        if (!m) break;
        const cmd = pending.slice(0, m.index).trim();
        pending = pending.slice(m.index + m[0].length);
        if (cmd) out += `${handle(cmd)}\r\n`;
      }
      if (pending.length > 100) pending = '';
      return out;
    },
  };
}
