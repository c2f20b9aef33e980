import { describe, expect, it } from 'vitest';
import type { NarrationSpec } from '../audio/render-spec';
import { layoutTimeline } from '../audio/mix/timeline';
import { narrationChapters } from './chapters';

describe('narrationChapters', () => {
  it('starts each group where the mixer places its first segment, the first at 0', () => {
    const items = [
      { durationSec: 5, pauseAfterSec: 1 },
      { durationSec: 4, pauseAfterSec: 10 },
      { durationSec: 6, pauseAfterSec: 2 },
      { durationSec: 3, pauseAfterSec: 5 },
    ];
    const spec: NarrationSpec = { kind: 'narration', bed: null, targetSec: 120, items, balance: 0.5, segments: [], open: false, leadInSec: 2 };
    const { placements } = layoutTimeline(items, { targetSec: 120, leadInSec: 2 });
    const chapters = narrationChapters(spec, [
      { title: 'Opening', firstItem: 0 },
      { title: 'Body scan', firstItem: 2 },
      { title: 'Closing', firstItem: 3 },
      { title: 'Beyond the end', firstItem: 9 },
    ]);
    expect(chapters).toEqual([
      { title: 'Opening', startSec: 0 },
      { title: 'Body scan', startSec: placements[2]!.startSec },
      { title: 'Closing', startSec: placements[3]!.startSec },
    ]);
    expect(chapters[1]!.startSec).toBeGreaterThan(2 + 5 + 4);
  });
});
