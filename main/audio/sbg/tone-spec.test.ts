import { describe, expect, it } from 'vitest';
import { KoruError } from '../../../contract/errors';
import { Program } from '../../../contract/program';
import { parseToneSpec, programFromImmediate } from './index';

/** Run `fn`, expect a KoruError, hand it back for closer checks. */
function caught(fn: () => unknown): KoruError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KoruError);
    return e as KoruError;
  }
  throw new Error('expected a KoruError');
}

describe('parseToneSpec', () => {
  it('reads a binaural tone: carrier, signed beat, amplitude out of 100', () => {
    expect(parseToneSpec('200+10/20')).toEqual([{ kind: 'binaural', carrier: 200, beat: 10, amp: 0.2 }]);
    expect(parseToneSpec('200-4/27')).toEqual([{ kind: 'binaural', carrier: 200, beat: -4, amp: 0.27 }]);
    expect(parseToneSpec('100+1.5/1.5')).toEqual([{ kind: 'binaural', carrier: 100, beat: 1.5, amp: 0.015 }]);
  });

  it('reads noise colours, isochronic pulses, plain sines and bells', () => {
    expect(parseToneSpec('pink/40 white/30 brown/20')).toEqual([
      { kind: 'noise', color: 'pink', amp: 0.4 },
      { kind: 'noise', color: 'white', amp: 0.3 },
      { kind: 'noise', color: 'brown', amp: 0.2 },
    ]);
    expect(parseToneSpec('300@10/10')).toEqual([{ kind: 'isochronic', carrier: 300, pulse: 10, amp: 0.1 }]);
    expect(parseToneSpec('400/20')).toEqual([{ kind: 'sine', freq: 400, amp: 0.2, pan: 0 }]);
    const [bell] = parseToneSpec('bell+146/30');
    expect(bell).toMatchObject({ kind: 'bowl', freq: 146, amp: 0.3, strikeEvery: 0 });
    // SBaGen reads the bell frequency with %lf, so a sign is allowed and only flips phase.
    expect(parseToneSpec('bell-4000/30')[0]).toMatchObject({ kind: 'bowl', freq: 4000 });
  });

  it('skips "-" (keeping its slot), keeps 0+0/0 as a silent slot, accepts the sine: prefix', () => {
    expect(parseToneSpec('- pink/40 -')).toEqual([{ kind: 'noise', color: 'pink', amp: 0.4, slot: 1 }]);
    expect(parseToneSpec('0.00+0.00/0 300+4/10')).toEqual([
      { kind: 'binaural', carrier: 0, beat: 0, amp: 0 },
      { kind: 'binaural', carrier: 300, beat: 4, amp: 0.1 },
    ]);
    expect(parseToneSpec('sine:200+10/15')).toEqual(parseToneSpec('200+10/15'));
  });

  it('keeps a beat too wide to hear as one binaural voice, as SBaGen plays it', () => {
    // 50+300: left 50+150 = 200 Hz, right 50-150 = -100 Hz, which sounds as 100 Hz.
    expect(parseToneSpec('50+300/10')).toEqual([{ kind: 'binaural', carrier: 50, beat: 300, amp: 0.1 }]);
  });

  it.each([
    ['spin:200/80', 9, 'bad number: expected a spin rate'],
    ['pink/40 mixpulse:4/40', 9, '"mixpulse:" voices are not supported'],
    ['square:200+10/20', 1, '"square:" waveforms are not supported'],
    ['sine:triangle:200/5', 6, '"triangle:" waveforms are not supported'],
    ['wave03:200+4/50', 1, 'waveform "wave03" is used before it is defined'],
    ['200+1x/20', 6, 'expected "/" and an amplitude but found "x/20"'],
    ['200+10/2o', 9, 'unexpected "o" after the amplitude'],
    ['200+10/', 8, 'bad number: expected an amplitude (0-100) but the spec ends'],
    ['200*10/20', 4, 'expected "+", "-", "@" or "/" after the carrier'],
    ['300@0/10', 5, 'pulse rate 0 Hz must be above 0'],
    ['0@4/10', 1, 'carrier must be above 0 Hz'],
    ['30000/10', 1, 'carrier 30000 Hz is above 20000 Hz'],
    ['19990+40/10', 7, 'beat 40 Hz puts a tone above 20000 Hz'],
    ['hello', 1, 'unrecognised tone spec "hello"'],
    ['foo:200/10', 1, 'unknown tone prefix "foo:"'],
  ])('refuses %s at col %i', (spec, column, message) => {
    const e = caught(() => parseToneSpec(spec));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toContain(`col ${column}: `);
    expect(e.message).toContain(message);
    expect(e.details).toMatchObject({ column, text: spec });
  });

  it('normalises levels past 100 in total, as SBaGen does', () => {
    expect(parseToneSpec('pink/140').map((v) => v.amp)).toEqual([1]);
    expect(parseToneSpec('pink/60 200+4/60').map((v) => v.amp)).toEqual([0.5, 0.5]);
  });

  it('refuses more than 16 specs and an empty string', () => {
    const seventeen = Array.from({ length: 17 }, (_, i) => `${100 + i}/1`).join(' ');
    expect(caught(() => parseToneSpec(seventeen)).message).toContain('at most 16 tone specs');
    expect(caught(() => parseToneSpec('   ')).message).toContain('no tone specs');
  });
});

describe('programFromImmediate', () => {
  it('builds a one-set program from CLI-style words', () => {
    const program = programFromImmediate(['pink/40', '200+10/20 300@8/5']);
    expect(Program.safeParse(program).success).toBe(true);
    expect(program.sets).toHaveLength(1);
    expect(program.sets[0]!.voices.map((v) => v.kind)).toEqual(['noise', 'binaural', 'isochronic']);
    expect(program.timeline).toEqual([{ at: 0, set: 'immediate', fadeIn: 'fade', fadeOut: 'fade', slide: false }]);
  });

  it('reports the column in the joined specs and refuses bad input types', () => {
    const e = caught(() => programFromImmediate(['pink/40', 'spin:300/80']));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.details).toMatchObject({ column: 17 });
    expect(caught(() => programFromImmediate('pink/40' as unknown as string[])).code).toBe('BAD_INPUT');
  });
});
