/**
 * The session renderer: walks the compiled segments block by block. Per sub-block (never
 * crossing a segment boundary or the end of a fade) it zeroes a Float64 mix buffer, lets each
 * voice add into it, then applies the gains (edge fade × seek declick × end fade) on the way to
 * the caller's Float32 block. Voice DSPs are keyed by track and survive segment changes (and
 * seeks), so their phases carry on.
 */
import { KoruError } from '../../../contract/errors';
import type { Program } from '../../../contract/program';
import type { ActiveTone, RenderOptions, SessionRenderer } from '../types';
import { compileProgram, paramsAt, type Segment, type SegmentVoice } from './compile';
import { createRamp, MAX_BLOCK_FRAMES, type Ramp, type VoiceDsp } from './dsp';
import { openMixSource } from './mix/store';
import { createVoiceDsp, describeVoice, type DspContext } from './voices';

/** Internal block; callers may ask for any number of frames. */
export const MAX_BLOCK = MAX_BLOCK_FRAMES;
/** A voice cut off while sounding (SBaGen stops a bell when its period ends) fades this fast. */
export const RELEASE_SEC = 0.02;
/** The longest a bowl rings on after its period. */
const RING_OUT_SEC = 60;
/** Fade out and back in around a seek, and the shortest end fade. */
export const DECLICK_SEC = 0.02;
const DEFAULT_SEED = 0x5eed;

interface Active {
  sv: SegmentVoice;
  dsp: VoiceDsp;
  ramp: Ramp;
}

/** A track whose segment ended while it still sounded: faded out, or a bowl left to ring. */
interface Releasing {
  dsp: VoiceDsp;
  ramp: Ramp;
  /** Frames since the release began, and frames it may still run. */
  k: number;
  left: number;
  ringing: boolean;
}

class Renderer implements SessionRenderer {
  readonly sampleRate: number;
  readonly durationSec: number;
  private readonly segs: Segment[];
  private readonly segStart: Float64Array;
  private readonly segEnd: Float64Array;
  private readonly total: number;
  private readonly ctx: DspContext;
  private readonly declick: number;
  private readonly mix = new Float64Array(MAX_BLOCK * 2);

  private pos = 0;
  private seg = 0;
  private voices: Active[] = [];
  private releasing: Releasing[] = [];
  private dsps = new Map<number, VoiceDsp>();
  private finished = false;
  // Seek declick: gain sg moving by sgStep for sgLeft more frames; then jump to pendingSeek.
  private sg = 1;
  private sgStep = 0;
  private sgLeft = 0;
  private pendingSeek: number | null = null;
  // End fade (endWithFade): gain eg, the session ends when egLeft reaches 0.
  private eg = 1;
  private egStep = 0;
  private egLeft = 0;
  private ending = false;

