import { describe, expect, it } from 'vitest';
import type { ProgramInput } from '../../../contract/program';
import { niceCeil, sampleProgramGraph } from './program-graph';

const slide: ProgramInput = {
  sets: [
    { name: 'a', voices: [{ kind: 'binaural', carrier: 200, beat: 10, amp: 0.2 }, { kind: 'noise', color: 'pink', amp: 0.3 }] },
    { name: 'b', voices: [{ kind: 'binaural', carrier: 100, beat: 4, amp: 0.2 }] },
    { name: 'off', voices: [] },
  ],
  timeline: [
    { at: 0, set: 'a', slide: true },
    { at: 600, set: 'b' },
    { at: 900, set: 'off' },
  ],
  transitionSec: 20,
};

const y = (pts: { t: number; y: number | null }[], t: number) => pts.find((p) => Math.abs(p.t - t) < 1e-9)?.y;

describe('sampleProgramGraph', () => {
  it('plots a slide as a straight line from one tone-set to the next, carrier and beat', () => {
    const g = sampleProgramGraph(slide, 1000, 100)!;
    expect(g.lines.map((l) => l.label)).toEqual(['Slot 1 · binaural']);
    const [line] = g.lines;
    expect(y(line!.carrier, 300)).toBeCloseTo(150, 9);
    expect(y(line!.beat, 300)).toBeCloseTo(7, 9);
    expect(g.carrierMax).toBe(200);
    expect(g.beatMax).toBe(10);
  });

  it('breaks the line where the voice is silent: after the last set fades out', () => {
    const [line] = sampleProgramGraph(slide, 1000, 100)!.lines;
    expect(y(line!.carrier, 950)).toBeNull();
    // The fade-out is centred on 900 s: still sounding at 890 s, silent from 910 s.
    expect(y(line!.carrier, 890)).toBe(100);
    expect(y(line!.carrier, 910)).toBeNull();
  });

  it('includes every period boundary, so corners are exact, and refuses an invalid program', () => {
    const g = sampleProgramGraph(slide, 1000, 10)!;
    expect(g.lines[0]!.carrier.some((p) => p.t === 890)).toBe(true);
    expect(sampleProgramGraph({ ...slide, timeline: [{ at: 0, set: 'nope' }] }, 1000)).toBeNull();
  });

  it('rounds axes up to 1, 2 or 5 × 10ⁿ', () => {
    expect([niceCeil(0), niceCeil(7), niceCeil(12), niceCeil(201), niceCeil(0.3)]).toEqual([1, 10, 20, 500, 0.5]);
  });
});
