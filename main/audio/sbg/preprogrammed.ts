/**
 * SBaGen's pre-programmed sequences (`-p drop …`, `-p slide …`) written out as the schedule
 * SBaGen generates for them, so they import like any other file. The rules are SBaGen's:
 *
 * drop [t<drop>,<hold>,<wake>] <NN><a-l>[s|k][+][^][@][/<amp>] [tone-specs]
 *   The carrier falls from 205 − 2·NN to 200 − 2·NN Hz while the beat falls exponentially from
 *   10 Hz to the level's target (a 4.4 … l 0.3 Hz) over the drop (30 min by default), in 3-min
 *   steps (`k`: 1-min, `s`: a continuous slide); `+` holds the last beat for the hold time, `^`
 *   returns to the start over the wake-up time, `@` uses isochronic pulses.
 * slide [t<minutes>] <carrier><+|-|@><beat>/<amp> [tone-specs]
 *   The carrier slides down to beat/2 over the session (30 min) with the beat held.
 * Both start from silence five seconds before midnight and end ten seconds after the last step.
 */

/** Thrown with the index of the argument at fault. */
export class PreprogramError extends Error {
  constructor(
    readonly arg: number,
    message: string,
  ) {
    super(message);
  }
}

const BEAT_TARGETS = [4.4, 3.7, 3.1, 2.5, 2.0, 1.5, 1.2, 0.9, 0.7, 0.5, 0.4, 0.3];

