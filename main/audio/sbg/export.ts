/**
 * Program → SBaGen `.sbg` text, the exchange format of SBaGen and Gnaural. A pure function;
 * importing its text gives the same program back wherever SBaGen can say it. What SBaGen has no
 * words for (a sine's pan, a monaural beat, a bowl struck more than once) is written as its
 * nearest SBaGen voice and listed in `warnings` (and as a comment in the file).
 */
import { KoruError } from '../../../contract/errors';
import { Program, type Transition } from '../../../contract/program';
import { DAY_SEC } from '../../../contract/schedule';
import { voiceSlots, type Voice } from '../../../contract/voice';
import { parseSbg } from './parse';
import { BELL_DECAY_SEC } from './tone-spec';

export interface SbgExport {
  text: string;
  warnings: string[];
}

const FADE_IN: Record<Transition, string> = { silence: '<', fade: '-', hold: '=' };
const FADE_OUT: Record<Transition, string> = { silence: '>', fade: '-', hold: '=' };

/** A decimal SBaGen reads back as exactly `x` (no exponent: SBaGen's readers take plain digits). */
export function decimal(x: number): string {
  const s = String(x);
  if (!/e/i.test(s)) return s;
  for (let digits = 1; digits <= 100; digits++) {
    const t = x.toFixed(digits);
    if (Number(t) === x) return t.replace(/\.?0+$/, '');
  }
  return x.toFixed(100).replace(/\.?0+$/, '');
}

/** The level as SBaGen's percentage: `amp`'s own shortest decimal with the point moved two
 *  places, so the importer (which moves it back) reads exactly `amp`. */
export function percent(amp: number): string {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(amp));
  if (!m) return decimal(amp * 100);
  const digits = m[1]! + (m[2] ?? '');
  const point = m[1]!.length + Number(m[3] ?? 0) + 2;
  const whole = point <= 0 ? '0' : digits.slice(0, point).padEnd(point, '0');
  const frac = point <= 0 ? '0'.repeat(-point) + digits : digits.slice(point);
  const out = `${whole.replace(/^0+(?=\d)/, '')}${frac.replace(/0+$/, '') ? `.${frac.replace(/0+$/, '')}` : ''}`;
  return out;
}

const signed = (x: number) => (x < 0 ? `-${decimal(-x)}` : `+${decimal(x)}`);

