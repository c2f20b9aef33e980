import { describe, expect, it } from 'vitest';
import { KoruError } from '../../../contract/errors';
import { Program } from '../../../contract/program';
import { parseSbg } from './index';

function caught(fn: () => unknown): KoruError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KoruError);
    return e as KoruError;
  }
  throw new Error('expected a KoruError');
}

const SETS = 'a: pink/10\nb: 200+4/10\n';

/** [what, file, line, column, words the message must contain] */
const MALFORMED: [string, string, number, number, string][] = [
  ['bad number in a tone spec', 'ts: pink/40 200+x/20\nNOW ts', 1, 17, 'bad number: expected a beat frequency'],
  ['junk after an amplitude', 'ts: pink/40 200+10/20€\nNOW ts', 1, 22, 'unexpected "€" after the amplitude'],
  ['junk line', `${SETS}NOW a\n@@@ !!`, 4, 1, 'unrecognised line starting "@@@"'],
  ['control characters', `${SETS}\u0001\u0002 a`, 3, 1, 'unrecognised line'],
  ['junk after the name', `${SETS}NOW a !!`, 3, 7, 'unexpected "!!" after the tone-set name'],
  ['unknown tone-set', `${SETS}NOW a\n+0:10 c`, 4, 7, 'unknown tone-set or block "c"'],
  ['time going backwards', `${SETS}00:10 a\n00:05 b`, 4, 1, 'time 00:05:00 goes back before the previous time line (00:10:00, line 3)'],
  ['NOW time going backwards', `${SETS}NOW+0:10 a\nNOW+0:05 b`, 4, 1, 'NOW+00:05:00 goes back'],
  ['schedule past 24 hours', `${SETS}00:00 a\n08:00 b\n16:00 a\n23:00 b\n07:00 a`, 7, 1, 'longer than 24 hours'],
  ['unterminated block', `${SETS}blk: {\n +0:00 a\n +0:05 b\n`, 3, 6, 'block "blk" is not closed: missing "}"'],
  ['absolute time inside a block', `${SETS}blk: {\n 10:00 a\n}\nNOW blk`, 4, 2, 'must start with a relative time'],
  ['empty block', `${SETS}blk: {\n}\nNOW a`, 4, 1, 'block "blk" is empty'],
  ['junk after {', `${SETS}blk: { +0:00 a\n}`, 3, 8, 'unexpected "+0:00" after "{"'],
  ['stray }', `${SETS}NOW a\n}`, 4, 1, '"}" without an open block'],
  ['block calling itself', `${SETS}blk: {\n +0:00 a\n +0:05 blk\n}\nNOW blk`, 5, 8, 'block "blk" calls itself (blk -> blk) (in block "blk" called on line 7)'],
  ['spin voice without a rate', 'ts: pink/40 spin:200/80\nNOW ts', 1, 21, 'bad number: expected a spin rate'],
  ['mix effect voice', 'ts: mix/80 mixspin:200+4/50\nNOW ts', 1, 12, '"mixspin:" voices are not supported'],
  ['waveform used before its definition', 'ts: wave03:200+4/50\nwave03: 0 1\nNOW ts', 1, 5, 'waveform "wave03" is used before it is defined'],
  ['flat waveform', 'wave00: 5 5 5\nts: wave00:200+4/50\nNOW ts', 1, 1, 'a waveform needs at least two different values'],
  ['waveform with words', 'wave00: 0 1 x\nNOW a', 1, 13, 'bad number "x"'],
  ['unknown -p program', '-SE\n-p spiral 00ds+', 2, 4, 'unknown pre-programmed sequence "spiral"'],
  ['bad -p drop level', '-p drop zz', 1, 9, 'bad drop level in "zz"'],
  ['-p together with time lines', `-p slide 200+10/1\n${SETS}NOW a`, 2, 1, 'a "-p" sequence cannot be combined'],
  ['-i with an unsupported spec', '-i pink/40 square:300+4/80\n-SE', 1, 12, '"square:" waveforms are not supported'],
  ['-i together with time lines', `-i pink/40\n${SETS}NOW a`, 4, 1, '"-i" immediate specs cannot be combined with time lines'],
  ['-w other than sine', '-w square\nts: pink/1\nNOW ts', 1, 4, '"-w square": waveforms other than sine'],
  ['bad -F number', '-F 10s\nts: pink/1\nNOW ts', 1, 6, 'bad number "10s" for -F'],
  ['option without argument', '-SE -F\nts: pink/1\nNOW ts', 1, 7, 'option -F needs an argument'],
  ['option after content', `${SETS}-SE\nNOW a`, 3, 1, 'options must come before tone-sets and time lines'],
  ['missing space after colon', 'ts:pink/40\nNOW ts', 1, 4, 'expected a space after ":"'],
  ['tone-set without specs', 'ts:\nNOW ts', 1, 4, 'tone-set "ts" has no tone specs'],
  ['duplicate name', `${SETS}a: pink/20\nNOW a`, 3, 1, '"a" is already defined on line 1'],
  ['bad fade marks', `${SETS}NOW =+ a`, 3, 5, 'bad fade marks "=+"'],
  ['missing name', `${SETS}NOW ==`, 3, 7, 'missing tone-set name after the fade marks'],
  ['hour out of range', `${SETS}25:00 a`, 3, 1, 'hours must be 0-23'],
  ['junk inside a time', `${SETS}NOW+0:7x a`, 3, 8, 'unexpected "x"'],
  ['relative time first', `${SETS}+00:10 a`, 3, 1, 'relative time with no absolute time before it'],
  ['NOW mixed with clock times', `${SETS}NOW a\n12:00 b`, 4, 1, "NOW (line 3) and clock times (line 4) can't be mixed"],
  ['no time lines', SETS, 2, 1, 'no time lines: nothing to play'],
  ['amplitude above 100 with -N', '-N\nts: bell+40/500\nNOW ts', 2, 13, 'amplitude 500 is above 100 (with -N'],
];

