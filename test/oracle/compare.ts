/**
 * Koru's reading of a schedule against SBaGen+'s: the same voice slots compared at sampled
 * times — kind, carrier, beat and level — within the tolerances the parity test states.
 */
import type { Program } from '../../contract/program';
import type { Voice } from '../../contract/voice';
import { compileProgram, paramsAt, type Segment } from '../../main/audio/synth/compile';
import { oracleBoundaries, oraclePeriodAt, sampleOracle, type OracleSchedule } from './sbagen';

export const TOLERANCE = {
  /** Hz, for a value holding steady at that time in SBaGen+. */
  steadyHz: 0.01,
  /** Hz, for a value sliding at that time. */
  slideHz: 0.1,
  /** Relative level, and the absolute floor below which a level counts as silence. */
  amp: 0.01,
  silent: 1e-4,
};

/** SBaGen+'s voice type for a Koru voice (waves are −1…−100 there: any negative matches). */
function typOf(v: Voice): number {
  switch (v.kind) {
    case 'sine':
    case 'binaural':
      return 1;
    case 'noise':
      return { pink: 2, white: 9, brown: 10 }[v.color];
    case 'bowl':
      return 3;
    case 'spin':
      return { pink: 4, brown: 11, white: 12 }[v.color];
    case 'mix':
      return 5;
    case 'isochronic':
      return 8;
    case 'wave':
      return -1;
    case 'monaural':
      return 13;
  }
}

/** Which values SBaGen+ uses for a type: tones carrier+beat, spins width+rate, bells carrier. */
const usesCarrier = (typ: number) => typ === 1 || typ === 3 || typ === 4 || typ === 8 || typ === 11 || typ === 12 || typ < 0;
const usesRes = (typ: number) => typ === 1 || typ === 4 || typ === 8 || typ === 11 || typ === 12 || typ < 0;

export interface Mismatch {
  at: number;
  slot: number;
  what: string;
  koru: number | string;
  sbagen: number | string;
}

function koruSlotsAt(segs: Segment[], t: number): Map<number, { voice: Voice; amp: number; carr: number; res: number }> {
  const out = new Map<number, { voice: Voice; amp: number; carr: number; res: number }>();
  const seg = segs.find((s) => s.start <= t && t < s.end) ?? segs[segs.length - 1]!;
  for (const v of seg.voices) {
    const p = paramsAt(seg, v, t);
    out.set(v.slot, { voice: v.voice, amp: p.amp, carr: p.freq, res: p.beat });
  }
  return out;
}

/**
 * Times to compare over [0, sec): the middle and the quarter points of every SBaGen+ period
 * (so each fade and slide is caught mid-way), thinned to at most `max`, at least `min`.
 */
export function sampleTimes(s: OracleSchedule, sec: number, min = 12, max = 48): number[] {
  const b = [...oracleBoundaries(s, sec), sec];
  const inside: number[] = [];
  for (let i = 0; i < b.length - 1; i++) {
    const [t0, t1] = [Math.max(0, b[i]!), b[i + 1]!];
    if (t1 - t0 < 0.01) continue;
    for (const f of [0.25, 0.5, 0.75]) inside.push(t0 + (t1 - t0) * f);
  }
  for (let i = 0; i < min; i++) inside.push((sec * (i + 0.5)) / min);
  inside.sort((x, y) => x - y);
  if (inside.length <= max) return inside;
  const step = inside.length / max;
  return Array.from({ length: max }, (_, i) => inside[Math.floor(i * step)]!);
}

/** Every difference beyond tolerance between Koru's compiled program and SBaGen+'s periods. */
export function compareWithOracle(program: Program, durationSec: number, oracle: OracleSchedule, times: number[]): Mismatch[] {
  const segs = compileProgram(program, durationSec, { edgeFadeSec: 0 });
  const volume = oracle.opts.V / 100;
  const out: Mismatch[] = [];
  for (const t of times) {
    const koru = koruSlotsAt(segs, t);
    const theirs = sampleOracle(oracle, t);
    const { period } = oraclePeriodAt(oracle, t);
    for (let slot = 0; slot < 16; slot++) {
      const k = koru.get(slot);
      const o = theirs[slot];
      const oAmp = o ? o.amp * volume : 0;
      const kAmp = k?.amp ?? 0;
      const bad = (what: string, koruV: number | string, sbagenV: number | string) => out.push({ at: t, slot, what, koru: koruV, sbagen: sbagenV });
      if (oAmp <= TOLERANCE.silent && kAmp <= TOLERANCE.silent) continue;
      if (!k || !o) {
        bad('voice', k ? k.voice.kind : 'none', o ? `type ${o.typ}` : 'none');
        continue;
      }
      const typ = typOf(k.voice);
      if (typ !== o.typ && !(typ < 0 && o.typ < 0)) {
        bad('kind', k.voice.kind, `type ${o.typ}`);
        continue;
      }
      if (Math.abs(kAmp - oAmp) > Math.max(TOLERANCE.amp * oAmp, TOLERANCE.silent)) bad('amplitude', kAmp, oAmp);
      const v0 = period.v0[slot], v1 = period.v1[slot];
      const tol = (a?: number, b?: number) => (a !== undefined && b !== undefined && a !== b && o.typ !== 3 ? TOLERANCE.slideHz : TOLERANCE.steadyHz);
      // A bell's sign only flips its phase (SBaGen reads `bell-4000` as −4000 Hz).
      const oCarr = o.typ === 3 ? Math.abs(o.carr) : o.carr;
      if (usesCarrier(o.typ) && Math.abs(k.carr - oCarr) > tol(v0?.carr, v1?.carr)) bad('carrier', k.carr, oCarr);
      if (usesRes(o.typ) && Math.abs(k.res - o.res) > tol(v0?.res, v1?.res)) bad('beat', k.res, o.res);
    }
  }
  return out;
}
