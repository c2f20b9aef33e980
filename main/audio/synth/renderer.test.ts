import { describe, expect, it } from 'vitest';
import { Program } from '../../../contract/program';
import type { VoiceInput } from '../../../contract/voice';
import { drain, firstDifference, maxStep, oneSet, peakAbs, renderProgram, rms } from './measure';
import { createSessionRenderer } from './renderer';

const SR = 44100;
const sec = (s: number) => Math.round(s * SR);
const bin = (carrier: number, beat: number, amp = 0.3) => ({ kind: 'binaural' as const, carrier, beat, amp });

/** Set a at 0, set b at 5 s, 2 s transition, 10 s in all. */
function twoSets(b: VoiceInput[], entry: object = {}, a: VoiceInput[] = [bin(200, 10)]): Program {
  return Program.parse({
    sets: [
      { name: 'a', voices: a },
      { name: 'b', voices: b },
    ],
    timeline: [
      { at: 0, set: 'a', ...entry },
      { at: 5, set: 'b' },
    ],
    transitionSec: 2,
  });
}

/** The largest step anywhere in the channel, with the silence after the end counted. */
function clickiness(x: Float64Array, from: number, to: number): number {
  const end = to >= x.length ? Math.abs(x[x.length - 1]!) : 0;
  return Math.max(maxStep(x, from, to), end);
}

describe('no clicks', () => {
  it('fades in at the start and out at the end (and the metric does catch a hard stop)', () => {
    const p = oneSet([bin(200, 10)]);
    const { L } = renderProgram(p, 4, { edgeFadeSec: 1 });
    const steady = maxStep(L, sec(1.5), sec(2.5));
    expect(clickiness(L, 0, sec(0.2))).toBeLessThanOrEqual(2 * steady);
    expect(clickiness(L, sec(3.8), L.length)).toBeLessThanOrEqual(2 * steady);
    // Without edge fades the end stops mid-wave: a step far above the steady one.
    const hard = renderProgram(oneSet([bin(200.5, 10)]), 4.001, { edgeFadeSec: 0 }).L;
    expect(clickiness(hard, hard.length - 10, hard.length)).toBeGreaterThan(2 * steady);
  });

  const cases: Array<[string, Program]> = [
    ['fade (glide)', twoSets([bin(300, 4)])],
    ['silence', twoSets([bin(300, 4)], { fadeOut: 'silence' })],
    ['slide', twoSets([bin(300, 4)], { slide: true })],
    ['cross-fade to another kind', twoSets([{ kind: 'sine', freq: 320, amp: 0.3 }])],
    ['isochronic glide', twoSets([{ kind: 'isochronic', carrier: 250, pulse: 12, amp: 0.3 }], {}, [{ kind: 'isochronic', carrier: 200, pulse: 6, amp: 0.3 }])],
  ];
  for (const [name, program] of cases) {
    it(`through a ${name} transition`, () => {
      const { L, R } = renderProgram(program, 10, { edgeFadeSec: 0.5 });
      for (const x of [L, R]) {
        const steady = Math.max(maxStep(x, sec(1), sec(2)), maxStep(x, sec(8), sec(9)));
        expect(maxStep(x, sec(0), sec(10))).toBeLessThanOrEqual(2 * steady);
      }
    });
  }

  it('around seeks, both within a set and into another one', () => {
    // Set b holds a sine: seeking into it drops the binaural voice, which would click unfaded
    // unless it happened to be near a zero crossing — so seek back and forth several times.
    const r = createSessionRenderer(twoSets([{ kind: 'sine', freq: 320, amp: 0.3 }]), { sampleRate: SR, durationSec: 10 });
    // Odd block lengths, so the seeks do not all fall on the same phase of the tone.
    const parts = [drain(r, sec(4) + 19).L];
    const steady = maxStep(parts[0]!, sec(3), sec(4));
    [1.2345, 8, 2.5, 8.77, 3.1, 9.2].forEach((to, i) => {
      r.seek(to);
      parts.push(drain(r, sec(0.3) + 37 * i).L);
      expect(Math.abs(r.positionSec - (to + 0.3))).toBeLessThan(0.03);
    });
    const x = Float64Array.from(parts.flatMap((p) => Array.from(p)));
    expect(maxStep(x, sec(3), x.length)).toBeLessThanOrEqual(2 * steady);
  });

  it('when ending early with a fade', () => {
    const r = createSessionRenderer(oneSet([bin(200, 10)]), { sampleRate: SR, durationSec: 60 });
    const a = drain(r, sec(4));
    r.endWithFade(0.5);
    const b = drain(r, sec(5));
    expect(b.L.length).toBe(sec(0.5));
    expect(r.render(new Float32Array(64), 32)).toBe(0);
    const x = Float64Array.from([...a.L, ...b.L]);
    expect(clickiness(x, sec(3.5), x.length)).toBeLessThanOrEqual(2 * maxStep(a.L, sec(3), sec(4)));
  });
});

