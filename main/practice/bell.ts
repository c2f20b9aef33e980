/** The round's bell: one strike of the singing-bowl voice (main/audio/synth/bowl.ts, through the
 *  session renderer), mono. The page plays it as a small WAV; voiced practice lays it into the
 *  narration timeline as a segment file in the file store, written once per format version. */
import { createHash } from 'node:crypto';
import { BELL_MAX_SEC } from '../../contract/practice';
import type { Program } from '../../contract/program';
import { createSessionRenderer, type SegmentRef } from '../audio';
import { encodeWav16 } from '../providers';
import type { FileStore } from '../storage';

/** A bowl near G3: low enough to sit under a voice, with the bowl's beating partial pairs. */
export const BELL_FREQ = 196;
export const BELL_SEC = 6;
const BELL_RATE = 48_000;
const BELL_DECAY_SEC = 5;
const TAIL_FADE_SEC = 0.4;
/** Bump when the bell's sound changes, so an old file is never reused. */
const VERSION = 'bell-v1';

const BELL: Program = {
  sets: [{ name: 'bell', voices: [{ kind: 'bowl', freq: BELL_FREQ, amp: 0.8, strikeEvery: 0, decay: BELL_DECAY_SEC, slot: 0 }] }],
  timeline: [{ at: 0, set: 'bell', fadeIn: 'hold', fadeOut: 'hold', slide: false }],
  transitionSec: 0,
};

let cached: Float32Array | null = null;

/** The bell as mono Float32 at 48 kHz (computed once per process). */
export function bellSamples(): { samples: Float32Array; sampleRate: number } {
  if (!cached) {
    const frames = BELL_SEC * BELL_RATE;
    const r = createSessionRenderer(BELL, { sampleRate: BELL_RATE, durationSec: BELL_SEC + 1, edgeFadeSec: 0.002 });
    const stereo = new Float32Array(frames * 2);
    r.render(stereo, frames);
    const mono = new Float32Array(frames);
    const fade = Math.round(TAIL_FADE_SEC * BELL_RATE);
    for (let i = 0; i < frames; i++) {
      const g = i >= frames - fade ? (frames - i) / fade : 1;
      mono[i] = 0.5 * ((stereo[2 * i] as number) + (stereo[2 * i + 1] as number)) * g;
    }
    cached = mono;
  }
  return { samples: cached, sampleRate: BELL_RATE };
}

/** The bell as base64 WAV, for the page (contract: `practice.bell`). */
export function bellWav(): { wav: string; durationSec: number } {
  const a = bellSamples();
  const durationSec = Math.min(BELL_MAX_SEC, a.samples.length / a.sampleRate);
  return { wav: Buffer.from(encodeWav16(a)).toString('base64'), durationSec };
}

/** The bell as a segment file for the narration mixer (written on first use). */
export function bellRef(files: FileStore, index: number): SegmentRef {
  const a = bellSamples();
  const rel = `speech/${files.contentPath(createHash('sha256').update(`${VERSION}:${BELL_FREQ}:${BELL_SEC}:${a.sampleRate}`).digest('hex'), 'f32')}`;
  if (!files.exists(rel)) files.writeAtomic(rel, new Uint8Array(a.samples.buffer, a.samples.byteOffset, a.samples.byteLength));
  return { index, path: files.resolve(rel), sampleRate: a.sampleRate, samples: a.samples.length };
}
