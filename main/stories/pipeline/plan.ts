/** A script → narration segments (each line chunked under the speech chain's limit) and the
 *  timing rules of a story: a breath between lines, a longer pause between chapters. */
import type { StoryScript } from '../../../contract/stories';
import { chunkText } from '../../providers';
import type { StorySegment } from '../../storage';
import { countWords } from '../ear';
import { DEFAULT_WPM, FALLBACK_WPM } from '../voices';
import type { ProviderId } from '../../providers';

export const LINE_PAUSE_SEC = 0.6;
export const TURN_PAUSE_SEC = 0.7;
export const CHAPTER_PAUSE_SEC = 1.8;
/** Before the first words: a moment of bed when there is one, next to nothing without. */
export const leadInFor = (bed: boolean) => (bed ? 3 : 0.3);

export function planSegments(script: StoryScript, maxChars: number): StorySegment[] {
  const out: StorySegment[] = [];
  script.chapters.forEach((chapter, c) => {
    chapter.lines.forEach((line, l) => {
      const chunks = chunkText(line.text, maxChars);
      const next = chapter.lines[l + 1];
      chunks.forEach((chunk, k) => {
        const lastOfLine = k === chunks.length - 1;
        const pause = !lastOfLine ? LINE_PAUSE_SEC : l === chapter.lines.length - 1 ? CHAPTER_PAUSE_SEC : next && next.speaker !== line.speaker ? TURN_PAUSE_SEC : LINE_PAUSE_SEC;
        out.push({ idx: out.length, chapter: c, line: l, speaker: line.speaker, text: chunk.text, pauseSec: pause, hash: null });
      });
    });
  });
  return out;
}

/** Spoken words that fill `minutes` at `wpm`, leaving room for the pauses a script of that
 *  length has (about one per 14 words, plus the chapter breaks). */
export function wordsFor(minutes: number, wpm: number): number {
  const seconds = minutes * 60;
  const perWordSec = 60 / wpm + LINE_PAUSE_SEC / 14;
  return Math.max(80, Math.round((seconds - 8 * CHAPTER_PAUSE_SEC) / perWordSec));
}

export const defaultWpm = (p: ProviderId) => DEFAULT_WPM[p] ?? FALLBACK_WPM;

export const scriptWords = (s: StoryScript) => s.chapters.reduce((n, c) => n + c.lines.reduce((m, l) => m + countWords(l.text), 0), 0);
