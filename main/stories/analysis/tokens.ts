/**
 * Token counts with gpt-tokenizer (pure JS, o200k_base: the encoding of the GPT-4o family; other
 * vendors' tokenizers differ by a few percent, so budgets given to them keep a margin).
 *
 * Counted, never estimated — but not all at once: a text is cut where a token boundary is certain
 * and each short piece's count is remembered, because code repeats itself (closing braces,
 * imports, licence headers), and the pieces add up to the whole text's count exactly. The cut
 * goes after a line break when the next line starts, past its spaces and tabs, with a printable
 * ASCII character other than '/': none of o200k's pre-token patterns can run across that point
 * (a line break continues only into more whitespace, or into '/' after punctuation), and the only
 * look-ahead, `\s+(?!\S)`, is never tried there because `\s*[\r\n]+` matches first.
 */
import { countTokens as count, isWithinTokenLimit } from 'gpt-tokenizer';

export const ENCODING = 'o200k_base';

/** Special-token text in a file (`<|endoftext|>` in a tokenizer's own repository) is counted
 *  as the plain text it is, as an API sends it, instead of throwing. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/** Pieces up to this long are remembered, up to this many (then the memory starts afresh). */
const MEMO_CHARS = 256;
const MEMO_MAX = 100_000;
const memo = new Map<string, number>();

export function countTokens(text: string): number {
  let n = 0;
  let from = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (!certainBoundary(text, i + 1)) continue;
    n += countPiece(text, from, i + 1);
    from = i + 1;
  }
  return n + countPiece(text, from, text.length);
}

/** Whether `p` (just after a line break) starts a token whatever came before it. */
function certainBoundary(text: string, p: number): boolean {
  let c = text.charCodeAt(p);
  while (c === 0x20 || c === 0x09) c = text.charCodeAt(++p);
  return c > 0x20 && c < 0x7f && c !== 0x2f; // NaN (the end) is not
}

function countPiece(text: string, from: number, to: number): number {
  if (to <= from) return 0;
  const piece = from === 0 && to === text.length ? text : text.slice(from, to);
  if (to - from > MEMO_CHARS) return count(piece, AS_TEXT);
  const known = memo.get(piece);
  if (known !== undefined) return known;
  const n = count(piece, AS_TEXT);
  if (memo.size >= MEMO_MAX) memo.clear();
  // A copy of its own: a slice would keep the whole file's text alive.
  memo.set((' ' + piece).slice(1), n);
  return n;
}

/** Whether `text` fits in `limit` tokens, stopping as soon as it does not. */
export function fitsIn(text: string, limit: number): boolean {
  return isWithinTokenLimit(text, limit, AS_TEXT) !== false;
}