function clock(sec: number): string {
  const s = Math.round(sec);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`;
}

/** SBaGen names start with a letter and hold letters, digits, `_` and `-` only. */
function sbgNames(names: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of names) {
    let base = n.replace(/[^A-Za-z0-9_-]/g, '_');
    if (!/^[A-Za-z]/.test(base)) base = `s${base}`;
    if (/^wave\d\d$/.test(base)) base = `${base}_`;
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
    taken.add(name);
    out.set(n, name);
  }
  return out;
}

export function exportSbg(input: Program, durationSec: number): SbgExport {
  const parsed = Program.safeParse(input);
  if (!parsed.success) throw new KoruError('BAD_INPUT', `invalid program: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  if (!(durationSec > 0 && durationSec < DAY_SEC + 1)) throw new KoruError('BAD_INPUT', 'SBaGen schedules last at most 24 hours');
  const p = parsed.data;
  const last = p.timeline[p.timeline.length - 1]!.at;
  if (last >= DAY_SEC) throw new KoruError('BAD_INPUT', 'SBaGen schedules fit in 24 hours: this timeline runs past that');
  const warnings: string[] = [];
  const names = sbgNames(p.sets.map((s) => s.name));
  const waves: string[] = [];
  const waveOf = (shape: number[]) => {
    const key = shape.map(decimal).join(' ');
    let i = waves.indexOf(key);
    if (i < 0) i = waves.push(key) - 1;
    if (i > 99) throw new KoruError('BAD_INPUT', 'SBaGen holds at most 100 custom waveforms');
    return `wave${String(i).padStart(2, '0')}`;
  };

  const spec = (v: Voice, where: string): string => {
    const amp = percent(v.amp);
    const approx = (what: string) => warnings.push(`${where}: ${what}`);
    switch (v.kind) {
      case 'sine':
        if (v.pan !== 0) approx(`a sine panned ${v.pan} is written centred (SBaGen has no pan)`);
        return `${decimal(v.freq)}/${amp}`;
      case 'binaural':
        return `${decimal(v.carrier)}${signed(v.beat)}/${amp}`;
      case 'monaural':
        approx('a monaural beat is written as a binaural one (SBaGen has no monaural tones)');
        return `${decimal(v.carrier)}${signed(v.beat)}/${amp}`;
      case 'isochronic':
        return `${decimal(v.carrier)}@${decimal(v.pulse)}/${amp}`;
      case 'noise':
        return `${v.color}/${amp}`;
      case 'bowl':
        if (v.strikeEvery > 0) approx(`a bowl struck every ${v.strikeEvery} s is written as a bell, struck once per period`);
        else if (v.decay !== BELL_DECAY_SEC) approx(`the bowl's ${v.decay} s ring is written as SBaGen's bell (about ${BELL_DECAY_SEC} s)`);
        return `bell+${decimal(v.freq)}/${amp}`;
      case 'spin':
        return `${{ pink: 'spin', brown: 'bspin', white: 'wspin' }[v.color]}:${decimal(v.width)}${signed(v.rate)}/${amp}`;
      case 'mix':
        return `mix/${amp}`;
      case 'wave':
        return `${waveOf(v.shape)}:${decimal(v.carrier)}${signed(v.beat)}/${amp}`;
    }
  };

  let loud = false;
  const setLines = p.sets.map((s) => {
    const slots = voiceSlots(s.voices);
    const words: string[] = [];
    s.voices.forEach((v, i) => {
      while (words.length < slots[i]!) words.push('-');
      words.push(spec(v, `tone-set "${s.name}", voice ${i + 1}`));
    });
    if (s.voices.reduce((sum, v) => sum + v.amp, 0) > 1) loud = true;
    return `${names.get(s.name)!}: ${words.length ? words.join(' ') : '-'}`;
  });
  const timeLines = p.timeline.map((e) => {
    if (!Number.isInteger(e.at)) warnings.push(`the time line at ${e.at} s is rounded to ${clock(e.at)} (SBaGen counts whole seconds)`);
    const marks = e.fadeIn === 'fade' && e.fadeOut === 'fade' ? '' : ` ${FADE_IN[e.fadeIn]}${FADE_OUT[e.fadeOut]}`;
    return `${clock(e.at)}${marks} ${names.get(e.set)!}${e.slide ? ' ->' : ''}`;
  });

  const write = (length: string[]) => {
    const options = [
      // -S: from the first time line; -T as well when the program starts before it.
      p.timeline[0]!.at > 0 ? '-S -T 00:00:00' : '-S',
      ...length,
      `-F ${Math.round(p.transitionSec * 1000)}`,
      // Koru's levels are final: SBaGen must not scale a set that adds up past 100 %.
      ...(loud ? ['-N'] : []),
      ...(p.mix ? [`-m ${p.mix.file.replace(/\s/g, '_')}`] : []),
    ];
    return [
      '## Exported by Koru',
      ...warnings.map((w) => `## approximated: ${w}`),
      '',
      ...options,
      '',
      ...waves.map((w, i) => `wave${String(i).padStart(2, '0')}: ${w}`),
      ...setLines,
      '',
      ...timeLines,
      '',
    ].join('\n');
  };
  // The length SBaGen's own rules give (ending at a silent last set, …) needs no -L.
  const bare = write([]);
  if (parseSbg(bare).durationSec === Math.round(durationSec)) return { text: bare, warnings };
  if (durationSec >= DAY_SEC) {
    warnings.push('a 24-hour session cannot be written as a length: SBaGen plays it on without end');
    return { text: write([]), warnings };
  }
  return { text: write([`-L ${clock(durationSec)}`]), warnings };
}

/** A stored session as an `.sbg` file: its name made file-safe, and the text. */
export function exportSessionSbg(session: { name: string; program: Program; durationSec: number }): SbgExport & { fileName: string } {
  const base = session.name.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'session';
  return { fileName: `${base}.sbg`, ...exportSbg(session.program, session.durationSec) };
}
