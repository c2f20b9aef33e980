/** The narration mixer: spoken segments laid over a tone bed, as a SessionRenderer the player can
 *  play and the export pipeline can render (rituals today; stories, dubbing and mantras next).
 *
 *  - The bed is the chosen preset's program, rendered by the session engine; it ducks under
 *    speech with a smooth envelope (attack before the words begin, a slow release after).
 *  - Segments are placed by `layoutTimeline`; a segment not yet synthesized is simply absent (the
 *    bed plays on). When its slot arrives and it still is not there, the rest of the timeline
 *    waits for it; when it arrives, the not-yet-started segments are re-placed with its real length.
 *  - The bed fades in at the start and out at the end; a stop (endWithFade) fades everything. */
import type { Program } from '../../../contract/program';
import { createSessionRenderer } from '../synth/renderer';
import type { ActiveTone, MonoAudio, SessionRenderer } from '../types';
import { resample } from './resample';
import { layoutTimeline, type Placement, type TimelineItem } from './timeline';

export interface NarrationMixerOptions {
  sampleRate: number;
  /** The requested length; the mix ends there unless the speech needs longer. */
  targetSec: number;
  /** One per narration segment: estimated length until `segmentReady`, and its pause. */
  items: TimelineItem[];
  /** The tone bed (a preset's program), or null for narration alone. */
  bed: Program | null;
  /** Narration-to-bed balance, 0 = bed only … 1 = narration only. */
  balance: number;
  leadInSec?: number;
  /** Start and end fade (default 3 s). */
  fadeSec?: number;
  /** Bed level under speech, dB (default −12). */
  duckDb?: number;
  attackSec?: number;
  releaseSec?: number;
  seed?: number;
  /** Longest the mix waits, in all, for segments that are late (default 300 s); after that the
   *  missing ones are skipped, so a failed job never leaves the bed playing forever. */
  maxHoldSec?: number;
  /** Tests may swap the bed renderer. */
  createBed?: (program: Program, opts: { sampleRate: number; durationSec: number; seed?: number; mixFolder?: string }) => SessionRenderer;
  /** Where audio the bed mixes in is stored. */
  mixFolder?: string;
}

/** A segment at the session rate that may still be filling (see `resampleGrowing`). */
export interface ReadySpeech extends MonoAudio {
  /** Samples valid so far; default all of them. */
  filled?: () => number;
  /** Level gain; default measured on `samples` (pass it when they are not all there yet). */
  gain?: number;
}

export interface NarrationMixer extends SessionRenderer {
  /** Add a synthesized segment (any rate: resampled here unless already at the session rate). */
  segmentReady(index: number, audio: ReadySpeech): void;
  /** Current start/end of every segment, seconds. */
  placements(): readonly Placement[];
  isReady(index: number): boolean;
  /** The segment heard at the current position, or null (bed only). */
  spoken(): number | null;
  /** Give up on every segment not synthesized yet (the job failed or was cancelled). */
  skipMissing(): void;
}

/** Narration is brought to about −20 dBFS RMS (peaks under −1 dBFS), whatever the provider. */
const TARGET_RMS = 0.1;
const PEAK = 0.89;

/** The gain that brings narration to the target level. Resampling barely moves RMS or peak, so
 *  it may be measured on the provider's samples before resampling. */
export function speechGain(x: Float32Array): number {
  let sum = 0;
  let peak = 0;
  for (const v of x) {
    sum += v * v;
    peak = Math.max(peak, Math.abs(v));
  }
  const r = Math.sqrt(sum / Math.max(1, x.length));
  if (r < 1e-6) return 1;
  return Math.min(TARGET_RMS / r, PEAK / peak);
}

export function normalizeSpeech(x: Float32Array): Float32Array {
  const g = speechGain(x);
  return g === 1 ? x : x.map((v) => v * g);
}