describe('parseSbg refuses malformed and unsupported lines', () => {
  it.each(MALFORMED)('%s', (_what, file, line, column, words) => {
    const e = caught(() => parseSbg(file));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toMatch(new RegExp(`^line ${line}, col ${column}: `));
    expect(e.message).toContain(words);
    expect(e.details).toMatchObject({ line, column, text: file.split('\n')[line - 1] });
  });

  it('refuses a bad durationSec and non-text input as BAD_INPUT', () => {
    expect(caught(() => parseSbg('a: pink/1\nNOW a', { durationSec: -1 })).code).toBe('BAD_INPUT');
    expect(caught(() => parseSbg('a: pink/1\nNOW a', { durationSec: Number.NaN })).code).toBe('BAD_INPUT');
    expect(caught(() => parseSbg(42 as unknown as string)).code).toBe('BAD_INPUT');
  });

  it('never crashes: random edits of a schedule either parse or fail with a located PARSE_ERROR', () => {
    const base = `-SE\n${SETS}off: -\nblk: {\n +0:00 a\n +0:02 == b ->\n}\nNOW <> a\n+0:05 blk\n+0:10 off\n`;
    const alphabet = ' \n:+-=<>{}#/@.0123456789abNOWpinkspxmi\t€';
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31; // deterministic LCG: failures reproduce
      return seed % n;
    };
    let parsed = 0;
    let refused = 0;
    for (let i = 0; i < 1500; i++) {
      const chars = [...base];
      for (let k = 1 + rand(2); k > 0; k--) {
        const at = rand(chars.length);
        const op = rand(3);
        const c = alphabet[rand(alphabet.length)]!;
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, c);
        else chars[at] = c;
      }
      const text = chars.join('');
      try {
        const r = parseSbg(text);
        expect(Program.safeParse(r.program).success).toBe(true);
        expect(r.durationSec).toBeGreaterThan(0);
        parsed++;
      } catch (e) {
        expect(e, text).toBeInstanceOf(KoruError);
        expect((e as KoruError).code, text).toBe('PARSE_ERROR');
        expect((e as KoruError).message, text).toMatch(/^line \d+, col \d+: /);
        refused++;
      }
    }
    // Both outcomes must really occur, or the test exercised nothing.
    expect(parsed).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(500);
  });
});