/** C's printf("%g"): 6 significant digits, trailing zeros dropped. */
export function formatG(x: number): string {
  if (x === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const s = x.toFixed(Math.max(0, 5 - exp));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** strtod at the start of `s`: the number and how many characters it took (0: none). */
function leadingNumber(s: string): { value: number; used: number } {
  const m = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(s);
  return m ? { value: Number(m[0]), used: m[0].length } : { value: NaN, used: 0 };
}

const clock = (sec: number) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(Math.floor(sec / 3600))}:${p(Math.floor(sec / 60) % 60)}:${p(sec % 60)}`;
};

/** A schedule's lines: options, then tone-sets and time lines interleaved as SBaGen adds them. */
class Lines {
  readonly out: string[] = ['-SE', 'off: -', `${clock(86395)} == off ->`];
  def(name: string, spec: string): void {
    this.out.push(`${name}: ${spec}`);
  }
  at(sec: number, rest: string): void {
    this.out.push(`${clock(sec)} ${rest}`);
  }
}

/** The schedule text for `-p <args…>`. */
export function preprogrammedSchedule(args: string[]): string {
  const [kind, ...rest] = args;
  const make = kind === 'drop' ? drop : kind === 'slide' ? slide : null;
  if (!make) throw new PreprogramError(0, kind ? `unknown pre-programmed sequence "${kind}" (drop or slide)` : 'expected "drop" or "slide" after -p');
  try {
    return make(rest).join('\n');
  } catch (e) {
    // Point at the argument as counted from the sequence's name.
    throw e instanceof PreprogramError ? new PreprogramError(e.arg + 1, e.message) : e;
  }
}

function drop(args: string[]): string[] {
  const usage = 'expected -p drop [t<drop>,<hold>,<wake>] <NN><a-l>[s|k][+][^][@][/<amp>] [tone-specs]';
  let i = 0;
  let [len0, len1, len2] = [1800, 1800, 180];
  if (args[i]?.startsWith('t')) {
    const m = /^t([^,]+),([^,]+),(\S+)$/.exec(args[i]!);
    const v = m ? [m[1], m[2], m[3]].map((x) => Number(x)) : [];
    if (v.length !== 3 || v.some((x) => !Number.isFinite(x))) throw new PreprogramError(i, `bad time spec "${args[i]}": ${usage}`);
    [len0, len1, len2] = v.map((x) => 60 * Math.trunc(x)) as [number, number, number];
    i++;
  }
  const spec = args[i];
  if (!spec) throw new PreprogramError(i, usage);
  const extra = args.slice(i + 1).join(' ');
  const level = leadingNumber(spec);
  const carr = 200 - 2 * level.value;
  if (!level.used || carr < 0) throw new PreprogramError(i, `bad drop level in "${spec}": ${usage}`);
  let p = level.used;
  const target = BEAT_TARGETS[(spec[p] ?? '').toLowerCase().charCodeAt(0) - 97];
  if (target === undefined) throw new PreprogramError(i, `drop "${spec}" needs a depth letter a-l after the level: ${usage}`);
  p++;
  let slideMode = false;
  let stepLen = 180;
  if (spec[p] === 's') [slideMode, stepLen, p] = [true, 60, p + 1];
  else if (spec[p] === 'k') [stepLen, p] = [60, p + 1];
  const nStep = 1 + Math.floor((len0 - 1) / stepLen);
  len0 = nStep * stepLen;
  if (!slideMode) len1 = (1 + Math.floor((len1 - 1) / stepLen)) * stepLen;
  const flag = (c: string) => (spec[p] === c ? (p++, true) : false);
  const long = flag('+');
  const wake = flag('^');
  const iso = flag('@');
  let amp = 1;
  if (spec[p] === '/') {
    const a = leadingNumber(spec.slice(p + 1));
    if (!a.used) throw new PreprogramError(i, `bad amplitude in "${spec}": ${usage}`);
    amp = a.value;
    p += 1 + a.used;
  }
  if (spec.slice(p).trim()) throw new PreprogramError(i, `unexpected "${spec.slice(p)}" after the drop spec`);

  const len = long ? len0 + len1 : len0;
  const c0 = carr + 5, c2 = carr;
  const beat = Array.from({ length: nStep }, (_, a) => 10 * Math.exp((Math.log(target / 10) * a) / (nStep - 1)));
  const sig = iso ? '@' : '+';
  const tone = (c: number, b: number) => `${formatG(c)}${sig}${formatG(b)}/${formatG(amp)} ${extra}`.trimEnd();
  const name = (a: number) => `ts${String(a).padStart(2, '0')}`;
  const L = new Lines();
  let end: number;
  if (slideMode) {
    for (let a = 0; a < nStep; a++) {
      const tim = Math.floor((a * len0) / (nStep - 1));
      L.def(name(a), tone(c0 + ((c2 - c0) * tim) / len, beat[a]!));
      L.at(tim, `== ${name(a)} ->`);
    }
    if (long) {
      L.def('tsend', tone(c2, beat[nStep - 1]!));
      L.at(len, '== tsend ->');
    }
    end = len;
  } else {
    const steps = Math.floor(len / stepLen);
    const stepSlide = stepLen < 90 ? 5 : 10;
    for (let a = 0; a < steps; a++) {
      const [t0, t1] = [a * stepLen, (a + 1) * stepLen];
      L.def(name(a), tone(c0 + ((c2 - c0) * t1) / len, beat[Math.min(a, nStep - 1)]!));
      L.at(t0, `== ${name(a)} ->`);
      L.at(t1 - stepSlide, `== ${name(a)} ->`);
    }
    end = len - stepSlide;
  }
  if (wake) {
    L.def('tswake', tone(c0, beat[0]!));
    L.at(end + len2, '== tswake ->');
    end += len2;
  }
  L.at(end + 10, '== off');
  return L.out;
}

function slide(args: string[]): string[] {
  const usage = 'expected -p slide [t<minutes>] <carrier><+|-|@><beat>/<amp> [tone-specs]';
  let i = 0;
  let len = 1800;
  if (args[i]?.startsWith('t')) {
    const v = leadingNumber(args[i]!.slice(1));
    if (!v.used || v.used !== args[i]!.length - 1) throw new PreprogramError(i, `bad time spec "${args[i]}": ${usage}`);
    len = Math.trunc(60 * v.value);
    i++;
  }
  const spec = args[i] ?? '';
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([+\-@])((?:\d+(?:\.\d*)?|\.\d+))\/((?:\d+(?:\.\d*)?|\.\d+))$/.exec(spec);
  if (!m) throw new PreprogramError(i, `bad slide spec "${spec}": ${usage}`);
  const [c0, sig, beat, amp] = [Number(m[1]), m[2]!, Number(m[3]), Number(m[4])];
  const extra = args.slice(i + 1).join(' ');
  const tone = (c: number) => `${formatG(c)}${sig}${formatG(beat)}/${formatG(amp)} ${extra}`.trimEnd();
  const L = new Lines();
  L.def('ts0', tone(c0));
  L.at(0, '== ts0 ->');
  L.def('ts1', tone(beat / 2));
  L.at(len, '== ts1 ->');
  L.at(len + 10, '== off');
  return L.out;
}
