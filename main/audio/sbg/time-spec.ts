import { quote } from './lex';

export const DAY_SEC = 24 * 3600;

/**
 * A time spec as written: an optional absolute part (`NOW` or a clock time `hh:mm[:ss]`)
 * followed by any number of `+hh:mm[:ss]` offsets. Without an absolute part the offsets count
 * from the last absolute time mentioned (SBaGen's rule, not from the previous line).
 */
export interface TimeSpec {
  abs: { kind: 'now' } | { kind: 'clock'; sec: number } | null;
  /** Sum of the `+` offsets, seconds. */
  rel: number;
}

/** Thrown with the offset inside the token so the caller can turn it into a column. */
export class TimeSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** `hh:mm` or `hh:mm:ss` (one or two digits each, hh < 24) at `pos`. */
function readClock(text: string, pos: number): { sec: number; end: number } {
  const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?/.exec(text.slice(pos));
  if (!m) throw new TimeSyntaxError(pos, `bad time ${quote(text)}: expected hh:mm or hh:mm:ss at ${quote(text.slice(pos) || 'the end')}`);
  const [hh, mm, ss] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (hh >= 24) throw new TimeSyntaxError(pos, `bad time ${quote(text)}: hours must be 0-23`);
  if (mm >= 60) throw new TimeSyntaxError(pos, `bad time ${quote(text)}: minutes must be 0-59`);
  if (ss >= 60) throw new TimeSyntaxError(pos, `bad time ${quote(text)}: seconds must be 0-59`);
  return { sec: (hh * 60 + mm) * 60 + ss, end: pos + m[0].length };
}

export function parseTimeSpec(text: string): TimeSpec {
  let pos = 0;
  let abs: TimeSpec['abs'] = null;
  let rel = 0;
  if (text.startsWith('NOW')) {
    abs = { kind: 'now' };
    pos = 3;
  } else if (text[0] !== '+') {
    const c = readClock(text, 0);
    abs = { kind: 'clock', sec: c.sec };
    pos = c.end;
  }
  while (pos < text.length) {
    if (text[pos] !== '+') throw new TimeSyntaxError(pos, `bad time ${quote(text)}: unexpected ${quote(text.slice(pos))}`);
    const c = readClock(text, pos + 1);
    rel += c.sec;
    pos = c.end;
  }
  return { abs, rel };
}

/** `hh:mm:ss` for messages; times past a day keep counting hours. */
export function formatTime(sec: number): string {
  const s = Math.round(sec);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** Parse an option's `hh:mm` / `hh:mm:ss` argument (e.g. `-L 0:30`), seconds. */
export function parseClockArg(text: string): number {
  const c = readClock(text, 0);
  if (c.end !== text.length) throw new TimeSyntaxError(c.end, `bad time ${quote(text)}: unexpected ${quote(text.slice(c.end))}`);
  return c.sec;
}
