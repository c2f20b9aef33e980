/**
 * The schedule compiler: a pure function from a Program to time segments in which every voice's
 * parameters move linearly (or hold). The timing rules are SBaGen's (contract/schedule.ts); this
 * lays its periods out on the session's time line, assigns tracks and adds the edge fades. The
 * renderer only ever interpolates.
 *
 * Voices are identified by a *track*: one oscillator whose state (phase, noise filter, bowl
 * ringing) persists for as long as the track lasts. A track lasts while its slot keeps a voice of
 * the same class from one period to the next (SBaGen resets a channel when its type changes).
 */
import { KoruError } from '../../../contract/errors';
import { formatIssues } from '../../../contract/issues';
import { Program } from '../../../contract/program';
import { buildSchedule, placePeriods, valueAt, type SlotValue } from '../../../contract/schedule';
import { SLOTS, type Voice, type VoiceKind } from '../../../contract/voice';

export { MIN_TRANSITION_SEC } from '../../../contract/schedule';

/** The parameters that glide. Unused ones stay 0 (e.g. `beat` of a sine). */
export interface VoiceParams {
  amp: number;
  /** sine/bowl: frequency; binaural/monaural/isochronic/wave: carrier; spin: width (µs); else 0 */
  freq: number;
  /** binaural/monaural/wave: beat; isochronic: pulse rate; spin: rate; else 0 */
  beat: number;
  /** sine only, −1…1 */
  pan: number;
}

export interface SegmentVoice {
  track: number;
  /** The SBaGen channel it plays in (−1: the input audio heard with no mix voice). */
  slot: number;
  /** Static parameters (noise colour, bowl strike interval and decay, waveform) come from here. */
  voice: Voice;
  /** The oscillator the whole track runs on (a sine that glides into a binaural runs on one). */
  dsp: VoiceKind;
  from: VoiceParams;
  to: VoiceParams;
  /** Bowl: its strikes fall at strikeAt + k·strikeEvery (only at strikeAt when strikeEvery = 0). */
  strikeAt: number;
}

export interface Segment {
  start: number;
  end: number;
  /** Session edge-fade gain at start and end (linear in between). */
  gainFrom: number;
  gainTo: number;
  voices: SegmentVoice[];
}

export interface CompileOptions {
  /** Fade at the very start and end of the session (default 3 s, at most a quarter of it). */
  edgeFadeSec?: number;
}

export const DEFAULT_EDGE_FADE_SEC = 3;

const paramsOf = (v: SlotValue): VoiceParams => ({ amp: v.amp, freq: v.carr, beat: v.res, pan: v.pan });

function lerpParams(a: VoiceParams, b: VoiceParams, f: number): VoiceParams {
  return {
    amp: a.amp + (b.amp - a.amp) * f,
    freq: a.freq + (b.freq - a.freq) * f,
    beat: a.beat + (b.beat - a.beat) * f,
    pan: a.pan + (b.pan - a.pan) * f,
  };
}

/** A voice's parameters at time t inside its segment. */
export function paramsAt(seg: Segment, v: SegmentVoice, t: number): VoiceParams {
  const len = seg.end - seg.start;
  const f = len > 0 ? Math.min(1, Math.max(0, (t - seg.start) / len)) : 0;
  return lerpParams(v.from, v.to, f);
}

/** The edge-fade gain of a segment at time t. */
export function gainAt(seg: Segment, t: number): number {
  const len = seg.end - seg.start;
  const f = len > 0 ? Math.min(1, Math.max(0, (t - seg.start) / len)) : 0;
  return seg.gainFrom + (seg.gainTo - seg.gainFrom) * f;
}

/** The session's input plays at full level when no tone-set says how loud (SBaGen's rule). */
const FULL_MIX: Voice = { kind: 'mix', amp: 1 };

