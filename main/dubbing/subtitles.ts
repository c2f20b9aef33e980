/** SRT and VTT in and out, through subsrt-ts. An imported transcript is checked before it is
 *  used: cues in order, none overlapping the next, none running past the end of the recording. */
import subsrt from 'subsrt-ts';
import { KoruError } from '../../contract/errors';
import { DUB_MAX_SEGMENTS, DUB_TEXT_MAX } from '../../contract/dubbing';

export interface Cue {
  start: number;
  end: number;
  text: string;
}

export type SubtitleFormat = 'srt' | 'vtt';

const clock = (sec: number) => {
  const ms = Math.round(sec * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = (ms / 1000) % 60;
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
};

function bad(name: string, why: string): KoruError {
  return new KoruError('PARSE_ERROR', `The transcript "${name}" cannot be used: ${why}.`, { file: name });
}

/** Parses an SRT or VTT; `durationSec` (the recording's length) bounds the cue times. */
export function parseSubtitles(content: string, name: string, durationSec?: number): Cue[] {
  const text = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw bad(name, 'it is empty');
  let format: string;
  try {
    format = subsrt.detect(text);
  } catch {
    format = '';
  }
  if (format !== 'srt' && format !== 'vtt') throw bad(name, 'it is not SRT or VTT subtitles');
  let captions;
  try {
    captions = subsrt.parse(text, { format });
  } catch (err) {
    throw bad(name, `its ${format.toUpperCase()} could not be read (${(err as Error).message})`);
  }
  const cues: Cue[] = [];
  for (const c of captions) {
    if (c.type !== 'caption') continue;
    const line = c.text.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
    if (!line) continue;
    if (!Number.isFinite(c.start) || !Number.isFinite(c.end) || c.end <= c.start) throw bad(name, `cue ${cues.length + 1} ends before it starts (${clock(c.start / 1000)} → ${clock(c.end / 1000)})`);
    if (line.length > DUB_TEXT_MAX) throw bad(name, `cue ${cues.length + 1} is longer than ${DUB_TEXT_MAX} characters`);
    cues.push({ start: c.start / 1000, end: c.end / 1000, text: line });
  }
  if (cues.length === 0) throw bad(name, 'it has no cues with text');
  if (cues.length > DUB_MAX_SEGMENTS) throw bad(name, `it has ${cues.length} cues; Koru dubs at most ${DUB_MAX_SEGMENTS}`);
  checkCues(cues, name, durationSec);
  return cues;
}

/** Cues in order, no overlap, within the recording. */
export function checkCues(cues: readonly Cue[], name: string, durationSec?: number): void {
  cues.forEach((c, i) => {
    const next = cues[i + 1];
    if (next && next.start < c.start) throw bad(name, `cue ${i + 2} (${clock(next.start)}) starts before cue ${i + 1} (${clock(c.start)})`);
    if (next && next.start < c.end - 0.001) throw bad(name, `cue ${i + 1} (${clock(c.start)} → ${clock(c.end)}) overlaps cue ${i + 2}, which starts at ${clock(next.start)}`);
    if (durationSec !== undefined && c.end > durationSec + 0.05) {
      throw bad(name, `cue ${i + 1} runs to ${clock(c.end)}, past the end of the recording (${clock(durationSec)})`);
    }
  });
}

export function buildSubtitles(cues: readonly Cue[], format: SubtitleFormat): string {
  const captions = cues.map((c, i) => ({ type: 'caption' as const, index: i + 1, start: Math.round(c.start * 1000), end: Math.round(c.end * 1000), duration: Math.round((c.end - c.start) * 1000), content: c.text, text: c.text }));
  return subsrt.build(captions, { format });
}