describe('phase continuity', () => {
  it('a sine sliding 200 → 400 Hz has smoothly changing half-periods throughout', () => {
    const p = Program.parse({
      sets: [
        { name: 'lo', voices: [{ kind: 'sine', freq: 200, amp: 0.5 }] },
        { name: 'hi', voices: [{ kind: 'sine', freq: 400, amp: 0.5 }] },
      ],
      timeline: [
        { at: 0, set: 'lo', slide: true },
        { at: 3, set: 'hi' },
      ],
    });
    const { L } = renderProgram(p, 4, { edgeFadeSec: 0, block: 1000 });
    const crossings: number[] = [];
    for (let i = 1; i < L.length; i++) {
      if ((L[i - 1]! < 0 && L[i]! >= 0) || (L[i - 1]! >= 0 && L[i]! < 0)) crossings.push(i - 1 + L[i - 1]! / (L[i - 1]! - L[i]!));
    }
    let worst = 0;
    for (let i = 2; i < crossings.length; i++) {
      const h1 = crossings[i - 1]! - crossings[i - 2]!, h2 = crossings[i]! - crossings[i - 1]!;
      worst = Math.max(worst, Math.abs(h2 - h1) / h1);
    }
    // A jump in phase would shorten or stretch one half-period by a visible fraction.
    expect(worst).toBeLessThan(1e-3);
    expect(crossings.length).toBeGreaterThan(2 * 200 * 4);
  });
});

describe('determinism', () => {
  const rich = twoSets(
    [
      { kind: 'noise', color: 'pink', amp: 0.3 },
      { kind: 'bowl', freq: 180, amp: 0.5, strikeEvery: 1.3, decay: 8 },
    ],
    {},
    [
      { kind: 'noise', color: 'pink', amp: 0.3 },
      { kind: 'bowl', freq: 150, amp: 0.5, strikeEvery: 2, decay: 8 },
      bin(200, 10),
    ],
  );

  it('renders the same samples twice, whatever the block size', () => {
    const a = renderProgram(rich, 8, { seed: 9 });
    const b = renderProgram(rich, 8, { seed: 9 });
    const c = renderProgram(rich, 8, { seed: 9, block: 777 });
    // (toEqual on 350 000-sample arrays is slow; compare directly.)
    expect(firstDifference(b.L, a.L)).toBe(-1);
    expect(firstDifference(b.R, a.R)).toBe(-1);
    let diff = 0;
    for (let i = 0; i < a.L.length; i++) diff = Math.max(diff, Math.abs(a.L[i]! - c.L[i]!), Math.abs(a.R[i]! - c.R[i]!));
    expect(diff).toBeLessThan(1e-6);
    expect(peakAbs(a.L)).toBeGreaterThan(0.1);
  });
});

describe('renderer API', () => {
  it('reports the frequencies it is producing, gliding with the program', () => {
    // A slide from 200+10 to 300+4 over the 5 s of the first period.
    const r = createSessionRenderer(twoSets([bin(300, 4)], { slide: true }), { sampleRate: SR, durationSec: 10 });
    drain(r, sec(1));
    const ear = (label: string) => r.active().find((t) => t.label === label)!.freq;
    expect(ear('binaural L')).toBeCloseTo(220 + 4.4, 6);
    expect(ear('binaural R')).toBeCloseTo(220 - 4.4, 6);
    drain(r, sec(2.5));
    expect(ear('binaural L')).toBeCloseTo(270 + 2.9, 6);
    // Each frequency says what it is, so the visuals need not read labels.
    expect(r.active().map((t) => [t.label, t.role])).toEqual([
      ['binaural L', 'tone'],
      ['binaural R', 'tone'],
      ['binaural beat', 'beat'],
    ]);
  });

  it('lands a seek inside a ringing bowl as if it had been struck', () => {
    const r = createSessionRenderer(oneSet([{ kind: 'bowl', freq: 200, amp: 0.8, strikeEvery: 0, decay: 20 }]), {
      sampleRate: SR,
      durationSec: 30,
      edgeFadeSec: 0,
    });
    const start = rms(drain(r, sec(0.5)).L);
    r.seek(6);
    const after = rms(drain(r, sec(0.5)).L.subarray(sec(0.05)));
    // T60 of 20 s: 6 s later the fundamental is ~18 dB down, the rest faster; not silent.
    expect(after / start).toBeGreaterThan(0.02);
    expect(after / start).toBeLessThan(0.3);
  });

  it('returns fewer frames at the end, then zeros', () => {
    const r = createSessionRenderer(oneSet([bin(200, 10)]), { sampleRate: SR, durationSec: 0.1 });
    const out = new Float32Array(8192 * 2).fill(1);
    expect(r.render(out, 8192)).toBe(sec(0.1));
    expect(out[sec(0.1) * 2 + 5]).toBe(0);
    expect(r.durationSec).toBe(0.1);
  });

  it('refuses bad input with BAD_INPUT', () => {
    const p = oneSet([bin(200, 10)]);
    expect(() => createSessionRenderer(p, { sampleRate: 0, durationSec: 5 })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    const r = createSessionRenderer(p, { sampleRate: SR, durationSec: 5 });
    expect(() => r.render(new Float32Array(10), 6)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => r.seek(Number.NaN)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
