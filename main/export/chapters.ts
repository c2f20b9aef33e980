/** Chapters of a narration mix: each group of segments (a ritual's section, a story's scene)
 *  starts where the mixer places its first segment; the first chapter starts at 0, so the
 *  lead-in belongs to it. Placement is the mixer's own pure layout, so the marks match the audio. */
import type { NarrationSpec } from '../audio';
import { layoutTimeline } from '../audio';
import type { Chapter } from './job';

export function narrationChapters(spec: NarrationSpec, groups: readonly { title: string; firstItem: number }[]): Chapter[] {
  const { placements } = layoutTimeline(spec.items, { targetSec: spec.targetSec, ...(spec.leadInSec === undefined ? {} : { leadInSec: spec.leadInSec }) });
  return groups
    .filter((g) => placements[g.firstItem] !== undefined)
    .map((g, i) => ({ title: g.title, startSec: i === 0 ? 0 : placements[g.firstItem]!.startSec }));
}
