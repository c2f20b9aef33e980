import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Program } from '../../../contract/program';
import { CORPUS_DIR } from '../../../test/oracle/sbagen';
import { exportSbg, parseSbg } from './index';
import { decimal, percent } from './export';

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return name.endsWith('.sbg') ? [p] : [];
  });
}

const program = Program.parse({
  sets: [
    {
      name: 'every-kind',
      voices: [
        { kind: 'binaural', carrier: 200, beat: -4.5, amp: 0.2 },
        { kind: 'noise', color: 'brown', amp: 0.1, slot: 2 },
        { kind: 'isochronic', carrier: 300, pulse: 10, amp: 0.1 },
        { kind: 'spin', color: 'white', width: 250, rate: -3, amp: 0.05 },
        { kind: 'wave', shape: [0, 2, 1], carrier: 150, beat: 6, amp: 0.1 },
        { kind: 'mix', amp: 0.25 },
        { kind: 'bowl', freq: 880, amp: 0.1, strikeEvery: 0, decay: 4 },
        { kind: 'sine', freq: 432, amp: 0.1 },
      ],
    },
    { name: 'off', voices: [] },
  ],
  timeline: [
    { at: 0, set: 'every-kind', slide: true },
    { at: 600, set: 'every-kind', fadeIn: 'hold', fadeOut: 'silence' },
    { at: 1200, set: 'off' },
  ],
  transitionSec: 12.5,
  mix: { file: 'river1.ogg' },
});

describe('exportSbg', () => {
  it('writes every voice kind, empty slots, marks, slides and options so that it reads back the same', () => {
    const { text, warnings } = exportSbg(program, 1200);
    expect(warnings).toEqual([]);
    expect(text).toContain('every-kind: 200-4.5/20 - brown/10 300@10/10 wspin:250-3/5 wave00:150+6/10 mix/25 bell+880/10 432/10');
    expect(text).toContain('wave00: 0 2 1');
    expect(text).toMatch(/^00:10:00 => every-kind$/m);
    expect(text).toMatch(/^00:00:00 every-kind ->$/m);
    expect(text).toMatch(/^-F 12500$/m);
    expect(text).toMatch(/^-m river1\.ogg$/m);
    const back = parseSbg(text);
    expect(back.program).toEqual(program);
    expect(back.durationSec).toBe(1200);
  });

  it('says what SBaGen cannot hold and writes its nearest voice', () => {
    const p = Program.parse({
      sets: [{ name: '1st.set', voices: [{ kind: 'sine', freq: 200, amp: 0.3, pan: -0.5 }, { kind: 'monaural', carrier: 100, beat: 4, amp: 0.2 }, { kind: 'bowl', freq: 100, amp: 0.2 }] }],
      timeline: [{ at: 30.4, set: '1st.set' }],
    });
    const { text, warnings } = exportSbg(p, 100);
    expect(warnings.join('\n')).toMatch(/panned -0.5 is written centred/);
    expect(warnings.join('\n')).toMatch(/monaural beat is written as a binaural/);
    expect(warnings.join('\n')).toMatch(/struck every 12 s is written as a bell/);
    expect(warnings.join('\n')).toMatch(/rounded to 00:00:30/);
    expect(text).toContain('s1st_set: 200/30 100+4/20 bell+100/20');
    expect(text).toMatch(/^-S -T 00:00:00$/m);
    expect(parseSbg(text).program.timeline[0]!.at).toBe(30);
  });

  it('picks decimals that read back exactly', () => {
    for (const amp of [0.6 / 1.1, 1 / 3, 0.07, 1e-9, 0.123456789, 1, 0]) expect(Number(`${percent(amp)}e-2`)).toBe(amp);
    expect(percent(0.3)).toBe('30');
    expect(percent(1e-9)).toBe('0.0000001');
    expect(decimal(1e-7)).toBe('0.0000001');
  });

  it('refuses a schedule SBaGen cannot hold', () => {
    expect(() => exportSbg(program, 2 * 24 * 3600)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});

const present = existsSync(CORPUS_DIR);
if (!present) console.log(`.sbg round-trip over the corpus skipped: no corpus at ${CORPUS_DIR}`);

describe.runIf(present)('exportSbg over the SBaGen corpus', () => {
  it('gives back the same program and length for every file', () => {
    const files = walk(CORPUS_DIR);
    expect(files).toHaveLength(142);
    for (const f of files) {
      const first = parseSbg(readFileSync(f, 'utf8'));
      const again = parseSbg(exportSbg(first.program, first.durationSec).text);
      expect(again.program, path.relative(CORPUS_DIR, f)).toEqual(first.program);
      expect(again.durationSec, path.relative(CORPUS_DIR, f)).toBe(first.durationSec);
    }
  });
});
