import type { Transition } from '../../../contract/program';
import { quote, sbgError, type SbgLine, type Token } from './lex';
import { DAY_SEC, formatTime, parseTimeSpec, TimeSyntaxError, type TimeSpec } from './time-spec';

/** Contract limit on timeline entries; block expansion stops here. */
export const MAX_ENTRIES = 4096;

/** A time line as written: `<time> [<fade marks>] <name> [->]`. */
export interface TimeLine {
  src: SbgLine;
  timeTok: Token;
  time: TimeSpec;
  fadeIn: Transition;
  fadeOut: Transition;
  fadeTok?: Token;
  nameTok: Token;
  slideTok?: Token;
}

/** `name: {` … `}`: relative time lines stamped out wherever the name is used. */
export interface BlockDef {
  name: string;
  src: SbgLine;
  body: TimeLine[];
}

/** A time line after block expansion, its time still on SBaGen's 24-hour clock. */
export interface Entry {
  cyclic: number;
  nowBased: boolean;
  set: string;
  fadeIn: Transition;
  fadeOut: Transition;
  slide: boolean;
  line: TimeLine;
  /** Where the line came from when it sits inside a block, for messages. */
  via?: string;
}

const FADE_IN: Record<string, Transition> = { '<': 'silence', '-': 'fade', '=': 'hold' };
const FADE_OUT: Record<string, Transition> = { '>': 'silence', '-': 'fade', '=': 'hold' };
const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

const loc = (l: SbgLine, col: number) => ({ line: l.line, column: col, text: l.raw });

export function parseTimeLine(l: SbgLine): TimeLine {
  const [timeTok, ...rest] = l.tokens as [Token, ...Token[]];
  if (!/^(NOW|[+\d])/.test(timeTok.text)) {
    throw sbgError(loc(l, timeTok.col),
      `unrecognised line starting ${quote(timeTok.text)}: expected an option (-SE), a tone-set ("name: 200+10/20"), ` +
      'a block ("name: {") or a time line ("NOW name", "+00:10 name", "hh:mm name")');
  }
  let time: TimeSpec;
  try {
    time = parseTimeSpec(timeTok.text);
  } catch (e) {
    if (e instanceof TimeSyntaxError) throw sbgError(loc(l, timeTok.col + e.offset), e.message);
    throw e;
  }
  let i = 0;
  let fadeIn: Transition = 'fade';
  let fadeOut: Transition = 'fade';
  let fadeTok: Token | undefined;
  const first = rest[i];
  if (!first) throw sbgError(loc(l, l.endCol), 'missing tone-set name after the time');
  if (!/^[A-Za-z]/.test(first.text)) {
    const fi = FADE_IN[first.text[0]!];
    const fo = FADE_OUT[first.text[1] ?? ''];
    if (first.text.length !== 2 || !fi || !fo) {
      throw sbgError(loc(l, first.col),
        `bad fade marks ${quote(first.text)}: expected two characters, the first one of < - =, the second one of > - =`);
    }
    [fadeIn, fadeOut, fadeTok] = [fi, fo, first];
    i++;
  }
  const nameTok = rest[i++];
  if (!nameTok) throw sbgError(loc(l, l.endCol), 'missing tone-set name after the fade marks');
  if (!NAME.test(nameTok.text)) {
    throw sbgError(loc(l, nameTok.col), `bad tone-set name ${quote(nameTok.text)}: letters, digits, _ and - only, starting with a letter`);
  }
  let slideTok: Token | undefined;
  if (rest[i]?.text === '->') slideTok = rest[i++];
  const extra = rest[i];
  if (extra) throw sbgError(loc(l, extra.col), `unexpected ${quote(extra.text)} after the tone-set name (only "->" may follow)`);
  return { src: l, timeTok, time, fadeIn, fadeOut, nameTok, ...(fadeTok && { fadeTok }), ...(slideTok && { slideTok }) };
}

/**
 * Expand blocks and resolve times the way SBaGen's readTimeLine() does: a block line's time is
 * appended to the calling line's time, and a time without `NOW`/`hh:mm` counts from the last
 * absolute time mentioned. Times stay on the 24-hour clock here; see linearize().
 */
