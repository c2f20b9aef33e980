/** The dub mixer: the original recording (read block by block from its decoded file, never
 *  whole in memory) with the voiced lines laid at their fitted starts. Under speech the original
 *  is ducked to `duckDb` with a smooth envelope, so music and ambience carry on; `dub-only`
 *  drops the original. The `original` track plays the recording alone (A/B). At the source's
 *  own rate it renders exactly the source's frames: the dub has the original's length to the
 *  sample. At another rate (live play on a 48 kHz device) the original is interpolated. */
import { closeSync, openSync, readSync } from 'node:fs';
import { KoruError } from '../../../contract/errors';
import type { ActiveTone, SessionRenderer } from '../types';
import { speechGain } from './narration-mixer';
import { resample, resampledLength } from './resample';

/** The decoded source: interleaved signed 16-bit little-endian, no header. */
export interface DubSourceRef {
  path: string;
  sampleRate: number;
  channels: number;
  frames: number;
}

/** A fitted line: raw mono Float32 little-endian at `sampleRate`, starting at `startSec`. */
export interface DubLineRef {
  path: string;
  sampleRate: number;
  samples: number;
  startSec: number;
}

export interface DubSpec {
  kind: 'dub';
  source: DubSourceRef;
  lines: DubLineRef[];
  track: 'original' | 'dub';
  mix: 'over' | 'dub-only';
  duckDb: number;
}

interface Line {
  ref: DubLineRef;
  /** First frame and length at the render rate. */
  start: number;
  length: number;
  /** At the render rate while the playhead is on or near it; null before and after. */
  samples: Float32Array | null;
  gain: number;
}

export interface DubRenderer extends SessionRenderer {
  /** Index of the line heard now, or null. */
  spoken(): number | null;
}

/** Ducking envelope: down quickly just before a line, back up gently after it. */
const ATTACK_SEC = 0.04;
const RELEASE_SEC = 0.3;
const LOOKAHEAD_SEC = 0.08;
const HANGOVER_SEC = 0.15;
const READ_FRAMES = 8192;

