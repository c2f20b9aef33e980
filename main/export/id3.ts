/** The ID3v2 tag an MP3 export starts with: its title, and chapters as CHAP frames listed by a
 *  top-level, ordered CTOC (the ID3 chapter addendum), which podcast players show as a list. */
import type NodeID3 from 'node-id3';
import type { Chapter } from './job';

/** node-id3 (about 9 MB resident) loads with the first MP3 tag, not with every render. */
export async function id3Tag(opts: { title?: string; chapters?: readonly Chapter[]; durationSec: number }): Promise<Uint8Array | undefined> {
  const chapters = (opts.chapters ?? []).filter((c) => c.startSec < opts.durationSec);
  if (!opts.title && chapters.length === 0) return undefined;
  const ms = (sec: number) => Math.max(0, Math.round(sec * 1000));
  const ids = chapters.map((_, i) => `chp${i}`);
  const tags: NodeID3.Tags = {
    ...(opts.title ? { title: opts.title } : {}),
    encodedBy: 'Koru',
    ...(chapters.length > 0
      ? {
          chapter: chapters.map((c, i) => ({
            elementID: ids[i]!,
            startTimeMs: ms(c.startSec),
            endTimeMs: ms(chapters[i + 1]?.startSec ?? opts.durationSec),
            tags: { title: c.title },
          })),
          tableOfContents: [{ elementID: 'toc', isOrdered: true, elements: ids }],
        }
      : {}),
  };
  const { default: id3 } = await import('node-id3');
  return new Uint8Array(id3.create(tags));
}