export function compileProgram(program: Program, durationSec: number, opts: CompileOptions = {}): Segment[] {
  // Parse again: it applies the defaults and keeps a hand-built program from slipping through.
  const parsed = Program.safeParse(program);
  if (!parsed.success) {
    const { message, details } = formatIssues(parsed.error);
    throw new KoruError('BAD_INPUT', `invalid program: ${message}`, details);
  }
  const p = parsed.data;
  if (!Number.isFinite(durationSec) || durationSec <= 0) {
    throw new KoruError('BAD_INPUT', `durationSec must be a positive number, got ${durationSec}`);
  }
  const edge = opts.edgeFadeSec ?? DEFAULT_EDGE_FADE_SEC;
  if (!Number.isFinite(edge) || edge < 0) {
    throw new KoruError('BAD_INPUT', `edgeFadeSec must be ≥ 0, got ${edge}`);
  }
  const D = durationSec;
  const placed = placePeriods(buildSchedule(p), D);
  const fullMix = p.mix && !p.sets.some((s) => s.voices.some((v) => v.kind === 'mix')) ? 0 : -1;

  // 1. A segment per period, a track per run of one class in one slot.
  const segs: Segment[] = [];
  let nextTrack = fullMix + 1;
  const runCls: (string | null)[] = Array.from({ length: SLOTS }, () => null);
  const runTrack: number[] = Array.from({ length: SLOTS }, () => -1);
  /** Per track: where its strikes count from, and whether a tone period set that yet. */
  const origin = new Map<number, { at: number; fromTone: boolean }>();
  for (const pp of placed) {
    const start = Math.max(0, pp.start);
    const end = Math.min(D, pp.end);
    if (!(end > start)) continue;
    const voices: SegmentVoice[] = [];
    for (let a = 0; a < SLOTS; a++) {
      const v0 = pp.period.v0[a];
      if (!v0) {
        runCls[a] = null;
        continue;
      }
      if (runCls[a] !== v0.cls) {
        runCls[a] = v0.cls;
        runTrack[a] = nextTrack++;
        origin.set(runTrack[a]!, { at: start, fromTone: false });
      }
      const track = runTrack[a]!;
      const o = origin.get(track)!;
      if (pp.period.role === 'tone' && !o.fromTone) origin.set(track, { at: start, fromTone: true });
      voices.push({
        track,
        slot: a,
        voice: v0.voice,
        dsp: v0.voice.kind,
        from: paramsOf(valueAt(pp, a, start)!),
        to: paramsOf(valueAt(pp, a, end)!),
        // A bell rings as its period begins; a repeating bowl counts from its run (fixed below).
        strikeAt: Math.max(0, pp.start),
      });
    }
    if (fullMix === 0) {
      const full = { amp: 1, freq: 0, beat: 0, pan: 0 };
      voices.push({ track: 0, slot: -1, voice: FULL_MIX, dsp: 'mix', from: full, to: full, strikeAt: 0 });
    }
    segs.push({ start, end, gainFrom: 1, gainTo: 1, voices });
  }

  // 2. Per track: one oscillator for the whole run, and the bowl strike origin.
  const binauralTracks = new Set<number>();
  for (const s of segs) for (const v of s.voices) if (v.voice.kind === 'binaural' || v.from.beat !== 0 || v.to.beat !== 0) binauralTracks.add(v.track);
  for (const s of segs) {
    for (const v of s.voices) {
      if (v.voice.kind === 'sine' && binauralTracks.has(v.track)) v.dsp = 'binaural';
      if (v.voice.kind === 'bowl' && v.voice.strikeEvery > 0) v.strikeAt = origin.get(v.track)!.at;
    }
  }
  return withEdgeFades(segs, D, edge);
}

/** Edge fades: split at E and D − E so the gain is linear inside every segment. */
function withEdgeFades(segs: Segment[], D: number, edge: number): Segment[] {
  const E = Math.min(edge, D / 4);
  if (E <= 0) return segs;
  const gain = (t: number): number => Math.max(0, Math.min(1, t / E, (D - t) / E));
  const out: Segment[] = [];
  for (const s of segs) {
    let cur = s;
    for (const cut of [E, D - E]) {
      if (cut > cur.start && cut < cur.end) {
        out.push(splitHead(cur, cut));
        cur = splitTail(cur, cut);
      }
    }
    out.push(cur);
  }
  for (const s of out) {
    s.gainFrom = gain(s.start);
    s.gainTo = gain(s.end);
  }
  return out;
}

function splitHead(s: Segment, t: number): Segment {
  return { ...s, end: t, voices: s.voices.map((v) => ({ ...v, to: paramsAt(s, v, t) })) };
}

function splitTail(s: Segment, t: number): Segment {
  return { ...s, start: t, voices: s.voices.map((v) => ({ ...v, from: paramsAt(s, v, t) })) };
}
