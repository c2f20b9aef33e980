/** Reading the decoded original (headerless 16-bit, mono or stereo) in blocks: the stretches of
 *  speech between pauses, mono 16 kHz WAV excerpts for upload, and where a long recording can be
 *  cut (in a pause) so each piece fits a provider's upload limit. */
import { closeSync, openSync, readSync } from 'node:fs';
import type { DubSource } from '../../contract/dubbing';
import { FOR_RECOGNITION, resample } from '../audio';
import { encodeWav16 } from '../providers';

export interface Region {
  start: number;
  end: number;
}

/** Uploads are 16 kHz mono 16-bit WAV: what speech recognisers use, 32 kB a second. */
export const UPLOAD_RATE = 16_000;
const WAV_HEADER = 44;
const HOP_SEC = 0.02;
const BLOCK_FRAMES = 1 << 16;

/** Mono Float32 of frames [from, from + count). */
export function readMono(path: string, source: Pick<DubSource, 'channels' | 'frames'>, from: number, count: number): Float32Array {
  const ch = source.channels;
  const n = Math.max(0, Math.min(count, source.frames - from));
  const out = new Float32Array(n);
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(Math.min(n, BLOCK_FRAMES) * ch * 2);
    const pcm = new DataView(buf.buffer);
    const scale = 1 / (ch * 32768);
    for (let done = 0; done < n; ) {
      const want = Math.min(BLOCK_FRAMES, n - done);
      const got = Math.floor(readSync(fd, buf, 0, want * ch * 2, (from + done) * ch * 2) / (ch * 2));
      for (let i = 0; i < got; i++) {
        let s = 0;
        for (let c = 0; c < ch; c++) s += pcm.getInt16((i * ch + c) * 2, true);
        out[done + i] = s * scale;
      }
      done += got;
      if (got < want) break;
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** Loudness every 20 ms over the whole recording (one pass, block by block). */
export function loudness(path: string, source: Pick<DubSource, 'channels' | 'frames' | 'sampleRate'>): { hopSec: number; rms: Float32Array } {
  const hop = Math.max(1, Math.round(source.sampleRate * HOP_SEC));
  const rms = new Float32Array(Math.ceil(source.frames / hop));
  for (let from = 0; from < source.frames; from += hop * 1024) {
    const x = readMono(path, source, from, hop * 1024);
    for (let k = 0; k * hop < x.length; k++) {
      let s = 0;
      const end = Math.min(x.length, (k + 1) * hop);
      for (let i = k * hop; i < end; i++) s += x[i]! * x[i]!;
      rms[from / hop + k] = Math.sqrt(s / Math.max(1, end - k * hop));
    }
  }
  return { hopSec: hop / source.sampleRate, rms };
}

/** Stretches of sound separated by pauses of at least `minPauseSec`. The floor follows the
 *  recording: 12 dB above its quietest tenth (music under speech is not "speech" everywhere). */
export function speechRegions(l: { hopSec: number; rms: Float32Array }, minPauseSec = 0.3): Region[] {
  const sorted = Float32Array.from(l.rms).sort();
  const quiet = sorted[Math.floor(sorted.length * 0.1)] ?? 0;
  const loud = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
  const floor = Math.max(0.003, Math.min(quiet * 4, quiet + (loud - quiet) * 0.25));
  const out: Region[] = [];
  let start = -1;
  let gap = 0;
  const minGap = Math.round(minPauseSec / l.hopSec);
  l.rms.forEach((v, k) => {
    if (v > floor) {
      if (start < 0) start = k;
      gap = 0;
    } else if (start >= 0 && ++gap >= minGap) {
      out.push({ start: start * l.hopSec, end: (k - gap + 1) * l.hopSec });
      start = -1;
      gap = 0;
    }
  });
  if (start >= 0) out.push({ start: start * l.hopSec, end: (l.rms.length - gap) * l.hopSec });
  return out;
}

/** Longest excerpt (seconds) whose upload WAV fits `maxBytes`, with a margin for the form. */
export const maxUploadSec = (maxBytes: number) => Math.floor((maxBytes * 0.98 - WAV_HEADER - 4096) / (UPLOAD_RATE * 2));

/** Cuts [0, duration) into pieces no longer than `maxSec`, each cut in the middle of a pause
 *  (the longest pause in the last third of the piece), so no word is split. */
export function cutPoints(regions: readonly Region[], durationSec: number, maxSec: number): Region[] {
  const pieces: Region[] = [];
  let from = 0;
  while (durationSec - from > maxSec) {
    const limit = from + maxSec;
    let best: { at: number; len: number } | null = null;
    for (let i = 0; i + 1 < regions.length; i++) {
      const a = regions[i]!.end;
      const b = regions[i + 1]!.start;
      const mid = (a + b) / 2;
      if (mid <= from + maxSec / 3 || mid >= limit) continue;
      if (!best || b - a > best.len) best = { at: mid, len: b - a };
    }
    // No pause in range (one endless stretch of sound): cut at the limit.
    const at = best ? best.at : limit;
    pieces.push({ start: from, end: at });
    from = at;
  }
  pieces.push({ start: from, end: durationSec });
  return pieces;
}

/** A 16 kHz mono WAV of [startSec, endSec). */
export function uploadWav(path: string, source: DubSource, startSec: number, endSec: number): Uint8Array {
  const from = Math.max(0, Math.floor(startSec * source.sampleRate));
  const to = Math.min(source.frames, Math.ceil(endSec * source.sampleRate));
  const mono = readMono(path, source, from, to - from);
  return encodeWav16({ samples: source.sampleRate === UPLOAD_RATE ? mono : resample(mono, source.sampleRate, UPLOAD_RATE, FOR_RECOGNITION), sampleRate: UPLOAD_RATE });
}
