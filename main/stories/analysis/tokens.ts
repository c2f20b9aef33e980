/**
 * Token counts with gpt-tokenizer (pure JS, o200k_base: the encoding of the GPT-4o family; other
 * vendors' tokenizers differ by a few percent, so budgets given to them keep a margin).
 */
import { countTokens as count, isWithinTokenLimit } from 'gpt-tokenizer';

export const ENCODING = 'o200k_base';

/** Special-token text in a file (`<|endoftext|>` in a tokenizer's own repository) is counted
 *  as the plain text it is, as an API sends it, instead of throwing. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

export function countTokens(text: string): number {
  return count(text, AS_TEXT);
}

/** Whether `text` fits in `limit` tokens, stopping as soon as it does not. */
export function fitsIn(text: string, limit: number): boolean {
  return isWithinTokenLimit(text, limit, AS_TEXT) !== false;
}
