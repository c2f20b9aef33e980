import { quote, readNumber, sbgError, type SbgLine, type Token } from './lex';
import { parseClockArg, TimeSyntaxError } from './time-spec';

/** What the option lines at the top of a file mean for an imported Program. */
export interface SbgOptions {
  /** `-F ms`: transition length, seconds. */
  fadeSec?: number;
  /** `-L hh:mm[:ss]`: session length, seconds. */
  lengthSec?: number;
  /** `-E`: stop at the last time line instead of playing on. */
  endAtLast: boolean;
  /** `-V 1..100`: global volume, applied to every amplitude. */
  volume?: number;
  /** `-i spec ...`: the whole file is one immediate tone-set (the words after -i). */
  immediate?: { src: SbgLine; specs: Token[] };
  /** `-p drop|slide ...`: a pre-programmed sequence (the words after -p). */
  preprogram?: { src: SbgLine; args: Token[] };
  /** `-N`: keep levels that add up past 100 % (SBaGen normalises them by default). */
  noNormalise?: boolean;
  /** `-m file`: the audio mixed in; the first one named wins, as in SBaGen. */
  mixFile?: string;
  /** `-T hh:mm`: the clock time SBaGen starts at. */
  startClockSec?: number;
}

/** Options with an argument (SBaGen + SBaGen+ `-h`); the others are plain flags. */
const WITH_ARG = new Set(['q', 'r', 'b', 'L', 'T', 'o', 'm', 'R', 'F', 'd', 'c', 'V', 'w', 'B']);
/** Flags that only concern playing or writing audio, which Koru decides itself. */
const OUTPUT_FLAGS = new Set(['Q', 'D', 'O', 'W', 'M']);
const OUTPUT_ARGS = new Set(['q', 'r', 'b', 'o', 'R', 'd', 'B']);

/**
 * One option line (`-SE`, `-F 10000`, `-m river1.ogg -p drop 00ds+ mix/100`). Flags can be
 * grouped (`-SE`, `-Wo out.wav`); an option's argument is the next word on the line.
 */
export function applyOptionLine(l: SbgLine, opts: SbgOptions, warnings: string[]): void {
  const at = (tok: Token, offset = 0) => ({ line: l.line, column: tok.col + offset, text: l.raw });
  const warn = (tok: Token, msg: string) => warnings.push(`line ${l.line}, col ${tok.col}: ${msg}`);
  let i = 0;
  while (i < l.tokens.length) {
    const tok = l.tokens[i++]!;
    if (!tok.text.startsWith('-') || tok.text.length < 2) {
      warn(tok, `stray word ${quote(tok.text)} on an option line ignored`);
      continue;
    }
    for (let k = 1; k < tok.text.length; k++) {
      const letter = tok.text[k]!;
      if (letter === 'p') {
        opts.preprogram = { src: l, args: l.tokens.slice(i) };
        if (opts.preprogram.args.length === 0) throw sbgError({ line: l.line, column: l.endCol, text: l.raw }, '"-p" needs "drop" or "slide" after it');
        return;
      }
      if (letter === 'i') {
        opts.immediate = { src: l, specs: l.tokens.slice(i) };
        if (opts.immediate.specs.length === 0) throw sbgError({ line: l.line, column: l.endCol, text: l.raw }, '"-i" needs tone specs after it');
        return;
      }
      if (!WITH_ARG.has(letter)) {
        if (letter === 'E') opts.endAtLast = true;
        else if (letter === 'N') opts.noNormalise = true;
        else if (letter === 'S') continue; // Koru always starts at the first time line, as -S does
        else if (OUTPUT_FLAGS.has(letter)) warn(tok, `option -${letter} ignored (an output setting)`);
        else warn(tok, `unknown option -${letter} ignored`);
        continue;
      }
      const arg = l.tokens[i++];
      if (!arg) throw sbgError({ line: l.line, column: l.endCol, text: l.raw }, `option -${letter} needs an argument`);
      applyArgOption(letter, tok, arg, opts, { at, warn });
    }
  }
}

function applyArgOption(
  letter: string,
  tok: Token,
  arg: Token,
  opts: SbgOptions,
  ctx: { at: (tok: Token, offset?: number) => { line: number; column: number; text: string }; warn: (tok: Token, msg: string) => void },
): void {
  const number = (what: string): number => {
    const n = readNumber(arg.text, 0);
    if (!n || n.end !== arg.text.length) throw sbgError(ctx.at(arg, n ? n.end : 0), `bad number ${quote(arg.text)} for -${letter}: expected ${what}`);
    return n.value;
  };
  const clock = (): number => {
    try {
      return parseClockArg(arg.text);
    } catch (e) {
      if (e instanceof TimeSyntaxError) throw sbgError(ctx.at(arg, e.offset), `-${letter}: ${e.message}`);
      throw e;
    }
  };
  switch (letter) {
    case 'F': {
      const ms = number('a fade time in milliseconds');
      if (ms > 600_000) throw sbgError(ctx.at(arg), `fade time ${ms} ms is above the 600000 ms Koru allows`);
      opts.fadeSec = ms / 1000;
      return;
    }
    case 'L': {
      const sec = clock();
      if (sec <= 0) throw sbgError(ctx.at(arg), '-L length must be above zero');
      opts.lengthSec = sec;
      return;
    }
    case 'V': {
      const v = number('a volume from 1 to 100');
      if (v < 1 || v > 100) throw sbgError(ctx.at(arg), `-V volume ${v} must be 1-100`);
      opts.volume = v / 100;
      return;
    }
    case 'w':
      if (arg.text !== 'sine') throw sbgError(ctx.at(arg), `"-w ${arg.text}": waveforms other than sine are not supported`);
      return;
    case 'T':
      opts.startClockSec = clock();
      return;
    case 'm':
      opts.mixFile ??= arg.text;
      return;
    case 'c':
      ctx.warn(tok, 'option -c (headphone compensation) ignored');
      return;
    default:
      if (OUTPUT_ARGS.has(letter)) ctx.warn(tok, `option -${letter} ${arg.text} ignored (an output setting)`);
      else ctx.warn(tok, `option -${letter} ${arg.text} ignored`);
  }
}
