import { describe, expect, it } from 'vitest';
import { Program } from '../../../contract/program';
import { parseSbg } from './index';

/** Hand-written schedules; indentation is stripped so the fixtures read like files. */
const sbg = (s: string) => s.replace(/^\n/, '').replace(/^ {4}/gm, '');

const times = (text: string) => parseSbg(text).program.timeline.map((e) => [e.at, e.set]);

describe('parseSbg: tone-sets, comments and options', () => {
  const file = sbg(`
    ## A test session -- described for the user
    # plain comment
    -SE
    -F 10000

    theta6: pink/40 150+6/30   # trailing comment
    mixed:  white/10 brown/10 300@10/10 400/10 bell+146/30 sine:200-4/27
    alloff: -

    NOW theta6
    +00:10 mixed
    +00:20 alloff
  `);

  it('turns every tone-set into contract voices and validates the program', () => {
    const { program, warnings } = parseSbg(file);
    expect(Program.safeParse(program).success).toBe(true);
    expect(program.sets.map((s) => s.name)).toEqual(['theta6', 'mixed', 'alloff']);
    expect(program.sets[0]!.voices).toEqual([
      { kind: 'noise', color: 'pink', amp: 0.4 },
      { kind: 'binaural', carrier: 150, beat: 6, amp: 0.3 },
    ]);
    expect(program.sets[1]!.voices.map((v) => v.kind)).toEqual(['noise', 'noise', 'isochronic', 'sine', 'bowl', 'binaural']);
    expect(program.sets[2]!.voices).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('maps -F (milliseconds) to transitionSec and defaults to SBaGen\'s 60 s fade', () => {
    expect(parseSbg(file).program.transitionSec).toBe(10);
    expect(parseSbg('ts: pink/10\nNOW ts').program.transitionSec).toBe(60);
  });

  it('ends at an all-off last set; -L sets the length; opts.durationSec wins', () => {
    expect(parseSbg(file).durationSec).toBe(20 * 60);
    expect(parseSbg(`-L 0:45\n${file}`).durationSec).toBe(45 * 60);
    expect(parseSbg(file, { durationSec: 99 }).durationSec).toBe(99);
  });

  it('warns about options it cannot honour instead of failing', () => {
    const { warnings } = parseSbg('-Q -m river1.ogg -T 14:00 -Z\n-c 80=1,40=2\nts: pink/10\nNOW ts');
    expect(warnings.join('\n')).toMatch(/-Q ignored/);
    expect(warnings.join('\n')).toMatch(/-m river1\.ogg ignored/);
    expect(warnings.join('\n')).toMatch(/-T 14:00 ignored/);
    expect(warnings.join('\n')).toMatch(/unknown option -Z/);
    expect(warnings.join('\n')).toMatch(/-c \(headphone compensation\) ignored/);
  });

  it('scales every amplitude by -V and imports -i as one tone-set', () => {
    expect(parseSbg('-V 50\nts: pink/40\nNOW ts').program.sets[0]!.voices[0]!.amp).toBeCloseTo(0.2, 12);
    const r = parseSbg('-L 0:20 -i pink/40 200+10/20');
    expect(r.program.sets[0]!.voices).toHaveLength(2);
    expect(r.durationSec).toBe(1200);
  });

  it('warns when a tone-set adds up past 100 (SBaGen clips there)', () => {
    expect(parseSbg('ts: pink/60 200+4/50\nNOW ts').warnings.join()).toMatch(/"ts" adds up to 110% amplitude/);
  });
});

describe('parseSbg: time lines', () => {
  const sets = 'a: 200+4/20\nb: 200+8/20\nc: 200+12/20\noff: -\n';

  it('reads NOW, NOW+, relative and chained times; relative counts from the last absolute time', () => {
    // SBaGen: "+00:20" after "NOW+00:10" is NOW+00:20, not 00:30.
    expect(times(`${sets}NOW a\nNOW+00:10 b\n+00:20 c\n+00:30:30 off`)).toEqual([
      [0, 'a'], [600, 'b'], [1200, 'c'], [1830, 'off'],
    ]);
    expect(times(`${sets}NOW+04:00+01:12:04 a\n+05:20 off`)).toEqual([[0, 'a'], [5 * 3600 + 20 * 60 - (5 * 3600 + 12 * 60 + 4), 'off']]);
  });

  it('starts clock schedules at the first time line and wraps past midnight', () => {
    expect(times(`${sets}22:00 a\n23:30:15 b\n00:30 c\n01:00 off`)).toEqual([
      [0, 'a'], [5415, 'b'], [9000, 'c'], [10800, 'off'],
    ]);
    expect(times(`${sets}12:00 a\n12:00+00:00:20 b`)).toEqual([[0, 'a'], [20, 'b']]);
  });

  it('maps fade marks to fadeIn/fadeOut and -> to slide', () => {
    const { program } = parseSbg(`${sets}NOW == a ->\n+0:10 <> b\n+0:20 -> c\n+0:30 => off`);
    expect(program.timeline.map(({ fadeIn, fadeOut, slide }) => [fadeIn, fadeOut, slide])).toEqual([
      ['hold', 'hold', true],
      ['silence', 'silence', false],
      ['fade', 'silence', false],
      ['hold', 'silence', false],
    ]);
  });

  it('drops a -> on the last line with a warning', () => {
    const r = parseSbg(`${sets}NOW a ->\n+0:10 b ->`);
    expect(r.program.timeline.map((e) => e.slide)).toEqual([true, false]);
    expect(r.warnings.join()).toMatch(/nothing to slide to/);
  });

  it('holds an open-ended last set as long as the period before it, a lone set for an hour', () => {
    const r = parseSbg(`${sets}NOW a\n+0:25 b`);
    expect(r.durationSec).toBe(50 * 60);
    expect(r.warnings.join()).toMatch(/"b" holds for 00:25:00/);
    expect(parseSbg('ts: pink/40 300+10/10\n0:00 ts').durationSec).toBe(3600);
    // -E stops at the last time line, as SBaGen does.
    expect(parseSbg(`-E\n${sets}NOW a\n+0:25 b`).durationSec).toBe(25 * 60);
  });
});

describe('parseSbg: blocks', () => {
  it('stamps a block out at the calling time, nesting blocks in blocks', () => {
    const file = sbg(`
      t4: 200+4/20
      off: -
      bursts: {
        +00:00 t4
        +00:05 off    # comment inside a block
      }
      two: {
        +0:00 bursts
        +1:00 == bursts
      }
      NOW two
      +02:00 off
    `);
    const r = parseSbg(file);
    expect(r.program.timeline.map((e) => [e.at / 60, e.set])).toEqual([
      [0, 't4'], [5, 'off'], [60, 't4'], [65, 'off'], [120, 'off'],
    ]);
    // Fade marks on a block call do nothing in SBaGen: say so.
    expect(r.warnings.join()).toMatch(/"==" has no effect on a block call/);
  });

  it('counts a relative block call from the last absolute time, like SBaGen\'s text prefixing', () => {
    const file = 'a: pink/10\nb: pink/20\nblk: {\n +0:01 a\n +0:02 b\n}\n10:00 b\n+1:00 blk';
    expect(times(file)).toEqual([[0, 'b'], [3660, 'a'], [3720, 'b']]);
  });
});
