/** Where each narration segment goes in time. Pure: the mixer calls it again whenever a
 *  segment's real length becomes known, re-placing only the segments that have not started. */

export interface TimelineItem {
  /** Spoken length (real once synthesized, estimated before). */
  durationSec: number;
  /** What it belongs to (a ritual: its script section), reported back while it is spoken. */
  group?: number;
  /** Requested silence after it; scaled so that everything fills the target. */
  pauseAfterSec: number;
}

export interface Placement {
  startSec: number;
  endSec: number;
}

export interface TimelineOptions {
  /** The ritual's requested length. */
  targetSec: number;
  /** Bed alone before the first words (default 4 s). */
  leadInSec?: number;
  /** Bed alone after the last words (default: the last item's pause, clamped to 3…12 s). */
  tailSec?: number;
  /** Shortest silence between segments (default 0.6 s, a breath). */
  minPauseSec?: number;
  /** Lay out items from this index on (earlier ones have already played). */
  fromIndex?: number;
  /** When the speech before `fromIndex` ended (0 with no speech yet: the lead-in follows). */
  fromSec?: number;
  /** Start item `fromIndex` exactly here (it was late: the playhead is already past its slot). */
  firstStartSec?: number;
}

export interface Timeline {
  /** One per item from `fromIndex` on (index i − fromIndex). */
  placements: Placement[];
  /** Where the ritual ends: ≥ the target, longer only if the speech itself does not fit. */
  durationSec: number;
}

export function layoutTimeline(items: readonly TimelineItem[], opts: TimelineOptions): Timeline {
  const from = opts.fromIndex ?? 0;
  const fromSec = opts.fromSec ?? 0;
  const lead = opts.leadInSec ?? 4;
  const minPause = opts.minPauseSec ?? 0.6;
  const rest = items.slice(from);
  const last = items.at(-1);
  const tail = opts.tailSec ?? Math.min(12, Math.max(3, last?.pauseAfterSec ?? 3));
  if (rest.length === 0) return { placements: [], durationSec: Math.max(opts.targetSec, fromSec + (items.length ? tail : 0)) };

  // Gaps to fill: the one before the first item (lead-in, the previous item's pause, or none when
  // the start is forced) and the one after each item but the last.
  const firstGap = opts.firstStartSec !== undefined ? null : from === 0 ? lead : (items[from - 1]?.pauseAfterSec ?? 0);
  const gaps = rest.slice(0, -1).map((it) => it.pauseAfterSec);
  const speech = rest.reduce((s, it) => s + it.durationSec, 0);
  const start0 = opts.firstStartSec ?? fromSec;
  // The lead-in is fixed; the pauses stretch or shrink to make the total come out at the target.
  const fixed = from === 0 && firstGap !== null ? lead : 0;
  const scalable = [...(firstGap !== null && from > 0 ? [firstGap] : []), ...gaps];
  const requested = scalable.reduce((s, p) => s + p, 0);
  const available = opts.targetSec - start0 - fixed - speech - tail;
  const k = requested > 0 ? Math.max(0, available) / requested : 0;
  const even = scalable.length > 0 && requested === 0 ? Math.max(0, available) / scalable.length : 0;
  const scale = (p: number) => Math.max(minPause, requested > 0 ? p * k : even);

  const placements: Placement[] = [];
  let t = start0;
  if (firstGap !== null) t += from === 0 ? lead : scale(firstGap);
  rest.forEach((it, i) => {
    placements.push({ startSec: t, endSec: t + it.durationSec });
    t += it.durationSec;
    if (i < rest.length - 1) t += scale(it.pauseAfterSec);
  });
  return { placements, durationSec: Math.max(opts.targetSec, t + tail) };
}
