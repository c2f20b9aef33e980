import { describe, expect, it } from 'vitest';
import { layoutTimeline, type TimelineItem } from './timeline';

const items: TimelineItem[] = [
  { durationSec: 20, pauseAfterSec: 10 },
  { durationSec: 30, pauseAfterSec: 20 },
  { durationSec: 10, pauseAfterSec: 5 },
];

describe('timeline', () => {
  it('stretches the pauses in proportion so speech + silence fill the target', () => {
    const t = layoutTimeline(items, { targetSec: 300, leadInSec: 4 });
    expect(t.durationSec).toBe(300);
    const [a, b, c] = t.placements;
    expect(a?.startSec).toBe(4);
    const gap1 = b!.startSec - a!.endSec;
    const gap2 = c!.startSec - b!.endSec;
    expect(gap2 / gap1).toBeCloseTo(2, 6);
    // Tail = the last pause (5 s, within 3…12).
    expect(300 - c!.endSec).toBeCloseTo(5, 6);
    for (const p of t.placements) expect(p.endSec).toBeGreaterThan(p.startSec);
  });

  it('keeps a breath between segments and runs long when the speech alone does not fit', () => {
    const t = layoutTimeline(items, { targetSec: 30, leadInSec: 2, minPauseSec: 0.5 });
    expect(t.placements[1]!.startSec - t.placements[0]!.endSec).toBe(0.5);
    expect(t.durationSec).toBeCloseTo(2 + 60 + 1 + 5, 6);
  });

  it('re-lays out only the items that have not started, after the previous one ended', () => {
    const full = layoutTimeline(items, { targetSec: 300 });
    const end0 = full.placements[0]!.endSec;
    // Item 1 turned out 10 s longer than estimated: the rest still ends on the target.
    const longer = items.map((it, i) => (i === 1 ? { ...it, durationSec: 40 } : it));
    const re = layoutTimeline(longer, { targetSec: 300, fromIndex: 1, fromSec: end0 });
    expect(re.placements).toHaveLength(2);
    expect(re.placements[0]!.startSec).toBeGreaterThan(end0);
    expect(re.durationSec).toBe(300);
    expect(300 - re.placements[1]!.endSec).toBeCloseTo(5, 6);
  });

  it('starts a late item exactly where it is told', () => {
    const re = layoutTimeline(items, { targetSec: 300, fromIndex: 1, firstStartSec: 123 });
    expect(re.placements[0]!.startSec).toBe(123);
  });

  it('handles an empty script', () => {
    expect(layoutTimeline([], { targetSec: 60 })).toEqual({ placements: [], durationSec: 60 });
  });
});
