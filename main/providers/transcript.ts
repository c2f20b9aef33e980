/** Word timestamps → segments a person would call lines: a new line after a sentence ends, when
 *  the speaker changes, or at a pause; never longer than a subtitle can comfortably hold. */
import type { TranscriptSegment, TranscriptWord } from './types';

/** A pause this long between words starts a new line (seconds). */
const PAUSE_SEC = 0.7;
/** A line is closed at a sentence end once it is this long, and at any word past the maximum. */
const MIN_LINE_SEC = 1.2;
const MAX_LINE_SEC = 12;

export function wordsToSegments(words: readonly TranscriptWord[]): TranscriptSegment[] {
  const out: TranscriptSegment[] = [];
  let line: TranscriptWord[] = [];
  const close = () => {
    if (line.length === 0) return;
    const text = line.map((w) => w.text).join(' ').replace(/\s+([,.;:!?…])/g, '$1').trim();
    const speaker = line[0]!.speaker;
    if (text) out.push({ start: line[0]!.start, end: line.at(-1)!.end, text, ...(speaker ? { speaker } : {}) });
    line = [];
  };
  for (const w of words) {
    const prev = line.at(-1);
    if (prev) {
      const pause = w.start - prev.end > PAUSE_SEC;
      const speakerChanged = (w.speaker ?? '') !== (prev.speaker ?? '');
      const sentenceEnded = /[.!?…。！？]["'»”)]*$/.test(prev.text) && prev.end - line[0]!.start >= MIN_LINE_SEC;
      const tooLong = w.end - line[0]!.start > MAX_LINE_SEC;
      if (pause || speakerChanged || sentenceEnded || tooLong) close();
    }
    line.push(w);
  }
  close();
  return out;
}
