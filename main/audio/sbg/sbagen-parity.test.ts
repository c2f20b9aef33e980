/**
 * Differential test: every corpus schedule as Koru imports and compiles it, against SBaGen+
 * itself (built from ../shared on the fly, see test/oracle/sbagen.ts). Per voice slot, at the
 * middle and quarter points of every SBaGen+ period (so mid-fade and mid-slide) and at evenly
 * spread times: the kind, carrier and beat (0.01 Hz steady, 0.1 Hz sliding) and the level (1 %).
 * A few files are also rendered by both, and the audio compared.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Program } from '../../../contract/program';
import { compareWithOracle, sampleTimes, TOLERANCE } from '../../../test/oracle/compare';
import { CORPUS_DIR, findProbe, findSbagen, interpretSbg, renderSbagen, type OracleSchedule } from '../../../test/oracle/sbagen';
import { measureTone, renderProgram, rms } from '../synth/measure';
import { parseSbg, programFromImmediate } from './index';

const present = existsSync(CORPUS_DIR);
if (!present) console.log(`SBaGen+ parity tests skipped: no ../shared at ${path.dirname(CORPUS_DIR)} (the reference source and corpus)`);

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return name.endsWith('.sbg') ? [p] : [];
  });
}

interface Row {
  file: string;
  /** matched: every sample agreed; differed: some did; refused: one side would not take it. */
  outcome: 'matched' | 'differed' | 'refused';
  detail: string;
  samples: number;
}

