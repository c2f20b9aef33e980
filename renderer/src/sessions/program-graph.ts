/**
 * What the program graph draws: each voice slot's carrier and beat over the session, sampled
 * from the same schedule the engine renders (contract/schedule.ts), so a slide, a glide through
 * a transition or a pitch change at a midpoint shows where it is heard.
 */
import { Program, type ProgramInput } from '../../../contract/program';
import { buildSchedule, placePeriods, valueAt, type PlacedPeriod } from '../../../contract/schedule';
import { SLOTS, type VoiceKind } from '../../../contract/voice';

/** A point of a line; y null where the slot is silent (a gap in the line). */
export interface GraphPoint {
  t: number;
  y: number | null;
}

export interface GraphLine {
  slot: number;
  /** e.g. "Slot 1 · binaural" */
  label: string;
  kind: VoiceKind;
  carrier: GraphPoint[];
  beat: GraphPoint[];
}

export interface ProgramGraph {
  durationSec: number;
  lines: GraphLine[];
  /** Upper ends of the two axes (Hz), rounded up to a readable step. */
  carrierMax: number;
  beatMax: number;
}

const KIND_LABEL: Record<VoiceKind, string> = {
  sine: 'sine', binaural: 'binaural', monaural: 'monaural', isochronic: 'isochronic', noise: 'noise',
  bowl: 'bowl', spin: 'spinning noise', mix: 'input audio', wave: 'custom wave',
};

/** Carrier and beat as plotted (Hz): a spin has no carrier, only its rate; noise has neither. */
function valuesOf(kind: VoiceKind, carr: number, res: number): [number | null, number | null] {
  switch (kind) {
    case 'sine':
    case 'bowl':
      return [carr, null];
    case 'binaural':
    case 'monaural':
    case 'wave':
    case 'isochronic':
      return [carr, Math.abs(res)];
    case 'spin':
      return [null, Math.abs(res)];
    default:
      return [null, null];
  }
}

/** 1, 2, 5 × 10ⁿ at or above x. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= x * (1 - 1e-12))!;
}

/**
 * Sample `program` over [0, durationSec] at `points` even times plus every period boundary
 * (so corners are exact). Returns null when the program does not validate yet.
 */
export function sampleProgramGraph(input: ProgramInput, durationSec: number, points = 240): ProgramGraph | null {
  const parsed = Program.safeParse(input);
  if (!parsed.success || !(durationSec > 0)) return null;
  const placed = placePeriods(buildSchedule(parsed.data), durationSec);
  const times = new Set<number>();
  for (let i = 0; i <= points; i++) times.add((durationSec * i) / points);
  for (const p of placed) {
    for (const t of [p.start, p.end]) if (t > 0 && t < durationSec) times.add(t);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const at = (t: number): PlacedPeriod => placed.find((p) => p.start <= t && t < p.end) ?? placed[placed.length - 1]!;
  const lines = new Map<number, GraphLine>();
  for (const t of sorted) {
    // A boundary belongs to the period it starts; its left limit is plotted too, so jumps show.
    const sides = placed.filter((p) => p.end === t || (p.start <= t && t < p.end));
    for (const side of sides.length ? sides : [at(t)]) {
      for (let slot = 0; slot < SLOTS; slot++) {
        const v = valueAt(side, slot, t);
        const [c, b] = v && v.amp > 0 ? valuesOf(v.voice.kind, v.carr, v.res) : [null, null];
        let line = lines.get(slot);
        if (!line && v && (c !== null || b !== null)) {
          line = { slot, label: `Slot ${slot + 1} · ${KIND_LABEL[v.voice.kind]}`, kind: v.voice.kind, carrier: [], beat: [] };
          lines.set(slot, line);
        }
        if (!line) continue;
        line.carrier.push({ t, y: c });
        line.beat.push({ t, y: b });
      }
    }
  }
  const all = [...lines.values()].sort((a, b) => a.slot - b.slot);
  const max = (pick: (l: GraphLine) => GraphPoint[]) => Math.max(0, ...all.flatMap((l) => pick(l).map((p) => p.y ?? 0)));
  return { durationSec, lines: all, carrierMax: niceCeil(max((l) => l.carrier)), beatMax: niceCeil(max((l) => l.beat)) };
}
