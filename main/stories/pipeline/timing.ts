/**
 * Where every segment of a story sits in time, at a given sample rate: the narration mixer's own
 * layout (layoutTimeline) over the segments' real lengths after resampling to that rate, rounded
 * to the frame the mixer starts each one at. Chapter marks and the transcript come from here, so
 * they name the exact sample where a chapter's first words begin.
 */
import type { StoryTranscriptLine } from '../../../contract/stories';
import { layoutTimeline, resampledLength, type TimelineItem } from '../../audio';
import type { StorySegment } from '../../storage';
import { countWords } from '../ear';
import { leadInFor } from './plan';

export interface SegmentLength {
  samples: number;
  sampleRate: number;
}

export interface StoryTiming {
  items: TimelineItem[];
  targetSec: number;
  leadInSec: number;
  /** Start of each segment, seconds (a whole number of frames at `sampleRate`). */
  starts: number[];
  chapters: Array<{ chapter: number; startSec: number; firstItem: number }>;
  transcript: StoryTranscriptLine[];
  durationSec: number;
  /** Spoken seconds (no pauses). */
  speechSec: number;
}

export function storyTiming(segments: StorySegment[], lengthOf: (s: StorySegment) => SegmentLength | null, sampleRate: number, o: { bed: boolean; wpm: number }): StoryTiming {
  const items: TimelineItem[] = segments.map((s) => {
    const l = lengthOf(s);
    const durationSec = l ? resampledLength(l.samples, l.sampleRate, sampleRate) / sampleRate : (countWords(s.text) / o.wpm) * 60;
    return { durationSec, pauseAfterSec: s.pauseSec, group: s.chapter };
  });
  const leadInSec = leadInFor(o.bed);
  const speechSec = items.reduce((t, it) => t + it.durationSec, 0);
  const last = items.at(-1);
  const tail = Math.min(12, Math.max(3, last?.pauseAfterSec ?? 3));
  // The natural length: the pauses as planned (the layout stretches nothing).
  const targetSec = leadInSec + speechSec + items.slice(0, -1).reduce((t, it) => t + Math.max(0.6, it.pauseAfterSec), 0) + tail;
  const { placements, durationSec } = layoutTimeline(items, { targetSec, leadInSec });
  const frame = (sec: number) => Math.round(sec * sampleRate) / sampleRate;
  const starts = placements.map((p) => frame(p.startSec));
  const chapters: StoryTiming['chapters'] = [];
  const transcript: StoryTranscriptLine[] = [];
  segments.forEach((s, i) => {
    if (chapters.at(-1)?.chapter !== s.chapter) chapters.push({ chapter: s.chapter, startSec: starts[i]!, firstItem: i });
    const prev = transcript.at(-1);
    const end = frame(starts[i]! + items[i]!.durationSec);
    if (prev && i > 0 && segments[i - 1]!.chapter === s.chapter && segments[i - 1]!.line === s.line) {
      prev.text = `${prev.text} ${s.text}`;
      prev.endSec = end;
    } else transcript.push({ chapter: s.chapter, speaker: s.speaker, text: s.text, startSec: starts[i]!, endSec: end });
  });
  return { items, targetSec, leadInSec, starts, chapters, transcript, durationSec, speechSec };
}
