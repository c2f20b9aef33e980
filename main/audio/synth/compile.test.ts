import { describe, expect, it } from 'vitest';
import { KoruError } from '../../../contract/errors';
import { Program, type ProgramInput } from '../../../contract/program';
import type { VoiceInput } from '../../../contract/voice';
import { compileProgram, gainAt, MIN_TRANSITION_SEC, paramsAt, type Segment } from './compile';

const bin = (carrier: number, beat: number, amp = 0.2) => ({ kind: 'binaural' as const, carrier, beat, amp });
const program = (p: ProgramInput): Program => Program.parse(p);
const two = (extra: Partial<ProgramInput> = {}, a: VoiceInput[] = [bin(200, 10)], b: VoiceInput[] = [bin(300, 4)], entry: object = {}) =>
  program({
    sets: [
      { name: 'a', voices: a },
      { name: 'b', voices: b },
    ],
    timeline: [
      { at: 0, set: 'a', ...entry },
      { at: 60, set: 'b' },
    ],
    transitionSec: 10,
    ...extra,
  });
const bounds = (segs: Segment[]) => segs.map((s) => [s.start, s.end]);

describe('compileProgram', () => {
  it('holds one set and fades the session edges', () => {
    const segs = compileProgram(program({ sets: [{ name: 'a', voices: [bin(200, 10)] }], timeline: [{ at: 0, set: 'a' }] }), 100);
    expect(bounds(segs)).toEqual([
      [0, 3],
      [3, 97],
      [97, 100],
    ]);
    expect(segs.map((s) => [s.gainFrom, s.gainTo])).toEqual([
      [0, 1],
      [1, 1],
      [1, 0],
    ]);
    expect(gainAt(segs[2]!, 98.5)).toBeCloseTo(0.5, 12);
    // Edge fades are clamped to a quarter of a short session.
    expect(compileProgram(program({ sets: [{ name: 'a', voices: [] }], timeline: [{ at: 0, set: 'a' }] }), 8)[0]!.end).toBe(2);
  });

  // two(): a = 200+10 at 0 s, b = 300+4 at 60 s, 10 s transitions, looping back to a.
  it('centres transitions on each change; a tone changing pitch under "-" passes through silence', () => {
    const segs = compileProgram(two(), 120, { edgeFadeSec: 0 });
    // The loop's last transition (b → a) ends at 5 s; a → b runs 55–65 s through silence at 60.
    expect(bounds(segs)).toEqual([
      [0, 5],
      [5, 55],
      [55, 60],
      [60, 65],
      [65, 120],
    ]);
    expect(segs[2]!.voices.map((v) => [v.from.freq, v.from.amp, v.to.amp])).toEqual([[200, 0.2, 0]]);
    expect(segs[3]!.voices.map((v) => [v.from.freq, v.from.amp, v.to.amp])).toEqual([[300, 0, 0.2]]);
    expect(segs[0]!.voices.map((v) => [v.from.freq, v.from.amp, v.to.amp])).toEqual([[200, 0, 0.2]]);
    // One slot, one kind: one oscillator all along (SBaGen keeps the channel running).
    expect(new Set(segs.flatMap((s) => s.voices.map((v) => v.track))).size).toBe(1);
  });

  it('glides pitch across the transition when both marks hold ("=")', () => {
    const p = two();
    p.timeline[0]!.fadeOut = 'hold';
    p.timeline[1]!.fadeIn = 'hold';
    const segs = compileProgram(p, 120, { edgeFadeSec: 0 });
    const t = segs.find((s) => s.start === 55)!;
    expect(t.end).toBe(65);
    expect(paramsAt(t, t.voices[0]!, 60)).toEqual({ amp: 0.2, freq: 250, beat: 7, pan: 0 });
  });

  it('changes only the level under "-" when the pitch stays; "<" or ">" force silence', () => {
    const same = (extra: object) => two({}, [bin(200, 10, 0.2)], [bin(200, 10, 0.4)], extra);
    const t = compileProgram(same({}), 120, { edgeFadeSec: 0 }).find((s) => s.start === 55)!;
    expect(paramsAt(t, t.voices[0]!, 60).amp).toBeCloseTo(0.3, 12);
    const hushed = compileProgram(same({ fadeOut: 'silence' }), 120, { edgeFadeSec: 0 }).find((s) => s.end === 60)!;
    expect(hushed.voices[0]!.to.amp).toBe(0);
  });

  it('goes through silence between voices of different kinds, each on its own track', () => {
    const segs = compileProgram(two({}, [bin(200, 10)], [{ kind: 'noise', color: 'pink', amp: 0.4 }], { fadeOut: 'hold' }), 120, { edgeFadeSec: 0 });
    const out = segs.find((s) => s.end === 60)!;
    const into = segs.find((s) => s.start === 60)!;
    expect(out.voices.map((v) => [v.voice.kind, v.from.amp, v.to.amp])).toEqual([['binaural', 0.2, 0]]);
    expect(into.voices.map((v) => [v.voice.kind, v.from.amp, v.to.amp])).toEqual([['noise', 0, 0.4]]);
    expect(into.voices[0]!.track).not.toBe(out.voices[0]!.track);
  });

  it('shortens a transition to the periods beside it (but never below the minimum)', () => {
    const p = program({
      sets: [{ name: 'a', voices: [bin(200, 10)] }, { name: 'b', voices: [bin(300, 4)] }],
      timeline: [{ at: 0, set: 'a' }, { at: 60, set: 'b' }, { at: 62, set: 'a' }],
      transitionSec: 10,
    });
    // a → b takes 5 s before 60 but only the 2 s b lasts after it; b → a then has nothing left
    // before it and runs 62–67 s (SBaGen+ settles this file exactly so).
    const segs = compileProgram(p, 120, { edgeFadeSec: 0 });
    expect(bounds(segs).filter(([a]) => a! >= 50 && a! < 65)).toEqual([
      [55, 58.5],
      [58.5, 62],
      [62, 64.5],
      [64.5, 67],
    ]);
    expect(compileProgram(two({ transitionSec: 0 }), 120, { edgeFadeSec: 0 }).find((s) => s.end === 60)!.start).toBeCloseTo(60 - MIN_TRANSITION_SEC / 2, 9);
  });

  it('slides across the whole period with no separate transition', () => {
    const segs = compileProgram(two({}, undefined, undefined, { slide: true }), 120, { edgeFadeSec: 0 });
    expect(bounds(segs)).toEqual([
      [0, 60],
      [60, 120],
    ]);
    expect(paramsAt(segs[0]!, segs[0]!.voices[0]!, 15)).toEqual({ amp: 0.2, freq: 225, beat: 8.5, pan: 0 });
    expect(segs[1]!.voices[0]!.track).toBe(segs[0]!.voices[0]!.track);
  });

  it('brings in a voice missing on one side of a slide from level 0, and counts bowl strikes from full level', () => {
    const bowl = { kind: 'bowl' as const, freq: 150, amp: 0.5 };
    const segs = compileProgram(two({}, [bin(200, 10)], [bin(300, 4), bowl], { slide: true }), 120, { edgeFadeSec: 0 });
    const arriving = segs[0]!.voices[1]!;
    expect([arriving.voice.kind, arriving.from.amp, arriving.to.amp, arriving.strikeAt]).toEqual(['bowl', 0, 0.5, 60]);
    expect(segs[1]!.voices[1]!.track).toBe(arriving.track);
  });

  it('rings a bell (a bowl struck once) as its period begins, never in a transition', () => {
    const bell = { kind: 'bowl' as const, freq: 440, amp: 0.3, strikeEvery: 0 };
    const segs = compileProgram(two({}, [bin(200, 10), bell], [bin(300, 4), bell]), 120, { edgeFadeSec: 0 });
    const rings = segs.filter((s) => s.voices.some((v) => v.voice.kind === 'bowl'));
    // Through silence (the tone changes pitch) the bell rings from the transition's midpoint.
    expect(rings.map((s) => [s.start, s.end, s.voices.find((v) => v.voice.kind === 'bowl')!.strikeAt])).toEqual([
      [0, 5],
      [60, 65],
    ].map(([a, b]) => [a, b, a]));
  });

  it('plays the loop\'s last period before a first entry after 0 s', () => {
    const segs = compileProgram(
      program({ sets: [{ name: 'a', voices: [bin(200, 10)] }, { name: 'off', voices: [] }], timeline: [{ at: 30, set: 'a' }, { at: 90, set: 'off' }], transitionSec: 4 }),
      100,
      { edgeFadeSec: 0 },
    );
    // Silence (the loop's "off") until the fade-in, centred on 30 s, reaches halfway.
    expect(bounds(segs).slice(0, 3)).toEqual([
      [0, 30],
      [30, 32],
      [32, 88],
    ]);
    expect(segs[0]!.voices).toEqual([]);
    expect(segs[1]!.voices.map((v) => [v.from.amp, v.to.amp])).toEqual([[0, 0.2]]);
  });

  it('lets entries after the end shape the transition that begins before it', () => {
    const segs = compileProgram(two(), 58, { edgeFadeSec: 0 });
    const last = segs[segs.length - 1]!;
    expect([last.start, last.end]).toEqual([55, 58]);
    expect(last.voices[0]!.to.amp).toBeCloseTo(0.2 * (2 / 5), 12);
  });

  it('enters a set written at the same instant as the next from its full level', () => {
    const p = program({
      sets: [{ name: 'a', voices: [bin(200, 10)] }, { name: 'b', voices: [bin(300, 5)] }],
      timeline: [{ at: 0, set: 'a' }, { at: 0, set: 'b' }, { at: 500, set: 'a' }],
    });
    const segs = compileProgram(p, 100, { edgeFadeSec: 0 });
    expect(bounds(segs).slice(0, 3)).toEqual([
      [0, 2.5],
      [2.5, 5],
      [5, 100],
    ]);
    expect(segs[0]!.voices.map((v) => [v.from.freq, v.from.amp, v.to.amp])).toEqual([[200, 0.2, 0]]);
    expect(segs[2]!.voices[0]!.from.freq).toBe(300);
  });

  it('splits segments at the edge fades, interpolating parameters there', () => {
    const segs = compileProgram(two({}, undefined, undefined, { slide: true }), 120, { edgeFadeSec: 6 });
    expect(bounds(segs)).toEqual([
      [0, 6],
      [6, 60],
      [60, 114],
      [114, 120],
    ]);
    expect(segs[0]!.voices[0]!.to.freq).toBeCloseTo(210, 12);
    expect(segs[1]!.voices[0]!.from.freq).toBeCloseTo(210, 12);
  });

  it('runs a sine that glides into a binaural voice on the binaural oscillator, and plays an input with no mix voice at full level', () => {
    const p = two({}, [{ kind: 'sine', freq: 200, amp: 0.2 }], [bin(200, 10)], { slide: true });
    expect(compileProgram(p, 120, { edgeFadeSec: 0 })[0]!.voices[0]!.dsp).toBe('binaural');
    const mixed = compileProgram({ ...p, mix: { file: 'river.ogg' } }, 120, { edgeFadeSec: 0 });
    expect(mixed.every((s) => s.voices.some((v) => v.voice.kind === 'mix' && v.from.amp === 1 && v.slot === -1))).toBe(true);
  });

  it('refuses a bad duration or program with BAD_INPUT', () => {
    const p = two();
    expect(() => compileProgram(p, 0)).toThrow(KoruError);
    expect(() => compileProgram(p, Number.NaN)).toThrow(/durationSec/);
    const bad = { ...p, timeline: [{ at: 0, set: 'nope', fadeIn: 'fade', fadeOut: 'fade', slide: false }] } as Program;
    expect(() => compileProgram(bad, 10)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
