import { KoruError } from '../../../contract/errors';

/** Where a problem is: 1-based line (absent for an immediate spec) and column, plus the line's text. */
export interface SbgLocation {
  line?: number;
  column: number;
  text: string;
}

/** A whitespace-separated word and the 1-based column it starts at. */
export interface Token {
  text: string;
  col: number;
}

/** One meaningful line of a file: comments stripped, split into tokens. */
export interface SbgLine {
  line: number;
  /** The line as written (for error details). */
  raw: string;
  tokens: Token[];
  /** Column just past the last token, for "missing …" errors at the end of the line. */
  endCol: number;
}

export function sbgError(loc: SbgLocation, message: string): KoruError {
  const where = loc.line === undefined ? `col ${loc.column}` : `line ${loc.line}, col ${loc.column}`;
  const details = loc.line === undefined
    ? { column: loc.column, text: loc.text }
    : { line: loc.line, column: loc.column, text: loc.text };
  return new KoruError('PARSE_ERROR', `${where}: ${message}`, details);
}

/** Split into whitespace-separated tokens, remembering each token's column. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) tokens.push({ text: m[0], col: m.index + 1 });
  return tokens;
}

/**
 * SBaGen's readLine(): everything from the first '#' is a comment (`##` ones too: SBaGen only
 * prints those), blank lines vanish.
 */
export function lexSbg(source: string): SbgLine[] {
  const lines: SbgLine[] = [];
  const rawLines = source.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  rawLines.forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const code = hash >= 0 ? raw.slice(0, hash) : raw;
    const tokens = tokenize(code);
    if (tokens.length === 0) return;
    const last = tokens[tokens.length - 1]!;
    lines.push({ line: i + 1, raw, tokens, endCol: last.col + last.text.length });
  });
  return lines;
}

/** An unsigned decimal as SBaGen writes them: `200`, `1.5`, `.5`, `10.`. */
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)/;

/** Read a number at `pos`; returns it and the position after it, or null when there is none. */
export function readNumber(text: string, pos: number): { value: number; end: number } | null {
  const m = NUMBER.exec(text.slice(pos));
  if (!m) return null;
  return { value: Number(m[0]), end: pos + m[0].length };
}

/** A short quoted excerpt for messages, so a long junk line does not flood the error. */
export function quote(text: string, max = 24): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
