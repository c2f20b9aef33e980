/** What to render, as plain data. The live audio engine and the export workers run in threads
 *  of their own, so they receive this description (never a renderer object, never megabytes of
 *  samples) and build the renderer themselves; speech segments travel as paths to the files the
 *  segment cache already wrote. */
import { readFileSync } from 'node:fs';
import { KoruError } from '../../contract/errors';
import type { Program } from '../../contract/program';
import { createNarrationMixer, speechGain, type NarrationMixer, type ReadySpeech } from './mix/narration-mixer';
import { createDubRenderer, type DubSpec } from './mix/dub-mixer';
import { resample, resampleGrowing } from './mix/resample';
import type { TimelineItem } from './mix/timeline';
import { createSessionRenderer } from './synth/renderer';
import type { MonoAudio, SessionRenderer } from './types';

/** A voiced segment on disk: raw mono Float32 little-endian at `sampleRate`. */
export interface SegmentRef {
  index: number;
  path: string;
  sampleRate: number;
  samples: number;
}

export interface ProgramSpec {
  kind: 'program';
  program: Program;
  durationSec: number;
  seed?: number;
  /** Fade at the very start and end (default 3 s). */
  edgeFadeSec?: number;
  /** Where audio the program mixes in is stored. */
  mixFolder?: string;
}

export interface NarrationSpec {
  kind: 'narration';
  /** The tone bed (a preset's program), or null for speech alone. */
  bed: Program | null;
  targetSec: number;
  /** One per segment: its length (estimated until voiced) and the pause after it. */
  items: TimelineItem[];
  /** Narration-to-bed balance, 0 = bed only … 1 = narration only. */
  balance: number;
  leadInSec?: number;
  seed?: number;
  /** Where audio the bed mixes in is stored. */
  mixFolder?: string;
  /** Segments voiced so far. */
  segments: SegmentRef[];
  /** More segments will follow through `addSegment` (a ritual still being voiced); when false,
   *  a segment that is not here is never coming and the mix closes up around it. */
  open: boolean;
}

export type RenderSpec = ProgramSpec | NarrationSpec | DubSpec;

/** A renderer built from a spec; narration ones accept segments as they are voiced. */
export interface SpecRenderer extends SessionRenderer {
  /** Narration: the segment heard at the current position (null for programs and between words). */
  spoken(): number | null;
  addSegment(ref: SegmentRef): void;
  /** No more segments will come: skip the missing ones. */
  closeSegments(): void;
}

/** Reads a segment file written by the segment cache (copied into an aligned buffer). */
export function readSegment(ref: SegmentRef): MonoAudio {
  let bytes: Buffer;
  try {
    bytes = readFileSync(ref.path);
  } catch (err) {
    throw new KoruError('STORAGE', `A voiced segment is missing from the data folder (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}); resume to voice it again.`, { path: ref.path });
  }
  if (bytes.length !== ref.samples * 4) throw new KoruError('STORAGE', 'A voiced segment in the data folder is damaged; resume to voice it again.', { path: ref.path });
  const samples = new Float32Array(ref.samples);
  new Uint8Array(samples.buffer).set(bytes);
  return { samples, sampleRate: ref.sampleRate };
}

export interface SpecRendererOptions {
  /** Resample segments in slices between blocks (live play) rather than all at once (export). */
  growing?: boolean;
  onError?: (err: unknown) => void;
}

export function createSpecRenderer(spec: RenderSpec, sampleRate: number, opts: SpecRendererOptions = {}): SpecRenderer {
  if (spec.kind === 'dub') {
    const r = createDubRenderer(spec, sampleRate, (ref) => readSegment({ index: 0, path: ref.path, sampleRate: ref.sampleRate, samples: ref.samples }).samples);
    return Object.assign(r, { addSegment: () => undefined, closeSegments: () => undefined });
  }
  if (spec.kind === 'program') {
    const r = createSessionRenderer(spec.program, {
      sampleRate,
      durationSec: spec.durationSec,
      ...(spec.seed === undefined ? {} : { seed: spec.seed }),
      ...(spec.edgeFadeSec === undefined ? {} : { edgeFadeSec: spec.edgeFadeSec }),
      ...(spec.mixFolder === undefined ? {} : { mixFolder: spec.mixFolder }),
    });
    return Object.assign(r, { addSegment: () => undefined, closeSegments: () => undefined, spoken: () => null });
  }
  const mixer: NarrationMixer = createNarrationMixer({
    sampleRate,
    targetSec: spec.targetSec,
    items: spec.items,
    bed: spec.bed,
    balance: spec.balance,
    ...(spec.leadInSec === undefined ? {} : { leadInSec: spec.leadInSec }),
    ...(spec.seed === undefined ? {} : { seed: spec.seed }),
    ...(spec.mixFolder === undefined ? {} : { mixFolder: spec.mixFolder }),
  });
  let closed = false;
  // A segment file heard many times (a mantra, a bell) is read, measured and resampled once.
  const ready = new Map<string, ReadySpeech>();

  function prepare(ref: SegmentRef): ReadySpeech | null {
    let audio: MonoAudio;
    try {
      audio = readSegment(ref);
    } catch (err) {
      opts.onError?.(err);
      return null;
    }
    const gain = speechGain(audio.samples);
    if (!opts.growing || audio.sampleRate === sampleRate) {
      const samples = audio.sampleRate === sampleRate ? audio.samples : resample(audio.samples, audio.sampleRate, sampleRate);
      return { samples, sampleRate, gain };
    }
    // Handed over as soon as its head is resampled: narration starts while the rest is computed.
    const g = resampleGrowing(audio.samples, audio.sampleRate, sampleRate);
    g.done.catch((err: unknown) => opts.onError?.(err));
    return { samples: g.samples, sampleRate, filled: g.filled, gain };
  }

  function add(ref: SegmentRef): void {
    let speech = ready.get(ref.path);
    if (!speech) {
      const made = prepare(ref);
      if (!made) return;
      ready.set(ref.path, (speech = made));
    }
    mixer.segmentReady(ref.index, speech);
  }

  for (const ref of spec.segments) add(ref);
  if (!spec.open) mixer.skipMissing();

  return Object.assign(mixer, {
    addSegment(ref: SegmentRef) {
      if (!closed) add(ref);
    },
    closeSegments() {
      if (closed) return;
      closed = true;
      mixer.skipMissing();
    },
  });
}