export function expandTimeLines(
  lines: TimeLine[],
  isSet: (name: string) => boolean,
  blocks: Map<string, BlockDef>,
  warnings: string[],
): Entry[] {
  const entries: Entry[] = [];
  let lastAbs: number | null = null;
  let nowLine: TimeLine | null = null;
  let clockLine: TimeLine | null = null;

  const expand = (tl: TimeLine, prefix: TimeSpec | null, chain: string[], via?: string): void => {
    const fail = (tok: Token, msg: string): never => {
      throw sbgError(loc(tl.src, tok.col), via ? `${msg} (in ${via})` : msg);
    };
    const spec: TimeSpec = prefix ? { abs: prefix.abs, rel: prefix.rel + tl.time.rel } : tl.time;
    if (spec.abs?.kind === 'now') nowLine ??= tl;
    if (spec.abs?.kind === 'clock') clockLine ??= tl;
    if (nowLine && clockLine) {
      fail(tl.timeTok, `NOW (line ${nowLine.src.line}) and clock times (line ${clockLine.src.line}) can't be mixed: ` +
        'their distance depends on when SBaGen was started');
    }
    if (spec.abs) lastAbs = spec.abs.kind === 'now' ? 0 : spec.abs.sec;
    if (lastAbs === null) fail(tl.timeTok, 'relative time with no absolute time before it: start with NOW or hh:mm');
    const cyclic = ((lastAbs as number) + spec.rel) % DAY_SEC;
    const name = tl.nameTok.text;

    const block = blocks.get(name);
    if (block) {
      if (chain.includes(name)) fail(tl.nameTok, `block "${name}" calls itself (${[...chain, name].join(' -> ')})`);
      const marks = [tl.fadeTok, tl.slideTok].filter((t): t is Token => !!t);
      for (const t of marks) warnings.push(`line ${tl.src.line}, col ${t.col}: ${quote(t.text)} has no effect on a block call`);
      for (const b of block.body) expand(b, spec, [...chain, name], via ?? `block "${name}" called on line ${tl.src.line}`);
      return;
    }
    if (!isSet(name)) fail(tl.nameTok, `unknown tone-set or block "${name}"`);
    if (entries.length >= MAX_ENTRIES) fail(tl.nameTok, `the schedule expands to more than ${MAX_ENTRIES} time lines`);
    entries.push({
      cyclic, nowBased: nowLine !== null, set: name,
      fadeIn: tl.fadeIn, fadeOut: tl.fadeOut, slide: !!tl.slideTok, line: tl,
      ...(via && { via }),
    });
  };

  for (const tl of lines) expand(tl, null, []);
  return entries;
}

/**
 * SBaGen schedules are a 24-hour loop; Koru's start at the first time line. Each time moves
 * forward from the previous one on the clock, so 23:30 → 00:30 wraps past midnight. A step back
 * is read as a wrap only if the wrap is at most 12 hours (SBaGen's own "suspicious interval"
 * threshold); otherwise the line is out of order. The whole schedule must fit in 24 hours.
 */
export function linearize(entries: Entry[]): number[] {
  const out: number[] = [];
  let lin = 0;
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    if (prev) {
      const step = (e.cyclic - prev.cyclic + DAY_SEC) % DAY_SEC;
      const show = (x: Entry) => (x.nowBased ? `NOW+${formatTime(x.cyclic)}` : formatTime(x.cyclic));
      const fail = (msg: string): never => {
        throw sbgError(loc(e.line.src, e.line.timeTok.col), e.via ? `${msg} (in ${e.via})` : msg);
      };
      if (e.cyclic < prev.cyclic && step > DAY_SEC / 2) {
        fail(`time ${show(e)} goes back before the previous time line (${show(prev)}, line ${prev.line.src.line}): ` +
          'time lines must be in order');
      }
      lin += step;
      if (lin >= DAY_SEC) fail(`time ${show(e)} makes the schedule longer than 24 hours: time lines must be in order`);
    }
    out.push(lin);
  });
  return out;
}
