import { KoruError } from '../../contract/errors';

export interface TextChunk {
  text: string;
  /** The neighbouring chunks' text, for ElevenLabs' previous_text/next_text continuity. */
  previousText?: string;
  nextText?: string;
}

/** Continuity context is capped: vendors only look at the nearby words anyway. */
const CONTEXT_CHARS = 500;

// A sentence ends at . ! ? … (optionally followed by closing quotes/brackets) and whitespace.
const SENTENCE_END = /(?<=[.!?…]["'”’)\]]*)\s+/u;
// Clauses: after , ; : or a dash surrounded by spaces.
const CLAUSE_END = /(?<=[,;:])\s+|\s+(?=[—–]\s)/u;

/** Greedily packs pieces (already ≤ max) into strings ≤ max, joined with single spaces. */
function pack(pieces: string[], max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const p of pieces) {
    if (cur === '') cur = p;
    else if (cur.length + 1 + p.length <= max) cur += ' ' + p;
    else {
      out.push(cur);
      cur = p;
    }
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** Splits one over-long piece at the next finer boundary: clause, then word, then characters. */
function splitLong(piece: string, max: number, level: 0 | 1 | 2): string[] {
  if (piece.length <= max) return [piece];
  if (level === 2) {
    // A single "word" longer than the limit (a URL, a run of symbols): the only mid-word cut.
    const out: string[] = [];
    const chars = Array.from(piece); // never split a surrogate pair
    for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(''));
    return out;
  }
  const parts = piece.split(level === 0 ? CLAUSE_END : /\s+/u).filter((p) => p !== '');
  if (parts.length <= 1) return splitLong(piece, max, (level + 1) as 1 | 2);
  return pack(parts.flatMap((p) => splitLong(p, max, (level + 1) as 1 | 2)), max);
}

function tail(s: string): string {
  if (s.length <= CONTEXT_CHARS) return s;
  const cut = s.slice(-CONTEXT_CHARS);
  const space = cut.indexOf(' ');
  return space >= 0 ? cut.slice(space + 1) : cut;
}

function head(s: string): string {
  if (s.length <= CONTEXT_CHARS) return s;
  const cut = s.slice(0, CONTEXT_CHARS);
  const space = cut.lastIndexOf(' ');
  return space > 0 ? cut.slice(0, space) : cut;
}

/**
 * Splits text into chunks of at most `maxChars` characters at sentence boundaries, then clause,
 * then word boundaries; a word is cut only when it alone exceeds the limit. Whitespace runs
 * collapse to one space (speech does not hear them).
 */
export function chunkText(text: string, maxChars: number): TextChunk[] {
  if (!Number.isInteger(maxChars) || maxChars < 1) {
    throw new KoruError('BAD_INPUT', `maxChars must be a whole number ≥ 1 (got ${maxChars})`);
  }
  const clean = text.replace(/\s+/gu, ' ').trim();
  if (clean === '') return [];
  const sentences = clean.split(SENTENCE_END).filter((s) => s !== '');
  const texts = pack(sentences.flatMap((s) => splitLong(s, maxChars, 0)), maxChars);
  return texts.map((t, i) => {
    const chunk: TextChunk = { text: t };
    const prev = texts[i - 1];
    const next = texts[i + 1];
    if (prev !== undefined) chunk.previousText = tail(prev);
    if (next !== undefined) chunk.nextText = head(next);
    return chunk;
  });
}
