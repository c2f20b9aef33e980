/**
 * The schedule compiler: a pure function from a Program's timeline to time segments in which
 * every voice's parameters move linearly (or hold). The renderer only ever interpolates.
 *
 * Voices are identified by a *track*: one oscillator whose state (phase, noise filter, bowl
 * ringing) persists for as long as the track lasts. A voice keeps its track across a boundary
 * when it glides into the voice at the same slot index of the next set (same kind, and for
 * noise the same colour); otherwise the old track fades out and a new one fades in.
 */
import { KoruError } from '../../../contract/errors';
import { formatIssues } from '../../../contract/issues';
import { Program, type Transition } from '../../../contract/program';
import type { Voice } from '../../../contract/voice';

/** The parameters that glide. Unused ones stay 0 (e.g. `beat` of a sine). */
export interface VoiceParams {
  amp: number;
  /** sine/bowl: frequency; binaural/monaural/isochronic: carrier; noise: 0 */
  freq: number;
  /** binaural/monaural: beat; isochronic: pulse rate */
  beat: number;
  /** sine only, −1…1 */
  pan: number;
}

export interface SegmentVoice {
  track: number;
  /** Static parameters (noise colour, bowl strike interval and decay) come from here. */
  voice: Voice;
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

/** Even with transitionSec = 0 a set change ramps over this long so amplitudes never step. */
export const MIN_TRANSITION_SEC = 0.01;
export const DEFAULT_EDGE_FADE_SEC = 3;

export function paramsOf(v: Voice): VoiceParams {
  switch (v.kind) {
    case 'sine':
      return { amp: v.amp, freq: v.freq, beat: 0, pan: v.pan };
    case 'binaural':
    case 'monaural':
      return { amp: v.amp, freq: v.carrier, beat: v.beat, pan: 0 };
    case 'isochronic':
      return { amp: v.amp, freq: v.carrier, beat: v.pulse, pan: 0 };
    case 'noise':
      return { amp: v.amp, freq: 0, beat: 0, pan: 0 };
    case 'bowl':
      return { amp: v.amp, freq: v.freq, beat: 0, pan: 0 };
  }
}

/** Two voices can share a track (glide into each other). */
export function canGlide(a: Voice, b: Voice): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'noise' || (b.kind === 'noise' && a.color === b.color);
}

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

interface Entry {
  start: number;
  end: number;
  voices: Voice[];
  fadeIn: Transition;
  fadeOut: Transition;
  slide: boolean;
}

