/**
 * A story's text outputs, derived from its sample-accurate timing: a chapters file in the
 * Podcasting 2.0 JSON chapters format (version 1.2.0) and a Markdown transcript with timestamps.
 */
import type { Story } from '../../../contract/stories';

export function clock(sec: number): string {
  const ms = Math.round(sec * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${h > 0 ? `${h}:` : ''}${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** Times are seconds with millisecond precision, as the format allows decimals. */
export function podcastChapters(title: string, chapters: ReadonlyArray<{ title: string; startSec: number }>): string {
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return `${JSON.stringify(
    { version: '1.2.0', title, author: 'Koru', chapters: chapters.map((c) => ({ startTime: r3(c.startSec), title: c.title })) },
    null,
    2,
  )}\n`;
}

export function markdownTranscript(story: Story, chapters: ReadonlyArray<{ title: string; startSec: number }>, transcript: Story['transcript'], offsetSec = 0): string {
  const names = Object.fromEntries(story.speakers.map((s) => [s.speaker, s.speaker === 'host' ? 'Host' : 'Guest']));
  const podcast = story.request.style === 'podcast';
  const out = [`# ${story.title}`, ''];
  if (story.script?.summary) out.push(story.script.summary, '');
  if (story.repo) out.push(`Source: ${story.repo.label}${story.repo.commit ? ` at ${story.repo.commit.slice(0, 12)}` : ''}`, '');
  chapters.forEach((c, i) => {
    out.push(`## [${clock(c.startSec)}] ${c.title}`, '');
    for (const l of transcript.filter((t) => t.chapter === i)) {
      out.push(`[${clock(l.startSec + offsetSec)}] ${podcast ? `**${names[l.speaker] ?? l.speaker}:** ` : ''}${l.text}`, '');
    }
  });
  return out.join('\n');
}