  constructor(program: Program, opts: RenderOptions) {
    const { sampleRate, durationSec } = opts;
    if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 384000) {
      throw new KoruError('BAD_INPUT', `sampleRate must be an integer 8000…384000, got ${sampleRate}`);
    }
    if (opts.seed !== undefined && !Number.isFinite(opts.seed)) {
      throw new KoruError('BAD_INPUT', `seed must be a number, got ${opts.seed}`);
    }
    this.segs = compileProgram(program, durationSec, { edgeFadeSec: opts.edgeFadeSec });
    this.sampleRate = sampleRate;
    this.durationSec = durationSec;
    this.total = Math.round(durationSec * sampleRate);
    this.ctx = { sampleRate, seed: (opts.seed ?? DEFAULT_SEED) | 0, mixSource: openMixSource(opts.mixFolder, program.mix?.asset) };
    this.declick = Math.max(1, Math.round(DECLICK_SEC * sampleRate));
    this.segStart = Float64Array.from(this.segs, (s) => Math.round(s.start * sampleRate));
    this.segEnd = Float64Array.from(this.segs, (s) => Math.round(s.end * sampleRate));
    this.enter(this.segmentAt(0), 0, false);
    if (this.total === 0) this.finished = true;
  }

  get positionSec(): number {
    return this.pos / this.sampleRate;
  }

  /** Index of the segment holding `frame` (segments are contiguous and in order). */
  private segmentAt(frame: number): number {
    let lo = 0, hi = this.segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segStart[mid]! <= frame) lo = mid;
      else hi = mid - 1;
    }
    // Skip segments that rounded to zero frames.
    while (lo < this.segs.length - 1 && this.segEnd[lo]! <= frame) lo++;
    return lo;
  }

  /** Make segment `idx` current at `frame`: reuse the DSP of every continuing track. */
  private enter(idx: number, frame: number, seeking: boolean): void {
    const seg = this.segs[idx]!;
    if (seeking) this.releasing = [];
    else this.release(seg, frame);
    this.seg = idx;
    const len = Math.max(1, this.segEnd[idx]! - this.segStart[idx]!);
    const dsps = new Map<number, VoiceDsp>();
    this.voices = seg.voices.map((sv) => {
      const dsp = this.dsps.get(sv.track) ?? createVoiceDsp(sv.dsp, sv.voice, this.ctx, sv.track);
      dsps.set(sv.track, dsp);
      if (sv.voice.kind === 'bowl') {
        dsp.configure?.(sv.strikeAt, sv.voice.strikeEvery, sv.voice.decay, frame);
        if (seeking) dsp.resync?.(frame);
      }
      const ramp = createRamp();
      const { from: a, to: b } = sv;
      ramp.amp0 = a.amp;
      ramp.dAmp = (b.amp - a.amp) / len;
      ramp.freq0 = a.freq;
      ramp.dFreq = (b.freq - a.freq) / len;
      ramp.beat0 = a.beat;
      ramp.dBeat = (b.beat - a.beat) / len;
      ramp.pan0 = a.pan;
      ramp.dPan = (b.pan - a.pan) / len;
      return { sv, dsp, ramp };
    });
    this.dsps = dsps;
  }

  /** Tracks of the current segment missing from `next` that still sound at `frame`. */
  private release(next: Segment, frame: number): void {
    const staying = new Set(next.voices.map((v) => v.track));
    for (const a of this.voices) {
      if (staying.has(a.sv.track)) continue;
      const k = frame - this.segStart[this.seg]!;
      const amp = a.ramp.amp0 + k * a.ramp.dAmp;
      if (!(amp > 1e-9)) continue;
      const ringing = a.sv.voice.kind === 'bowl';
      const left = ringing ? Math.round(RING_OUT_SEC * this.sampleRate) : Math.max(1, Math.round(RELEASE_SEC * this.sampleRate));
      const ramp = createRamp();
      ramp.amp0 = amp;
      ramp.dAmp = ringing ? 0 : -amp / left;
      ramp.freq0 = a.ramp.freq0 + k * a.ramp.dFreq;
      ramp.beat0 = a.ramp.beat0 + k * a.ramp.dBeat;
      ramp.pan0 = a.ramp.pan0 + k * a.ramp.dPan;
      // A bowl rings on but is not struck again.
      if (ringing && a.sv.voice.kind === 'bowl') a.dsp.configure?.(Infinity, 0, a.sv.voice.decay, frame);
      this.releasing.push({ dsp: a.dsp, ramp, k: 0, left, ringing });
    }
  }

  /** Add the releasing tracks' next n frames into the mix buffer. */
  private runReleases(n: number): void {
    this.releasing = this.releasing.filter((r) => {
      const m = Math.min(n, r.left);
      r.ramp.k0 = r.k;
      r.dsp.process(this.mix, 0, m, r.ramp, this.pos);
      r.k += m;
      r.left -= m;
      return r.left > 0 && !(r.ringing && r.dsp.silent?.());
    });
  }

  render(out: Float32Array, frames: number): number {
    if (!Number.isInteger(frames) || frames < 0 || out.length < frames * 2) {
      throw new KoruError('BAD_INPUT', `render: need an integer frame count and a block of ≥ 2×frames (frames ${frames}, block ${out.length})`);
    }
    const mix = this.mix;
    let written = 0;
    while (written < frames && !this.finished) {
      if (this.pos >= this.total) {
        this.finished = true;
        break;
      }
      const segIdx = this.seg;
      const s0 = this.segStart[segIdx]!;
      let n = Math.min(frames - written, MAX_BLOCK, this.segEnd[segIdx]! - this.pos, this.total - this.pos);
      if (this.sgLeft > 0) n = Math.min(n, this.sgLeft);
      if (this.egLeft > 0) n = Math.min(n, this.egLeft);

      mix.fill(0, 0, n * 2);
      const k0 = this.pos - s0;
      for (const a of this.voices) {
        a.ramp.k0 = k0;
        a.dsp.process(mix, 0, n, a.ramp, this.pos);
      }
      if (this.releasing.length) this.runReleases(n);

      // Gains: edge fade (linear in the segment) × seek declick × end fade.
      const seg = this.segs[segIdx]!;
      const gs = (seg.gainTo - seg.gainFrom) / Math.max(1, this.segEnd[segIdx]! - s0);
      const g0 = seg.gainFrom;
      const o = written * 2;
      if (gs === 0 && g0 === 1 && this.sgStep === 0 && this.sg === 1 && this.egStep === 0 && this.eg === 1) {
        // A typed-array copy (with the Float64 → Float32 conversion) beats a JS loop ~2×.
        out.set(n === MAX_BLOCK ? mix : mix.subarray(0, n * 2), o);
      } else {
        const sg = this.sg, sgStep = this.sgStep, eg = this.eg, egStep = this.egStep;
        for (let i = 0, j = 0; i < n; i++, j += 2) {
          const g = (g0 + (k0 + i) * gs) * (sg + i * sgStep) * (eg + i * egStep);
          out[o + j] = mix[j]! * g;
          out[o + j + 1] = mix[j + 1]! * g;
        }
      }
      this.pos += n;
      written += n;
      this.advanceFades(n);
      if (this.finished) break;
      if (this.pos >= this.segEnd[this.seg]! && this.seg < this.segs.length - 1) {
        this.enter(this.segmentAt(this.pos), this.pos, false);
      }
    }
    out.fill(0, written * 2, frames * 2);
    return written;
  }

  private advanceFades(n: number): void {
    if (this.sgLeft > 0) {
      this.sgLeft -= n;
      this.sg += n * this.sgStep;
      if (this.sgLeft === 0) {
        this.sgStep = 0;
        if (this.pendingSeek !== null) this.jump(this.pendingSeek);
        else this.sg = 1;
      }
    }
    if (this.egLeft > 0) {
      this.egLeft -= n;
      this.eg += n * this.egStep;
      if (this.egLeft === 0) {
        this.eg = 0;
        this.egStep = 0;
        this.finished = true;
      }
    }
  }

  /** Silent now (faded out): move, then fade back in. */
  private jump(frame: number): void {
    this.pendingSeek = null;
    this.pos = frame;
    this.sg = 0;
    if (frame >= this.total) {
      this.finished = true;
      return;
    }
    this.enter(this.segmentAt(frame), frame, true);
    this.sgStep = 1 / this.declick;
    this.sgLeft = this.declick;
  }

  seek(sec: number): void {
    if (!Number.isFinite(sec)) throw new KoruError('BAD_INPUT', `seek: not a number: ${sec}`);
    const frame = Math.round(Math.min(Math.max(sec, 0), this.durationSec) * this.sampleRate);
    if (this.finished) {
      if (this.ending) return; // endWithFade is final
      this.finished = false;
      this.jump(frame);
      return;
    }
    this.pendingSeek = frame;
    if (this.sgStep < 0) return; // already fading out: it will land on the new target
    // Fade out from wherever the declick gain is now, at the usual rate.
    const left = Math.max(1, Math.ceil(this.sg * this.declick));
    this.sgStep = -this.sg / left;
    this.sgLeft = left;
  }

  endWithFade(sec: number): void {
    if (!Number.isFinite(sec) || sec < 0) throw new KoruError('BAD_INPUT', `endWithFade: bad length ${sec}`);
    if (this.finished) return;
    const left = Math.max(this.declick, Math.round(sec * this.sampleRate));
    // A fade already under way that ends sooner wins.
    if (this.ending && this.egLeft <= left) return;
    this.ending = true;
    this.egStep = -this.eg / left;
    this.egLeft = left;
  }

  active(): ActiveTone[] {
    if (this.finished) return [];
    const seg = this.segs[this.seg]!;
    const t = this.pos / this.sampleRate;
    const out: ActiveTone[] = [];
    for (const { sv } of this.voices) {
      const p = paramsAt(seg, sv, t);
      if (p.amp > 0) out.push(...describeVoice(sv.voice, p));
    }
    return out;
  }
}

export function createSessionRenderer(program: Program, opts: RenderOptions): SessionRenderer {
  return new Renderer(program, opts);
}
