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

  it('glides matching voices across a fade transition that starts at the boundary', () => {
    const segs = compileProgram(two(), 120, { edgeFadeSec: 0 });
    expect(bounds(segs)).toEqual([
      [0, 60],
      [60, 70],
      [70, 120],
    ]);
    const t = segs[1]!;
    expect(t.voices).toHaveLength(1);
    expect(t.voices[0]!.track).toBe(segs[0]!.voices[0]!.track);
    expect(segs[2]!.voices[0]!.track).toBe(t.voices[0]!.track);
    expect(paramsAt(t, t.voices[0]!, 65)).toEqual({ amp: 0.2, freq: 250, beat: 7, pan: 0 });
  });

  it('treats hold like fade and cross-fades voices of another kind', () => {
    const segs = compileProgram(two({}, [bin(200, 10)], [{ kind: 'noise', color: 'pink', amp: 0.4 }], { fadeOut: 'hold' }), 120, { edgeFadeSec: 0 });
    const t = segs[1]!;
    expect(t.voices.map((v) => [v.voice.kind, v.from.amp, v.to.amp])).toEqual([
      ['binaural', 0.2, 0],
      ['noise', 0, 0.4],
    ]);
    expect(t.voices[0]!.track).not.toBe(t.voices[1]!.track);
    expect(paramsAt(t, t.voices[1]!, 62.5).amp).toBeCloseTo(0.1, 12);
  });

  it('goes through silence when either side asks for it: half the transition each', () => {
    const segs = compileProgram(two({}, undefined, undefined, { fadeOut: 'silence' }), 120, { edgeFadeSec: 0 });
    expect(bounds(segs)).toEqual([
      [0, 60],
      [60, 65],
      [65, 70],
      [70, 120],
    ]);
    expect(segs[1]!.voices.map((v) => [v.from.freq, v.from.amp, v.to.amp])).toEqual([[200, 0.2, 0]]);
    expect(segs[2]!.voices.map((v) => [v.from.freq, v.from.amp, v.to.amp])).toEqual([[300, 0, 0.2]]);
    expect(segs[2]!.voices[0]!.track).not.toBe(segs[1]!.voices[0]!.track);
  });

  it('clamps the transition to half the shorter adjacent period (but never below the minimum)', () => {
    expect(bounds(compileProgram(two(), 66, { edgeFadeSec: 0 }))).toEqual([
      [0, 60],
      [60, 63],
      [63, 66],
    ]);
    expect(compileProgram(two({ transitionSec: 0 }), 120, { edgeFadeSec: 0 })[1]!.end).toBeCloseTo(60 + MIN_TRANSITION_SEC, 12);
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

  it('cross-fades unmatched voices across a slide, and times bowl strikes from full level', () => {
    const bowl = { kind: 'bowl' as const, freq: 150, amp: 0.5 };
    const segs = compileProgram(two({}, [bin(200, 10)], [bin(300, 4), bowl], { slide: true }), 120, { edgeFadeSec: 0 });
    const arriving = segs[0]!.voices[1]!;
    expect([arriving.voice.kind, arriving.from.amp, arriving.to.amp, arriving.strikeAt]).toEqual(['bowl', 0, 0.5, 60]);
    expect(segs[1]!.voices[1]!.track).toBe(arriving.track);
    // After an ordinary transition a bowl's strikes count from the end of its fade-in.
    const faded = compileProgram(two({}, [bin(200, 10)], [bowl]), 120, { edgeFadeSec: 0 });
    expect(faded.at(-1)!.voices[0]!.strikeAt).toBe(70);
  });

  it('starts in silence until the first entry and fades it in', () => {
    const segs = compileProgram(
      program({ sets: [{ name: 'a', voices: [bin(200, 10)] }], timeline: [{ at: 30, set: 'a' }], transitionSec: 4 }),
      100,
      { edgeFadeSec: 0 },
    );
    expect(bounds(segs)).toEqual([
      [0, 30],
      [30, 34],
      [34, 100],
    ]);
    expect(segs[0]!.voices).toEqual([]);
    expect(segs[1]!.voices.map((v) => [v.from.amp, v.to.amp])).toEqual([[0, 0.2]]);
  });

  it('ignores entries after the end and lets a later entry at the same instant win', () => {
    const p = program({
      sets: [
        { name: 'a', voices: [bin(200, 10)] },
        { name: 'b', voices: [bin(300, 5)] },
      ],
      timeline: [
        { at: 0, set: 'a' },
        { at: 0, set: 'b' },
        { at: 500, set: 'a' },
      ],
    });
    const segs = compileProgram(p, 100, { edgeFadeSec: 0 });
    expect(segs).toHaveLength(1);
    expect(segs[0]!.voices[0]!.from.freq).toBe(300);
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

  it('refuses a bad duration or program with BAD_INPUT', () => {
    const p = two();
    expect(() => compileProgram(p, 0)).toThrow(KoruError);
    expect(() => compileProgram(p, Number.NaN)).toThrow(/durationSec/);
    const bad = { ...p, timeline: [{ at: 0, set: 'nope', fadeIn: 'fade', fadeOut: 'fade', slide: false }] } as Program;
    expect(() => compileProgram(bad, 10)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
