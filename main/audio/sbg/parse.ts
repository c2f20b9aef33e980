import { KoruError } from '../../../contract/errors';
import { describeIssue } from '../../../contract/issues';
import { Program, type ProgramInput, type ToneSet } from '../../../contract/program';
import { WaveShape, type Voice } from '../../../contract/voice';
import { lexSbg, quote, sbgError, type SbgLine, type Token } from './lex';
import { applyOptionLine, type SbgOptions } from './options';
import { preprogrammedSchedule, PreprogramError } from './preprogrammed';
import { parseToneTokens } from './tone-spec';
import { expandTimeLines, linearize, parseTimeLine, type BlockDef, type TimeLine } from './timeline';
import { DAY_SEC, formatTime } from './time-spec';

export interface SbgParseOptions {
  /** Session length in seconds; overrides what the file implies. */
  durationSec?: number;
}

export interface SbgParseResult {
  program: Program;
  durationSec: number;
  /** Things imported approximately or ignored (options, unused features), one line each. */
  warnings: string[];
}

/** SBaGen's fade_int default: changes fade over 60 s, 30 s either side of the time. */
const SBAGEN_FADE_SEC = 60;
/** How long an open-ended single tone-set plays: SBaGen's default length when writing a file. */
const OPEN_ENDED_SEC = 3600;
const MAX_SETS = 256;
const MAX_SEC = 7 * 24 * 3600;
const DEF = /^([A-Za-z][A-Za-z0-9_-]*):$/;

interface SetDef {
  set: ToneSet;
  src: SbgLine;
}

const at = (l: SbgLine, col: number) => ({ line: l.line, column: col, text: l.raw });

/**
 * Import an SBaGen `.sbg` schedule. Throws KoruError('PARSE_ERROR') naming line, column and
 * feature at the first line Koru cannot play faithfully; approximations become warnings.
 */
export function parseSbg(text: string, opts: SbgParseOptions = {}): SbgParseResult {
  if (typeof text !== 'string') throw new KoruError('BAD_INPUT', 'sbg text must be a string');
  const wanted = opts?.durationSec;
  if (wanted !== undefined && !(Number.isFinite(wanted) && wanted > 0 && wanted <= MAX_SEC)) {
    throw new KoruError('BAD_INPUT', `durationSec must be above 0 and at most ${MAX_SEC}`, { durationSec: wanted });
  }
  const lines = lexSbg(text);
  const warnings: string[] = [];
  const options: SbgOptions = { endAtLast: false };
  const file = readLines(lines, options, warnings);
  if (options.immediate) {
    if (file.timeLines.length > 0) throw sbgError(at(file.timeLines[0]!.src, 1), '"-i" immediate specs cannot be combined with time lines');
    return immediateResult(options.immediate, options, wanted, warnings);
  }
  if (options.preprogram) {
    const { src, args } = options.preprogram;
    if (file.content) throw sbgError(at(file.content, 1), 'a "-p" sequence cannot be combined with tone-sets or time lines');
    let generated: string;
    try {
      generated = preprogrammedSchedule(args.map((a) => a.text));
    } catch (e) {
      if (!(e instanceof PreprogramError)) throw e;
      const tok = args[Math.min(e.arg, args.length - 1)]!;
      throw sbgError(at(src, tok.col), e.message);
    }
    options.preprogram = undefined;
    // The sequence SBaGen generates, read as if it were the file (errors point at the -p line).
    const own = lexSbg(generated).map((l) => ({ ...l, line: src.line, raw: src.raw }));
    return scheduleResult(readLines(own, options, warnings), options, wanted, warnings);
  }
  return scheduleResult(file, options, wanted, warnings);
}

interface FileParts {
  sets: Map<string, SetDef>;
  blocks: Map<string, BlockDef>;
  timeLines: TimeLine[];
  /** The first tone-set, block or time line, if any. */
  content?: SbgLine;
  last?: SbgLine;
}

