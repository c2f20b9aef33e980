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

  it('ends at an all-off last set; -L sets the length unless -E; opts.durationSec wins', () => {
    expect(parseSbg(file).durationSec).toBe(20 * 60);
    // SBaGen: -E (here in -SE) outranks -L.
    expect(parseSbg(`-L 0:45\n${file}`).durationSec).toBe(20 * 60);
    expect(parseSbg(`-L 0:45\n${file.replace('-SE', '-S')}`).durationSec).toBe(45 * 60);
    expect(parseSbg(file, { durationSec: 99 }).durationSec).toBe(99);
  });

  it('warns about options it cannot honour instead of failing, and names the mixed-in file', () => {
    const { program, warnings } = parseSbg('-Q -m river1.ogg -Z\n-c 80=1,40=2\nts: pink/10 mix/50\nNOW ts');
    expect(warnings.join('\n')).toMatch(/-Q ignored/);
    expect(warnings.join('\n')).toMatch(/mixes in "river1\.ogg": attach that audio file/);
    expect(warnings.join('\n')).toMatch(/unknown option -Z/);
    expect(warnings.join('\n')).toMatch(/-c \(headphone compensation\) ignored/);
    expect(program.mix).toEqual({ file: 'river1.ogg' });
    expect(program.sets[0]!.voices[1]).toEqual({ kind: 'mix', amp: 0.5 });
  });

  it('starts at -T: what comes before the first time line is the end of the loop', () => {
    const r = parseSbg('-T 13:55\na: pink/10\nb: pink/20\n14:00 a\n15:00 b');
    expect(r.program.timeline.map((e) => e.at)).toEqual([300, 3900]);
  });

  it('scales every amplitude by -V and imports -i as one tone-set', () => {
    expect(parseSbg('-V 50\nts: pink/40\nNOW ts').program.sets[0]!.voices[0]!.amp).toBeCloseTo(0.2, 12);
    const r = parseSbg('-L 0:20 -i pink/40 200+10/20');
    expect(r.program.sets[0]!.voices).toHaveLength(2);
    expect(r.durationSec).toBe(1200);
  });

  it('scales a tone-set whose levels add up past 100 down to 100, as SBaGen does; -N keeps them', () => {
    const r = parseSbg('ts: pink/60 200+4/50\nNOW ts');
    expect(r.program.sets[0]!.voices.map((v) => v.amp)).toEqual([0.6 / 1.1, 0.5 / 1.1]);
    expect(r.warnings.join()).toMatch(/"ts": levels add up to 110%: scaled to 100%/);
    const raw = parseSbg('-N\nts: pink/60 200+4/50\nNOW ts');
    expect(raw.program.sets[0]!.voices.map((v) => v.amp)).toEqual([0.6, 0.5]);
    expect(raw.warnings.join()).toMatch(/"ts" adds up to 110% amplitude/);
    // Levels over 100 are fine where the set is scaled anyway.
    expect(parseSbg('ts: 200+4/500 pink/500\nNOW ts').program.sets[0]!.voices.map((v) => v.amp)).toEqual([0.5, 0.5]);
  });

  it('keeps SBaGen\'s channel slots: "-" leaves one empty, 0+0/0 holds one at 0 Hz', () => {
    const { program } = parseSbg('a: - 200+4/10 0+0/0 - pink/5\nNOW a');
    expect(program.sets[0]!.voices).toEqual([
      { kind: 'binaural', carrier: 200, beat: 4, amp: 0.1, slot: 1 },
      { kind: 'binaural', carrier: 0, beat: 0, amp: 0 },
      { kind: 'noise', color: 'pink', amp: 0.05, slot: 4 },
    ]);
  });

  it('reads spinning noise, custom waveforms and mix levels', () => {
    const { program } = parseSbg('wave01: 0 3 1\na: spin:300+4.2/20 bspin:200-1/10 wspin:100+2/5 wave01:200+4/30 mix/35\nNOW a');
    expect(program.sets[0]!.voices).toEqual([
      { kind: 'spin', color: 'pink', width: 300, rate: 4.2, amp: 0.2 },
      { kind: 'spin', color: 'brown', width: 200, rate: -1, amp: 0.1 },
      { kind: 'spin', color: 'white', width: 100, rate: 2, amp: 0.05 },
      { kind: 'wave', shape: [0, 3, 1], carrier: 200, beat: 4, amp: 0.3 },
      { kind: 'mix', amp: 0.35 },
    ]);
  });

  it('writes out -p drop and -p slide as the schedules SBaGen generates', () => {
    const slide = parseSbg('-p slide t10 200+10/1 pink/20');
    expect(slide.program.timeline.map((e) => [e.at, e.set, e.slide])).toEqual([
      [0, 'off', true], [5, 'ts0', true], [605, 'ts1', true], [615, 'off', false],
    ]);
    expect(slide.program.sets.find((s) => s.name === 'ts1')!.voices[0]).toMatchObject({ carrier: 5, beat: 10 });
    expect(slide.durationSec).toBe(615);
    const drop = parseSbg('-p drop 00ds+');
    const ts = drop.program.sets.filter((s) => s.name.startsWith('ts'));
    // 30 one-minute steps from 10 Hz down to level d's 2.5 Hz, then the 30-minute hold.
    expect(ts).toHaveLength(31);
    expect(ts[0]!.voices[0]).toMatchObject({ carrier: 205, beat: 10 });
    expect(ts[29]!.voices[0]).toMatchObject({ beat: 2.5 });
    expect(drop.durationSec).toBe(3600 + 15);
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