export function createNarrationMixer(o: NarrationMixerOptions): NarrationMixer {
  const sr = o.sampleRate;
  const items = o.items.map((it) => ({ ...it }));
  const audio: (Float32Array | null)[] = items.map(() => null);
  const gains: number[] = items.map(() => 1);
  const filledOf: ((() => number) | null)[] = items.map(() => null);
  const layoutOpts = { targetSec: o.targetSec, leadInSec: o.leadInSec ?? 4 };
  let plan = layoutTimeline(items, layoutOpts);
  let place: Placement[] = plan.placements;
  let starts = place.map((p) => Math.round(p.startSec * sr));
  let endFrame = Math.round(plan.durationSec * sr);
  const fadeFrames = Math.max(1, Math.round((o.fadeSec ?? 3) * sr));
  // Balance: both at full level in the middle, one fading out toward either end.
  const gNarr = Math.min(1, 2 * o.balance);
  const gBed = Math.min(1, 2 * (1 - o.balance));
  const duck = 10 ** ((o.duckDb ?? -12) / 20);
  const attack = 1 - Math.exp(-1 / ((o.attackSec ?? 0.12) * sr));
  const release = 1 - Math.exp(-1 / ((o.releaseSec ?? 0.8) * sr));
  const lookahead = Math.round(0.25 * sr); // start ducking a little before the first word
  const hangover = Math.round(0.3 * sr);
  // The bed runs longer than planned, so a ritual that grows (late or long segments) keeps it.
  const bed = o.bed
    ? (o.createBed ?? createSessionRenderer)(o.bed, { sampleRate: sr, durationSec: plan.durationSec + 600, ...(o.seed === undefined ? {} : { seed: o.seed }), ...(o.mixFolder === undefined ? {} : { mixFolder: o.mixFolder }) })
    : null;
  let bedBuf = new Float32Array(0);

  let pos = 0;
  let env = 1;
  let endFade: { from: number; to: number } | null = null;

  const skipped: boolean[] = items.map(() => false);
  const maxHold = Math.round((o.maxHoldSec ?? 300) * sr);
  let held = 0;
  const started = (i: number) => skipped[i] === true || (starts[i] ?? Infinity) <= pos;
  /** First segment that has not started yet. */
  const firstPending = () => {
    let f = 0;
    while (f < items.length && started(f)) f++;
    return f;
  };

  // Segments that arrive together (a whole mantra practice at once) are laid out once, before
  // the next thing that needs the layout, not once each.
  let dirty = false;
  function settle(): void {
    if (!dirty) return;
    dirty = false;
    relayout();
  }

  function relayout(firstStartSec?: number): void {
    dirty = false;
    const f = firstPending();
    if (f >= items.length) {
      endFrame = Math.max(Math.round(o.targetSec * sr), pos + fadeFrames);
      if (endFade) endFrame = Math.min(endFrame, endFade.to);
      return;
    }
    let j = f - 1;
    while (j >= 0 && skipped[j]) j--;
    const prev = j >= 0 ? place[j] : undefined;
    const lay = (first?: number) =>
      layoutTimeline(items, { ...layoutOpts, fromIndex: f, fromSec: prev ? prev.endSec : 0, ...(first === undefined ? {} : { firstStartSec: first }) });
    let next = lay(firstStartSec);
    // Its normal slot has already gone by (it was late): it starts now, the rest follows.
    if ((next.placements[0]?.startSec ?? Infinity) * sr < pos) next = lay(pos / sr);
    place = [...place.slice(0, f), ...next.placements];
    starts = place.map((p) => Math.round(p.startSec * sr));
    plan = next;
    endFrame = Math.round(next.durationSec * sr);
    if (endFade) endFrame = Math.min(endFrame, endFade.to);
  }

  /** Ready segments whose ducking window [start − lookahead, end + hangover) meets [from, to). */
  function near(from: number, to: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < items.length; i++) {
      const s = starts[i] as number;
      if (s - lookahead >= to) break;
      const x = audio[i];
      if (x && s + x.length + hangover > from) out.push(i);
    }
    return out;
  }

  const mixer: NarrationMixer = {
    sampleRate: sr,
    get durationSec() {
      settle();
      return endFrame / sr;
    },
    get positionSec() {
      return pos / sr;
    },

    render(out, frames) {
      settle();
      out.fill(0, 0, frames * 2);
      // A segment whose slot has come but that is not synthesized yet holds up the rest.
      const f = firstPending();
      if (f < items.length && !audio[f] && (starts[f] as number) <= pos + frames) {
        held += frames;
        if (held > maxHold) mixer.skipMissing();
        else relayout(Math.max(pos + frames, starts[f] as number) / sr + 0.05);
      }
      const n = Math.max(0, Math.min(frames, endFrame - pos));
      if (bed && n > 0) {
        if (bedBuf.length < n * 2) bedBuf = new Float32Array(n * 2);
        bedBuf.fill(0, 0, n * 2);
        bed.render(bedBuf, n);
      }
      const cand = near(pos, pos + n);
      // How much of each segment is valid (one still being resampled is read up to there only).
      const valid = cand.map((i) => filledOf[i]?.() ?? (audio[i] as Float32Array).length);
      for (let k = 0; k < n; k++) {
        const frame = pos + k;
        let sp = 0;
        let talking = false;
        for (let c = 0; c < cand.length; c++) {
          const i = cand[c] as number;
          const st = starts[i] as number;
          const x = audio[i] as Float32Array;
          const j = frame - st;
          if (j >= 0 && j < (valid[c] as number)) sp = (x[j] as number) * (gains[i] as number) * gNarr;
          if (frame >= st - lookahead && frame < st + x.length + hangover) talking = true;
        }
        const target = talking ? duck : 1;
        env += (target - env) * (target < env ? attack : release);
        // The edge fades shape the bed (words are never half-heard); a stop fades everything.
        let g = 1;
        if (frame < fadeFrames) g = frame / fadeFrames;
        if (frame > endFrame - fadeFrames) g = Math.min(g, (endFrame - frame) / fadeFrames);
        const stop = endFade && frame >= endFade.from ? Math.max(0, (endFade.to - frame) / (endFade.to - endFade.from)) : 1;
        const b = bed ? gBed * env * g : 0;
        out[2 * k] = stop * ((bedBuf[2 * k] ?? 0) * b + sp);
        out[2 * k + 1] = stop * ((bedBuf[2 * k + 1] ?? 0) * b + sp);
      }
      pos += n;
      return n;
    },

    seek(sec) {
      settle();
      pos = Math.max(0, Math.min(endFrame, Math.round(sec * sr)));
      bed?.seek(sec);
    },

    active(): ActiveTone[] {
      return bed ? bed.active() : [];
    },

    endWithFade(sec) {
      settle();
      const to = pos + Math.max(1, Math.round(sec * sr));
      endFade = { from: pos, to };
      endFrame = Math.min(endFrame, to);
    },

    segmentReady(index, a) {
      if (index < 0 || index >= items.length || audio[index]) return;
      const same = a.sampleRate === sr;
      const x = same ? a.samples : resample(a.samples, a.sampleRate, sr);
      audio[index] = x;
      gains[index] = a.gain ?? speechGain(x);
      filledOf[index] = same ? (a.filled ?? null) : null;
      (items[index] as TimelineItem).durationSec = x.length / sr;
      // Segments already playing keep their place; the rest move to fit the real length.
      if (!started(index)) dirty = true;
    },

    skipMissing() {
      items.forEach((it, i) => {
        if (!audio[i] && !started(i)) {
          skipped[i] = true;
          it.durationSec = 0;
          it.pauseAfterSec = 0;
        }
      });
      relayout();
    },

    placements: () => {
      settle();
      return place;
    },
    isReady: (i) => audio[i] != null,
    spoken() {
      settle();
      for (let i = 0; i < items.length; i++) {
        const s = starts[i] as number;
        if (s > pos) break;
        const x = audio[i];
        if (x && !skipped[i] && pos < s + x.length) return i;
      }
      return null;
    },
  };
  return mixer;
}