/** Options, waveforms, tone-sets, blocks and time lines of a file, in SBaGen's order. */
function readLines(lines: SbgLine[], options: SbgOptions, warnings: string[]): FileParts {
  const parts: FileParts = { sets: new Map(), blocks: new Map(), timeLines: [], last: lines[lines.length - 1] };
  const waves = new Map<number, number[]>();
  const waveLines = new Map<number, SbgLine>();
  const defined = (name: string) => parts.sets.get(name)?.src ?? parts.blocks.get(name)?.src;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const first = l.tokens[0]!;
    if (first.text.length > 1 && first.text.startsWith('-') && !first.text.startsWith('->')) {
      if (parts.content) throw sbgError(at(l, first.col), 'options must come before tone-sets and time lines');
      applyOptionLine(l, options, warnings);
      continue;
    }
    parts.content ??= l;
    const def = DEF.exec(first.text);
    if (!def) {
      const glued = /^[A-Za-z][A-Za-z0-9_-]*:/.exec(first.text);
      if (glued) {
        throw sbgError(at(l, first.col + glued[0].length), 'expected a space after ":" in a tone-set definition');
      }
      if (first.text.startsWith('}')) throw sbgError(at(l, first.col), '"}" without an open block');
      parts.timeLines.push(parseTimeLine(l));
      continue;
    }
    const name = def[1]!;
    if (/^wave\d\d$/.test(name)) {
      const n = Number(name.slice(4));
      const before = waveLines.get(n);
      if (before) throw sbgError(at(l, first.col), `waveform "${name}" is already defined on line ${before.line}`);
      waves.set(n, readWave(l));
      waveLines.set(n, l);
      continue;
    }
    const before = defined(name);
    if (before) throw sbgError(at(l, first.col), `"${name}" is already defined on line ${before.line}`);
    if (name.length > 64) throw sbgError(at(l, first.col), `name "${name.slice(0, 16)}…" is longer than 64 characters`);
    const specs = l.tokens.slice(1);
    if (specs[0]?.text.startsWith('{')) {
      i = readBlock(lines, i, name, parts.blocks);
      continue;
    }
    if (specs.length === 0) throw sbgError(at(l, l.endCol), `tone-set "${name}" has no tone specs (write "-" for silence)`);
    const voices = parseToneTokens(specs, (tok, offset) => at(l, tok.col + offset), {
      normalise: !options.noNormalise,
      warn: (m) => warnings.push(`line ${l.line}: tone-set "${name}": ${m}`),
      ctx: { waves },
    });
    parts.sets.set(name, { set: { name, voices }, src: l });
    if (options.noNormalise) warnLoud(parts.sets.get(name)!, warnings);
  }
  return parts;
}

/** `waveNN: v v v …`: one cycle of a custom waveform, at least two different values. */
function readWave(l: SbgLine): number[] {
  const values = l.tokens.slice(1).map((tok) => {
    const n = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(tok.text) ? Number(tok.text) : NaN;
    if (!Number.isFinite(n)) throw sbgError(at(l, tok.col), `bad number ${quote(tok.text)}: a waveform line holds numbers only`);
    return n;
  });
  const r = WaveShape.safeParse(values);
  if (!r.success) throw sbgError(at(l, l.tokens[0]!.col), `waveform "${l.tokens[0]!.text.slice(0, -1)}": ${r.error.issues[0]!.message}`);
  return r.data;
}

function scheduleResult(file: FileParts, options: SbgOptions, wanted: number | undefined, warnings: string[]): SbgParseResult {
  const { sets, blocks, timeLines } = file;
  if (timeLines.length === 0) {
    const last = file.last;
    throw sbgError(last ? at(last, 1) : { line: 1, column: 1, text: '' }, 'no time lines: nothing to play');
  }

  const entries = expandTimeLines(timeLines, (n) => sets.has(n), blocks, warnings);
  const times = linearize(entries);
  const last = entries[entries.length - 1]!;
  if (last.slide) {
    warnings.push(`line ${last.line.src.line}: "->" on the last time line has nothing to slide to; ignored`);
  }
  // -T: SBaGen starts at that clock time; the schedule loops, so what precedes the first time
  // line is the end of the last period.
  const lead = options.startClockSec === undefined ? 0 : (entries[0]!.cyclic - options.startClockSec + DAY_SEC) % DAY_SEC;
  if (lead > 0 && times[times.length - 1]! + lead >= DAY_SEC) {
    throw sbgError(at(entries[0]!.line.src, 1), `-T ${formatTime(options.startClockSec!)} starts so early that the schedule no longer fits in 24 hours`);
  }
  const used = new Set(entries.map((e) => e.set));
  let chosen = [...sets.values()];
  if (chosen.length > MAX_SETS) {
    chosen = chosen.filter((d) => used.has(d.set.name));
    warnings.push(`${sets.size} tone-sets defined; only the ${chosen.length} used by the timeline were imported`);
  }
  const volume = options.volume ?? 1;
  const transitionSec = options.fadeSec ?? SBAGEN_FADE_SEC;
  const input: ProgramInput = {
    sets: chosen.map((d) => ({ name: d.set.name, voices: d.set.voices.map((v) => scale(v, volume)) })),
    timeline: entries.map((e, i) => ({
      at: times[i]! + lead, set: e.set, fadeIn: e.fadeIn, fadeOut: e.fadeOut, slide: e.slide && i < entries.length - 1,
    })),
    transitionSec,
    ...mixOf(options, warnings),
  };
  const program = validate(input, (path) => {
    const [kind, index] = path;
    const src = kind === 'sets' ? chosen[Number(index)]?.src : entries[Number(index)]?.line.src;
    return src ?? file.content!;
  });

  const lastAt = times[times.length - 1]!;
  const lastSet = sets.get(last.set)!.set;
  let durationSec: number;
  if (wanted !== undefined) durationSec = wanted;
  else if (options.endAtLast && lastAt > 0) durationSec = lastAt; // -E wins over -L, as in SBaGen
  else if (options.lengthSec !== undefined) durationSec = options.lengthSec;
  else if (lastAt > 0 && isSilent(lastSet.voices)) durationSec = lastAt;
  else {
    const earlier = times.filter((t) => t < lastAt);
    const hold = earlier.length > 0 ? Math.max(lastAt - earlier[earlier.length - 1]!, transitionSec) : OPEN_ENDED_SEC;
    durationSec = lastAt + hold;
    warnings.push(`the schedule has no end: "${last.set}" holds for ${formatTime(hold)} after ${formatTime(lastAt)}`);
  }
  if (durationSec <= lastAt && lastAt > 0 && (wanted !== undefined || options.lengthSec !== undefined)) {
    warnings.push(`the session ends at ${formatTime(durationSec)}, before the last time line at ${formatTime(lastAt)}`);
  }
  return { program, durationSec, warnings };
}