export function createDubRenderer(spec: DubSpec, sampleRate: number, readLine: (ref: DubLineRef) => Float32Array): DubRenderer {
  const src = spec.source;
  const ch = src.channels;
  const ratio = src.sampleRate / sampleRate; // source frames per output frame
  const total = ratio === 1 ? src.frames : Math.floor(src.frames / ratio);
  let fd: number | null = null;
  try {
    fd = openSync(src.path, 'r');
  } catch (err) {
    throw new KoruError('STORAGE', `The decoded original is missing from the data folder (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}); resume the dub to decode it again.`);
  }
  const withDub = spec.track === 'dub';
  const keepOriginal = !withDub || spec.mix === 'over';
  // Lines are read (and resampled, at another rate) when the playhead reaches them and let go
  // once it has passed: starting to play a long dub costs one line, not all of them, and
  // rendering two hours holds a few lines in memory, not two thousand.
  const lines: Line[] = withDub
    ? spec.lines.map((ref) => ({ ref, start: Math.round(ref.startSec * sampleRate), length: ref.sampleRate === sampleRate ? ref.samples : resampledLength(ref.samples, ref.sampleRate, sampleRate), samples: null, gain: 1 }))
    : [];
  lines.sort((a, b) => a.start - b.start);
  const heard = (ln: Line): Float32Array => {
    if (!ln.samples) {
      const raw = readLine(ln.ref);
      ln.samples = ln.ref.sampleRate === sampleRate ? raw : resample(raw, ln.ref.sampleRate, sampleRate);
      ln.gain = speechGain(raw);
    }
    return ln.samples;
  };
  const look = Math.round(LOOKAHEAD_SEC * sampleRate);
  const hang = Math.round(HANGOVER_SEC * sampleRate);
  const duck = 10 ** (spec.duckDb / 20);
  const attack = 1 - Math.exp(-1 / (ATTACK_SEC * sampleRate));
  const release = 1 - Math.exp(-1 / (RELEASE_SEC * sampleRate));

  let pos = 0;
  let env = 1;
  let endFade: { from: number; to: number } | null = null;
  let end = total;
  // Source frames read ahead, as Float32 interleaved, starting at source frame `bufFrom`.
  let buf = new Float32Array(0);
  let bufFrom = 0;
  let bufFrames = 0;
  const raw = Buffer.alloc(READ_FRAMES * ch * 2);

  /** Make source frames [a, b) available in `buf`. */
  function load(a: number, b: number): void {
    b = Math.min(b, src.frames);
    if (a >= bufFrom && b <= bufFrom + bufFrames) return;
    const n = Math.max(0, b - a);
    if (buf.length < n * ch) buf = new Float32Array(n * ch);
    let got = 0;
    while (got < n) {
      const want = Math.min(READ_FRAMES, n - got);
      const bytes = readSync(fd!, raw, 0, want * ch * 2, (a + got) * ch * 2);
      const frames = Math.floor(bytes / (ch * 2));
      for (let i = 0; i < frames * ch; i++) buf[got * ch + i] = raw.readInt16LE(i * 2) / 32768;
      got += frames;
      if (frames < want) break;
    }
    bufFrom = a;
    bufFrames = got;
  }

  function sourceAt(frame: number, c: number): number {
    if (ratio === 1) {
      const i = frame - bufFrom;
      return i >= 0 && i < bufFrames ? (buf[i * ch + Math.min(c, ch - 1)] as number) : 0;
    }
    const t = frame * ratio - bufFrom;
    const i = Math.floor(t);
    const f = t - i;
    const cc = Math.min(c, ch - 1);
    const a = i >= 0 && i < bufFrames ? (buf[i * ch + cc] as number) : 0;
    const b = i + 1 >= 0 && i + 1 < bufFrames ? (buf[(i + 1) * ch + cc] as number) : a;
    return a + f * (b - a);
  }

  /** First line whose window may still reach `frame`. */
  let cursor = 0;
  const renderer: DubRenderer = {
    sampleRate,
    get durationSec() {
      return end / sampleRate;
    },
    get positionSec() {
      return pos / sampleRate;
    },
    render(out, frames) {
      const n = Math.max(0, Math.min(frames, end - pos));
      out.fill(0, 0, frames * 2);
      if (n === 0) return 0;
      if (keepOriginal) load(Math.floor(pos * ratio), Math.ceil((pos + n) * ratio) + 2);
      while (cursor < lines.length && lines[cursor]!.start + lines[cursor]!.length + hang < pos) lines[cursor++]!.samples = null;
      for (let k = 0; k < n; k++) {
        const frame = pos + k;
        let sp = 0;
        let talking = false;
        for (let j = cursor; j < lines.length; j++) {
          const ln = lines[j]!;
          if (ln.start - look > frame) break;
          const i = frame - ln.start;
          if (i >= 0 && i < ln.length) {
            const x = heard(ln);
            if (i < x.length) sp += (x[i] as number) * ln.gain;
          }
          if (frame < ln.start + ln.length + hang) talking = true;
        }
        const target = talking ? duck : 1;
        env += (target - env) * (target < env ? attack : release);
        const stop = endFade && frame >= endFade.from ? Math.max(0, (endFade.to - frame) / (endFade.to - endFade.from)) : 1;
        const g = keepOriginal ? (withDub ? env : 1) : 0;
        out[2 * k] = stop * ((keepOriginal ? sourceAt(frame, 0) * g : 0) + sp);
        out[2 * k + 1] = stop * ((keepOriginal ? sourceAt(frame, 1) * g : 0) + sp);
      }
      pos += n;
      if (pos >= end && fd !== null) {
        closeSync(fd);
        fd = null;
      }
      return n;
    },
    seek(sec) {
      pos = Math.max(0, Math.min(end, Math.round(sec * sampleRate)));
      cursor = 0;
      for (const ln of lines) ln.samples = null;
      env = 1;
      if (fd === null && pos < end) fd = openSync(src.path, 'r');
    },
    active(): ActiveTone[] {
      return [];
    },
    endWithFade(sec) {
      const to = pos + Math.max(1, Math.round(sec * sampleRate));
      endFade = { from: pos, to };
      end = Math.min(end, to);
    },
    spoken() {
      for (let j = cursor; j < lines.length; j++) {
        const ln = lines[j]!;
        if (ln.start > pos) break;
        if (pos < ln.start + ln.length) return j;
      }
      return null;
    },
  };
  return renderer;
}

export const dubDurationSec = (spec: DubSpec) => spec.source.frames / spec.source.sampleRate;