describe.runIf(present)('SBaGen+ parity (../shared/reference/sbagen-plus)', () => {
  const rows: Row[] = [];
  const programs = new Map<string, { program: Program; durationSec: number; oracle: OracleSchedule }>();

  beforeAll(async () => {
    const probe = await findProbe();
    if (probe.binary === null) throw new Error(`cannot build the SBaGen+ probe: ${probe.reason}`);
    const files = walk(CORPUS_DIR);
    const oracles = await Promise.all(files.map((f) => interpretSbg(f)));
    files.forEach((f, i) => {
      const file = path.relative(CORPUS_DIR, f);
      const o = oracles[i]!;
      let koru: ReturnType<typeof parseSbg>;
      try {
        koru = parseSbg(readFileSync(f, 'utf8'));
      } catch (e) {
        rows.push({ file, outcome: 'refused', detail: `Koru: ${(e as Error).message}`, samples: 0 });
        return;
      }
      if (!o.ok) {
        rows.push({ file, outcome: 'refused', detail: `SBaGen+: ${o.message}`, samples: 0 });
        return;
      }
      const times = sampleTimes(o.schedule, koru.durationSec);
      const mismatches = compareWithOracle(koru.program, koru.durationSec, o.schedule, times);
      programs.set(file, { program: koru.program, durationSec: koru.durationSec, oracle: o.schedule });
      const note = o.schedule.stage === 'sequence' ? ' (SBaGen+ read it but cannot play it here: its mix file)' : '';
      rows.push({
        file,
        outcome: mismatches.length ? 'differed' : 'matched',
        detail: mismatches.length ? `${mismatches.length} differences, first ${JSON.stringify(mismatches[0])}` : `all agree${note}`,
        samples: times.length,
      });
    });
    const count = (o: Row['outcome']) => rows.filter((r) => r.outcome === o).length;
    console.log(
      [
        `SBaGen+ parity: ${rows.length} files — matched ${count('matched')}, differed ${count('differed')}, refused ${count('refused')}; ` +
          `${rows.reduce((s, r) => s + r.samples, 0)} sampled times`,
        ...rows.filter((r) => r.outcome !== 'matched' || r.detail !== 'all agree').map((r) => `  ${r.outcome} ${r.file}: ${r.detail}`),
      ].join('\n'),
    );
  }, 120_000);

  it('reads every corpus file the same way as SBaGen+, at ≥ 10 times each', () => {
    expect(rows.length).toBe(142);
    expect(rows.filter((r) => r.outcome !== 'matched').map((r) => `${r.file}: ${r.detail}`)).toEqual([]);
    expect(Math.min(...rows.map((r) => r.samples))).toBeGreaterThanOrEqual(10);
  });

  it('can fail: a slide moved by one transition, or a level off by 2 %, is caught', () => {
    const { program, durationSec, oracle } = programs.get(path.join('contrib', 'ch-aspirin.sbg'))!;
    const times = sampleTimes(oracle, durationSec);
    const late: Program = { ...program, timeline: program.timeline.map((e, i) => (i === 0 ? e : { ...e, at: e.at + 30 })) };
    expect(compareWithOracle(late, durationSec, oracle, times).length).toBeGreaterThan(0);
    const loud: Program = { ...program, sets: program.sets.map((s) => ({ ...s, voices: s.voices.map((v) => ({ ...v, amp: v.amp * (1 + 2 * TOLERANCE.amp) })) })) };
    expect(compareWithOracle(loud, durationSec, oracle, times).some((m) => m.what === 'amplitude')).toBe(true);
    const pitched: Program = {
      ...program,
      sets: program.sets.map((s) => ({ ...s, voices: s.voices.map((v) => (v.kind === 'binaural' ? { ...v, carrier: v.carrier + 0.05 } : v)) })),
    };
    expect(compareWithOracle(pitched, durationSec, oracle, times).some((m) => m.what === 'carrier')).toBe(true);
  });

  // Audio: SBaGen+'s own WAV against Koru's render (no edge fades), ear by ear.
  const SPOT: { what: string; args: string[]; koru: () => { program: Program; durationSec: number }; at: number; left: number[]; right: number[] }[] = [
    {
      what: 'focus/wave-01.sbg (three steady tones, one binaural)',
      args: [path.join(CORPUS_DIR, 'focus', 'wave-01.sbg')],
      koru: () => parseSbg(readFileSync(path.join(CORPUS_DIR, 'focus', 'wave-01.sbg'), 'utf8')),
      at: 10,
      left: [100, 304, 500],
      right: [100, 300, 500],
    },
    {
      what: 'an isochronic tone, -i 300@10/40',
      args: ['-i', '300@10/40'],
      koru: () => ({ program: programFromImmediate(['300@10/40']), durationSec: 20 }),
      at: 5,
      left: [300],
      right: [300],
    },
  ];

  for (const spot of SPOT) {
    it(`renders like SBaGen+: ${spot.what}`, async () => {
      if ((await findSbagen()).binary === null) throw new Error('SBaGen+ binary could not be built');
      const LEN = 4, SR = 44100;
      const theirs = await renderSbagen(spot.args, spot.at + LEN, SR);
      const { program } = spot.koru();
      const ours = renderProgram(program, spot.at + LEN, { edgeFadeSec: 0, sampleRate: SR });
      const cut = (x: Float64Array) => x.subarray(spot.at * SR, (spot.at + LEN) * SR);
      for (const [mine, ref, freqs] of [[ours.L, theirs.L, spot.left], [ours.R, theirs.R, spot.right]] as const) {
        for (const f of freqs) {
          const [a, b] = [measureTone(cut(mine), SR, f - 1.5, f + 1.5), measureTone(cut(ref), SR, f - 1.5, f + 1.5)];
          expect(Math.abs(a - f), `Koru at ${f} Hz`).toBeLessThan(0.01);
          expect(Math.abs(b - f), `SBaGen+ at ${f} Hz`).toBeLessThan(0.01);
        }
        // Tones add the same way in both, so the levels agree to a fraction of a dB.
        const db = (x: Float64Array) => 20 * Math.log10(rms(cut(x)));
        expect(Math.abs(db(mine) - db(ref))).toBeLessThan(0.2);
      }
    }, 60_000);
  }
});