/** `-m file`: the program names the audio it mixes in; the person attaches it in the editor. */
function mixOf(options: SbgOptions, warnings: string[]): Pick<ProgramInput, 'mix'> {
  if (!options.mixFile) return {};
  warnings.push(`the schedule mixes in "${options.mixFile}": attach that audio file to the session to hear it`);
  return { mix: { file: options.mixFile.slice(0, 200) } };
}

/** `name: {` then relative time lines up to a lone `}`; returns the index of the `}` line. */
function readBlock(lines: SbgLine[], start: number, name: string, blocks: Map<string, BlockDef>): number {
  const head = lines[start]!;
  const brace = head.tokens[1]!;
  if (brace.text !== '{' || head.tokens.length > 2) {
    const bad: Token = brace.text !== '{' ? { text: brace.text.slice(1), col: brace.col + 1 } : head.tokens[2]!;
    throw sbgError(at(head, bad.col), `unexpected ${quote(bad.text)} after "{": a block's lines go on the following lines`);
  }
  const body: TimeLine[] = [];
  for (let j = start + 1; j < lines.length; j++) {
    const l = lines[j]!;
    const first = l.tokens[0]!;
    if (first.text.startsWith('}')) {
      if (first.text !== '}' || l.tokens.length > 1) {
        const bad = first.text !== '}' ? { text: first.text.slice(1), col: first.col + 1 } : l.tokens[1]!;
        throw sbgError(at(l, bad.col), `unexpected ${quote(bad.text)} after "}"`);
      }
      if (body.length === 0) throw sbgError(at(l, first.col), `block "${name}" is empty`);
      blocks.set(name, { name, src: head, body });
      return j;
    }
    if (!first.text.startsWith('+')) {
      throw sbgError(at(l, first.col), `lines in block "${name}" must start with a relative time ("+hh:mm"), found ${quote(first.text)}`);
    }
    body.push(parseTimeLine(l));
  }
  throw sbgError(at(head, brace.col), `block "${name}" is not closed: missing "}"`);
}

/** SBaGen's `-i` inside a file: the whole session is one tone-set. */
function immediateResult(
  { src: l, specs }: { src: SbgLine; specs: Token[] },
  options: SbgOptions,
  wanted: number | undefined,
  warnings: string[],
): SbgParseResult {
  const voices = parseToneTokens(specs, (tok, offset) => at(l, tok.col + offset), {
    normalise: !options.noNormalise,
    warn: (m) => warnings.push(`line ${l.line}: ${m}`),
  });
  const program = validate(
    {
      sets: [{ name: 'immediate', voices: voices.map((v) => scale(v, options.volume ?? 1)) }],
      timeline: [{ at: 0, set: 'immediate' }],
      transitionSec: options.fadeSec ?? SBAGEN_FADE_SEC,
      ...mixOf(options, warnings),
    },
    () => l,
  );
  const durationSec = wanted ?? options.lengthSec ?? OPEN_ENDED_SEC;
  if (wanted === undefined && options.lengthSec === undefined) warnings.push(`"-i" plays without end; imported as ${formatTime(durationSec)}`);
  return { program, durationSec, warnings };
}

/** The contract has the last word; its complaints become PARSE_ERRORs at the line involved. */
function validate(input: ProgramInput, lineOf: (path: PropertyKey[]) => SbgLine): Program {
  const r = Program.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const l = lineOf(issue.path);
  throw sbgError(at(l, 1), `not a valid Koru program: ${describeIssue(issue)}`);
}

function isSilent(voices: Voice[]): boolean {
  return voices.every((v) => v.amp === 0);
}

function scale(v: Voice, volume: number): Voice {
  return volume === 1 ? v : { ...v, amp: v.amp * volume };
}

/** With -N SBaGen clips a set whose levels add up past 100; Koru's limiter holds it instead. */
function warnLoud(d: SetDef, warnings: string[]): void {
  const total = d.set.voices.reduce((sum, v) => sum + v.amp, 0);
  if (total > 1 + 1e-9) {
    warnings.push(`line ${d.src.line}: tone-set "${d.set.name}" adds up to ${Math.round(total * 100)}% amplitude (SBaGen would clip)`);
  }
}