const silent = (p: VoiceParams): VoiceParams => ({ ...p, amp: 0 });

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
  const setByName = new Map(p.sets.map((s) => [s.name, s.voices]));

  // 1. Entries that start inside the session; of several at the same instant the last wins.
  const entries: Entry[] = [];
  for (const e of p.timeline) {
    if (e.at >= D) break;
    const entry: Entry = {
      start: e.at,
      end: D,
      voices: setByName.get(e.set) ?? [],
      fadeIn: e.fadeIn,
      fadeOut: e.fadeOut,
      slide: e.slide,
    };
    if (entries.length > 0 && entries[entries.length - 1]!.start === e.at) entries[entries.length - 1] = entry;
    else entries.push(entry);
  }
  // Silence until the first entry: an empty set that the first one fades in from.
  if (entries.length === 0 || entries[0]!.start > 0) {
    entries.unshift({ start: 0, end: D, voices: [], fadeIn: 'fade', fadeOut: 'fade', slide: false });
  }
  for (let i = 0; i < entries.length - 1; i++) entries[i]!.end = entries[i + 1]!.start;
  const last = entries[entries.length - 1]!;
  last.slide = false; // nothing to slide into: it holds until the end

  // 2. Transition lengths, silence flags and tracks, per boundary i (between i−1 and i).
  const trans: number[] = [0];
  const silence: boolean[] = [false];
  const tracks: number[][] = [];
  let nextTrack = 0;
  tracks.push(entries[0]!.voices.map(() => nextTrack++));
  for (let i = 1; i < entries.length; i++) {
    const prev = entries[i - 1]!;
    const cur = entries[i]!;
    const viaSilence = !prev.slide && (prev.fadeOut === 'silence' || cur.fadeIn === 'silence');
    silence.push(viaSilence);
    // A slide already arrives at this set, so there is no separate transition.
    const T = prev.slide
      ? 0
      : Math.min(Math.max(p.transitionSec, MIN_TRANSITION_SEC), (prev.end - prev.start) / 2, (cur.end - cur.start) / 2);
    trans.push(T);
    const prevTracks = tracks[i - 1]!;
    tracks.push(
      cur.voices.map((v, j) => {
        const pv = prev.voices[j];
        return !viaSilence && pv && canGlide(pv, v) ? prevTracks[j]! : nextTrack++;
      }),
    );
  }
  // A bowl's strike schedule starts once its set has fully faded in.
  const origin = entries.map((e, i) => e.start + trans[i]!);

  // 3. Segments.
  const segs: Segment[] = [];
  const push = (start: number, end: number, voices: SegmentVoice[]): void => {
    if (end > start) segs.push({ start, end, gainFrom: 1, gainTo: 1, voices });
  };
  for (let i = 0; i < entries.length; i++) {
    const cur = entries[i]!;
    const curTracks = tracks[i]!;
    const T = trans[i]!;
    const bodyStart = cur.start + T;
    if (T > 0) {
      const prev = entries[i - 1]!;
      const prevTracks = tracks[i - 1]!;
      const leaving = (j: number, v: Voice): SegmentVoice => ({
        track: prevTracks[j]!,
        voice: v,
        from: paramsOf(v),
        to: silent(paramsOf(v)),
        strikeAt: origin[i - 1]!,
      });
      const arriving = (j: number, v: Voice): SegmentVoice => ({
        track: curTracks[j]!,
        voice: v,
        from: silent(paramsOf(v)),
        to: paramsOf(v),
        strikeAt: origin[i]!,
      });
      if (silence[i]) {
        // Old set down to silence over the first half, new one up from silence over the second.
        const mid = cur.start + T / 2;
        push(cur.start, mid, prev.voices.map((v, j) => leaving(j, v)));
        push(mid, bodyStart, cur.voices.map((v, j) => arriving(j, v)));
      } else {
        const voices: SegmentVoice[] = prev.voices.map((v, j) => {
          const k = curTracks.indexOf(prevTracks[j]!);
          const into = k >= 0 ? cur.voices[k] : undefined;
          // 'fade' and 'hold' both glide matching voices; the rest cross-fade.
          return into
            ? { track: prevTracks[j]!, voice: v, from: paramsOf(v), to: paramsOf(into), strikeAt: origin[i - 1]! }
            : leaving(j, v);
        });
        cur.voices.forEach((v, j) => {
          if (!prevTracks.includes(curTracks[j]!)) voices.push(arriving(j, v));
        });
        push(cur.start, bodyStart, voices);
      }
    }
    const next = cur.slide ? entries[i + 1] : undefined;
    if (next) {
      // Slide: glide the whole period into the next set; unmatched voices cross-fade across it.
      const nextTracks = tracks[i + 1]!;
      const voices: SegmentVoice[] = cur.voices.map((v, j) => {
        const k = nextTracks.indexOf(curTracks[j]!);
        const into = k >= 0 ? next.voices[k] : undefined;
        return {
          track: curTracks[j]!,
          voice: v,
          from: paramsOf(v),
          to: into ? paramsOf(into) : silent(paramsOf(v)),
          strikeAt: origin[i]!,
        };
      });
      next.voices.forEach((v, j) => {
        if (!curTracks.includes(nextTracks[j]!)) {
          voices.push({ track: nextTracks[j]!, voice: v, from: silent(paramsOf(v)), to: paramsOf(v), strikeAt: origin[i + 1]! });
        }
      });
      push(bodyStart, cur.end, voices);
    } else {
      push(
        bodyStart,
        cur.end,
        cur.voices.map((v, j) => ({ track: curTracks[j]!, voice: v, from: paramsOf(v), to: paramsOf(v), strikeAt: origin[i]! })),
      );
    }
  }

  // 4. Edge fades: split at E and D − E so the gain is linear inside every segment.
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
